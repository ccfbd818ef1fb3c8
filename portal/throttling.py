"""Who is calling, and how often. The client's address is REMOTE_ADDR unless NUM_PROXIES trusted proxies stand in
front (then the address the nearest of them saw in X-Forwarded-For): an address the client writes itself must not
pick its own rate-limit bucket or lockout. Rate limits count in the cache (Redis); when the cache is down they
fail open — the request is served and the outage logged — rather than turning every calculator into a 500."""

import logging

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.throttling import ScopedRateThrottle

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The caller's address as the rate limits and the sign-in lockout (AXES_CLIENT_IP_CALLABLE) count it."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


class PortalRateThrottle(ScopedRateThrottle):
    """DRF's scoped rate (the view's ``throttle_scope``) counted per client_ip, open when the cache is down."""

    def get_ident(self, request) -> str:
        return client_ip(request)

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as exc:
            logger.warning("rate limit %s not applied: the cache is unavailable (%s)", self.scope, exc)
            return True
