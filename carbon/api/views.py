from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from carbon.calculation import ActivitiesInvalid, activities_calculate
from portal.api.calculators import CalculatorAPIView

from .serializers import CalculateRequestSerializer, CalculateResponseSerializer


class CalculateView(CalculatorAPIView):
    """Emissions of activity data: each gas kept, GWP applied afterwards; stores nothing."""

    @extend_schema(
        request=CalculateRequestSerializer,
        responses=CalculateResponseSerializer,
        examples=[
            OpenApiExample(
                "Electricity and a forklift",
                request_only=True,
                value={
                    "gwp": "AR5",
                    "activities": [
                        {
                            "source": "廠區用電",
                            "category": "2",
                            "factor": "tw-electricity-111",
                            "quantity": "2000",
                            "unit": "kWh",
                        },
                        {
                            "source": "堆高機",
                            "category": "1",
                            "factor": "epa-6.0.4-diesel-mobile",
                            "quantity": "1000",
                            "unit": "L",
                        },
                    ],
                },
            )
        ],
    )
    def post(self, request):
        data = self.validated(CalculateRequestSerializer)
        try:
            return Response(activities_calculate(gwp_code=data["gwp"], items=data["activities"]))
        except ActivitiesInvalid as exc:
            raise serializers.ValidationError(exc.errors) from None
