"""Who is calling, and how often. The client's address is REMOTE_ADDR unless NUM_PROXIES trusted proxies stand in
front (then the address the nearest of them saw in X-Forwarded-For): an address the client writes itself must not
pick its own rate-limit bucket or lockout. Rate limits count in the cache (Redis); when the cache is down they
fail open — the request is served and the outage logged — rather than turning every calculator into a 500."""

import logging

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.throttling import ScopedRateThrottle

from portal.shared_cache import count_hit

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
    """The view's ``throttle_scope`` rate counted per client_ip, open when the cache is down.

    A sliding-window counter: the requests of the current window plus the part of the previous window's that
    still lies within one duration. Constant work per request whatever the rate (DRF's own throttle keeps and
    rewrites every timestamp of the window: O(rate) per request once a limit is raised)."""

    def get_ident(self, request) -> str:
        return client_ip(request)

    def allow_request(self, request, view) -> bool:
        try:
            return self._allow(request, view)
        except (RedisError, OSError) as exc:
            logger.warning("rate limit %s not applied: the cache is unavailable (%s)", self.scope, exc)
            return True

    def _allow(self, request, view) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = None if self.rate is None else self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, into = divmod(self.now, self.duration)
        count, previous = count_hit(f"{self.key}:{int(window)}", f"{self.key}:{int(window) - 1}", self.duration * 2)
        self.window_end = (window + 1) * self.duration
        estimate = previous * (1 - into / self.duration) + count
        return estimate <= self.num_requests

    def wait(self) -> float:
        return max(self.window_end - self.now, 1)
