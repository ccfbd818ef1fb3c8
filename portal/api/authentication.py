import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from portal.audit import audit_actor_update


def token_expired(token) -> bool:
    """Issued more than API_TOKEN_DAYS ago: it no longer authenticates (ask POST /auth/token/ for a new one)."""
    return token.created < timezone.now() - datetime.timedelta(days=settings.API_TOKEN_DAYS)


class AuditedTokenAuthentication(TokenAuthentication):
    """Token authentication happens after the middleware opened the audit context: name the actor. A token
    expires API_TOKEN_DAYS after it was issued."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed(_("The token has expired. Ask for a new one."))
        return user, token

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            audit_actor_update(result[0])
        return result
