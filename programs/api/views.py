"""The public calculators of spec/api.md: anonymous, rate-limited, storing nothing."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.calculators import CalculatorAPIView
from portal.api.pagination import LinkHeaderPagination
from portal.language import current_lang
from programs import selectors
from programs.models import Edition
from programs.rules import InputError, budget_check, disbursement_plan, score_sheet, screen
from programs.rulesets import published_rulesets, ruleset_for, rulesets_for

from . import serializers as s


def _outcomes(outcomes) -> list[dict]:
    return [o.as_dict() for o in outcomes]


class Calculator(CalculatorAPIView):
    def edition(self, code: str) -> Edition:
        try:
            return selectors.edition_current(code=code, with_rules=False)
        except Edition.DoesNotExist:
            raise Http404 from None

    def input_error(self, exc: InputError):
        raise serializers.ValidationError(exc.messages(current_lang()))


class EditionListView(CalculatorAPIView):
    """Published editions (every version of every edition for the programme office)."""

    authentication_classes = APIView.authentication_classes  # staff see drafts

    pagination_class = LinkHeaderPagination

    @extend_schema(
        responses=s.EditionListSerializer(many=True),
        parameters=[
            OpenApiParameter("q", str, description="Only editions whose code, title or track contains this text."),
            OpenApiParameter(
                "page",
                int,
                description="A page of the list (100 editions; Link and X-Total-Count headers name the others).",
            ),
            OpenApiParameter("page_size", int, description="Editions in a page, 1 to 100."),
        ],
    )
    def get(self, request):
        staff = request.user.has_perm("programs.view_draft_edition")
        editions = selectors.editions_for_staff() if staff else selectors.editions_published()
        editions = selectors.editions_search(editions, request.query_params.get("q", ""))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(editions, request, view=self)
        return paginator.get_paginated_response(s.EditionListSerializer(page, many=True).data)


class EditionDetailView(CalculatorAPIView):
    authentication_classes = APIView.authentication_classes  # staff see drafts

    @extend_schema(responses=s.EditionDetailSerializer)
    def get(self, request, code: str):
        try:
            edition = selectors.edition_for_viewer(code=code, user=request.user)
        except Edition.DoesNotExist:
            raise Http404 from None
        return Response(s.EditionDetailSerializer(edition).data)


class ScreeningView(Calculator):
    @extend_schema(
        request=s.ScreeningRequestSerializer,
        responses=s.ScreeningResponseSerializer,
        examples=[
            OpenApiExample(
                "A metal-products SME",
                request_only=True,
                value={
                    "company": {
                        "ubn": "22099131",
                        "name": "鴻昇金屬工業股份有限公司",
                        "registration": "company",
                        "factory_registered": True,
                        "industry_codes": ["2599"],
                        "business_items": ["CA02"],
                        "employees": 48,
                        "paid_in_capital": 30000000,
                        "net_worth": 12000000,
                        "prc_capital": False,
                        "bank_refused": False,
                        "tax_arrears_3y": False,
                        "pcc_refused": False,
                        "serious_violation_3y": False,
                        "site_in_roc": True,
                    },
                    "editions": ["machinery-2025"],
                },
            )
        ],
    )
    def post(self, request):
        data = self.validated(s.ScreeningRequestSerializer)
        chosen = data.get("editions")
        if chosen:
            pairs = list(zip([e.code for e in chosen], rulesets_for(chosen), strict=True))
        else:
            pairs = published_rulesets()
        facts, lang = dict(data["company"]), current_lang()
        results = []
        for code, ruleset in pairs:
            result = screen(ruleset, facts, lang=lang)
            results.append({"edition": code, "eligible": result.ok, "outcomes": _outcomes(result.outcomes)})
        return Response({"results": results})


class BudgetCheckView(Calculator):
    @extend_schema(request=s.BudgetCheckRequestSerializer, responses=s.BudgetCheckResponseSerializer)
    def post(self, request, code: str):
        edition = self.edition(code)
        ruleset = ruleset_for(edition)
        data = self.validated(s.BudgetCheckRequestSerializer, ruleset=ruleset)
        lines = [dict(line) for line in data["lines"]]
        try:
            result = budget_check(ruleset, lines, lang=current_lang(), context=data["context"])
        except InputError as exc:
            self.input_error(exc)
        return Response(
            {
                "valid": result.ok,
                "totals": result.data["totals"],
                "derived": result.data["derived"],
                "outcomes": _outcomes(result.outcomes),
            }
        )


class ScoreSheetView(Calculator):
    @extend_schema(request=s.ScoreSheetRequestSerializer, responses=s.ScoreSheetResponseSerializer)
    def post(self, request, code: str):
        edition = self.edition(code)
        data = self.validated(s.ScoreSheetRequestSerializer)
        try:
            result = score_sheet(ruleset_for(edition), data["scores"], data["bonus"], lang=current_lang())
        except InputError as exc:
            self.input_error(exc)
        return Response({**result.data, "outcomes": _outcomes(result.outcomes)})


class DisbursementPlanView(Calculator):
    @extend_schema(request=s.DisbursementRequestSerializer, responses=s.DisbursementResponseSerializer)
    def post(self, request, code: str):
        edition = self.edition(code)
        ruleset = ruleset_for(edition)
        if not ruleset.instalments:
            raise serializers.ValidationError({"edition": [_("This edition has no instalment schedule.")]})
        facts = self.validated(s.DisbursementRequestSerializer)
        result = disbursement_plan(ruleset, facts, lang=current_lang())
        instalments = [{**row, "outcomes": _outcomes(row["outcomes"])} for row in result.data["instalments"]]
        return Response({"instalments": instalments})
