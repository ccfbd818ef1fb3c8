from rest_framework.authentication import TokenAuthentication

from portal.audit import audit_actor_update


class AuditedTokenAuthentication(TokenAuthentication):
    """Token authentication happens after the middleware opened the audit context: name the actor."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            audit_actor_update(result[0])
        return result
