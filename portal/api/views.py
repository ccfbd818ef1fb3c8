from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from portal import selectors
from portal.models import Company, CounsellingUnit

from .permissions import RulesPermission
from .serializers import (
    CompanySerializer,
    CounsellingUnitSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)


class CompanyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Companies the caller may see: its own (applicant) or all (programme office)."""

    serializer_class = CompanySerializer
    queryset = Company.objects.none()
    permission_classes = [RulesPermission]

    def get_queryset(self):
        search = self.request.query_params.get("search", "")
        return selectors.companies_for_user(user=self.request.user, search=search).prefetch_related("contacts")


class CounsellingUnitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The directory of counselling units and their qualification registrations."""

    serializer_class = CounsellingUnitSerializer
    queryset = CounsellingUnit.objects.none()
    permission_classes = [RulesPermission]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.units_for_user(
            user=self.request.user, search=params.get("search", ""), category=params.get("category", "")
        )


class MeView(GenericAPIView):
    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response(self.get_serializer(request.user).data)


class TokenView(APIView):
    """Exchange email and password for an API token (locked after repeated failures)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
