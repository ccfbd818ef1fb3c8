from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from carbon import selectors
from carbon.calc import Activity, UnitError, calculate, convert
from carbon.calc.compute import t4
from carbon.engine import factor_data, factor_snapshot, gwp_values
from portal.api.calculators import CalculatorAPIView

from .serializers import CalculateRequestSerializer, CalculateResponseSerializer


class CalculateView(CalculatorAPIView):
    """Emissions of activity data: each gas kept, GWP applied afterwards; stores nothing."""

    @extend_schema(
        request=CalculateRequestSerializer,
        responses=CalculateResponseSerializer,
        examples=[OpenApiExample("Electricity and a forklift", request_only=True, value={
            "gwp": "AR5", "activities": [
                {"source": "廠區用電", "category": "2", "factor": "tw-electricity-111", "quantity": "2000", "unit": "kWh"},
                {"source": "堆高機", "category": "1", "factor": "epa-6.0.4-diesel-mobile", "quantity": "1000", "unit": "L"}]})],
    )  # fmt: skip
    def post(self, request):
        data = self.validated(CalculateRequestSerializer)
        gwp = gwp_values(selectors.gwp_set_by_code(code=data["gwp"]))
        factors = selectors.factors_by_codes(codes=[a["factor"] for a in data["activities"]])
        errors, activities = {}, []
        for index, item in enumerate(data["activities"]):
            factor = factors.get(item["factor"])
            if factor is None:
                errors[f"activities.{index}.factor"] = [
                    _("Unknown emission factor %(code)s.") % {"code": item["factor"]}
                ]
                continue
            fdata = factor_data(factor)
            missing = [g for g in fdata.gases if g != "CO2e" and g not in gwp]
            if missing:
                errors[f"activities.{index}.factor"] = [_("The GWP set %(gwp)s has no value for %(gases)s.")
                                                       % {"gwp": data["gwp"], "gases": ", ".join(missing)}]  # fmt: skip
                continue
            try:
                convert(item["quantity"], item["unit"], fdata.unit)
            except UnitError:
                errors[f"activities.{index}.unit"] = [_("%(unit)s does not convert to %(wanted)s, the unit of factor %(factor)s.")
                                                      % {"unit": item["unit"], "wanted": fdata.unit, "factor": fdata.code}]  # fmt: skip
                continue
            activities.append(Activity(source=item["source"], category=item["category"], factor=fdata, quantity=item["quantity"],
                                       unit=item["unit"], uncertainty=item.get("uncertainty", Decimal(0))))  # fmt: skip
        if errors:
            raise serializers.ValidationError(errors)
        result = calculate(activities, gwp)
        lines = [
            {"source": line.source, "category": line.category, "tco2e": t4(line.tco2e),
             "by_gas": {g: t4(v) for g, v in line.tco2e_by_gas.items()},
             "factor": factor_snapshot(line.factor, factors[line.factor.code])}
            for line in result.lines
        ]  # fmt: skip
        return Response({
            "total_tco2e": t4(result.total), "by_category": {c: t4(v) for c, v in sorted(result.by_category.items())},
            "by_gas": {g: t4(v) for g, v in sorted(result.by_gas.items())}, "lines": lines, "gwp": data["gwp"],
            "uncertainty": None if result.uncertainty is None else f"{result.uncertainty.quantize(Decimal('0.01'))}",
        })  # fmt: skip
