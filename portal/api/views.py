from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import calendar, selectors, services
from portal.models import Company, CounsellingUnit
from portal.throttling import PortalRateThrottle

from .authentication import token_expired
from .calculators import CalculatorAPIView
from .permissions import RulesPermission
from .serializers import (
    CompanySerializer,
    CounsellingUnitSerializer,
    DeadlineQuerySerializer,
    DeadlineSerializer,
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
    throttle_classes = [PortalRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if token_expired(token):  # a new one, valid for API_TOKEN_DAYS
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})


class DeadlineView(CalculatorAPIView):
    """The due day of a deadline counted in Taiwan government working days. Public; stores nothing."""

    @extend_schema(
        summary="Deadline in government working days",
        description=(
            "Counts `working_days` working days on the Taiwan government calendar (weekends, national "
            "holidays, bridge days off and make-up working Saturdays as published by the DGPA, plus the "
            "programme office's overrides). `start` is day 1 when it is a working day; otherwise counting "
            f"starts at the next working day. Dates from {calendar.FIRST_DAY.isoformat()} to "
            f"{calendar.LAST_DAY.isoformat()}."
        ),
        parameters=[
            OpenApiParameter(
                "start",
                {"type": "string", "format": "date"},
                required=True,
                description=f"First day (YYYY-MM-DD), {calendar.FIRST_DAY.isoformat()} to "
                f"{calendar.LAST_DAY.isoformat()}.",
            ),
            OpenApiParameter(
                "working_days",
                {"type": "integer", "minimum": 1, "maximum": calendar.MAX_WORKING_DAYS},
                required=True,
                description=f"Number of working days, 1 to {calendar.MAX_WORKING_DAYS}.",
            ),
        ],
        responses={
            200: DeadlineSerializer,
            400: OpenApiResponse(description='Invalid query: `{"errors": {"start": ["..."]}}`.'),
            429: OpenApiResponse(description="Too many requests."),
        },
        examples=[
            OpenApiExample(
                "Lunar New Year 2025",
                value={"start": "2025-01-24", "working_days": 10, "due": "2025-02-12"},
                response_only=True,
            )
        ],
    )
    def get(self, request):
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, working_days = query.validated_data["start"], query.validated_data["working_days"]
        due = services.deadline_compute(start=start, working_days=working_days)
        return Response(DeadlineSerializer({"start": start, "working_days": working_days, "due": due}).data)
