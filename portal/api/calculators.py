"""The base of the public calculators (spec/api.md): anonymous, rate-limited, storing nothing."""

from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from portal.throttling import PortalRateThrottle


class CalculatorAPIView(APIView):
    """Anyone may call it, at the ``calculator`` rate (CALCULATOR_RATE). No authentication is run, so a bad
    token or session cannot turn a public answer into a 401; a calculator whose answer depends on the caller
    (staff see draft editions) sets ``authentication_classes = APIView.authentication_classes`` again."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [PortalRateThrottle]
    throttle_scope = "calculator"
    audit_stores_nothing = True  # no audit context (portal/audit/middleware.py): nothing is written

    def validated(self, serializer_class, **context) -> dict:
        """The request body validated by ``serializer_class``; a 400 with field messages otherwise."""
        serializer = serializer_class(data=self.request.data, context={"request": self.request, **context})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
