"""``/cases/{id}/instalments/``, ``…/instalments/{no}/release/``, ``…/progress-reports/`` and ``…/ledger/``.
Views only translate between HTTP and the services: a case whose money the caller may not see is a 404,
a refusal a 400 with its outcomes, an instalment already decided a 409."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from applications.api.serializers import ActionRefusedSerializer
from applications.api.views import Conflict
from applications.models import Case
from applications.services import CaseRefused, TransitionNotAllowed
from portal.language import current_lang

from .. import selectors, services
from ..models import Instalment
from ..views.common import money_case
from . import serializers as s


def _refused(exc: CaseRefused) -> Response:
    return Response(
        {"errors": exc.errors, "outcomes": [o.as_dict() for o in exc.outcomes]}, status=status.HTTP_400_BAD_REQUEST
    )


class MoneyView(GenericAPIView):
    def money_case(self, request, pk: int) -> Case:
        return money_case(request, pk)  # the pages' own lookup: 404 for a case whose money is not theirs

    def call(self, service, **kwargs):
        try:
            return service(**kwargs)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from None
        except TransitionNotAllowed as exc:
            raise Conflict(exc.message) from None


class InstalmentsView(MoneyView):
    serializer_class = s.CaseInstalmentSerializer  # a page of them, as every list (the schema says so)

    @extend_schema(responses=s.CaseInstalmentSerializer(many=True))
    def get(self, request, pk: int):
        case = self.money_case(request, pk)
        ledger = selectors.case_ledger(case=case, lang=current_lang())
        page = self.paginate_queryset(ledger.plans if ledger else [])
        return self.get_paginated_response([s.instalment_data(plan) for plan in page])


class ReleaseView(MoneyView):
    @extend_schema(
        request=s.ReleaseRequestSerializer,
        responses={200: s.ReleaseSerializer, 400: ActionRefusedSerializer, 403: None, 404: None, 409: None},
    )
    def post(self, request, pk: int, no: int):
        case = self.money_case(request, pk)
        serializer = s.ReleaseRequestSerializer(data=request.data if isinstance(request.data, dict) else None)
        if not serializer.is_valid():
            return Response({"errors": serializer.errors, "outcomes": []}, status=status.HTTP_400_BAD_REQUEST)
        try:
            release = self.call(
                services.instalment_release,
                actor=request.user,
                case=case,
                no=no,
                lang=current_lang(),
                note=serializer.validated_data["note"],
            )
        except Instalment.DoesNotExist:
            raise Http404 from None
        except CaseRefused as exc:
            return _refused(exc)
        return Response({"no": no, "amount": release.amount, "status": "released"})


class ProgressReportsView(MoneyView):
    serializer_class = s.ProgressReportSerializer  # a page of them, as every list (the schema says so)

    @extend_schema(responses=s.ProgressReportSerializer(many=True))
    def get(self, request, pk: int):
        case = self.money_case(request, pk)
        page = self.paginate_queryset(selectors.progress_reports(case=case))
        return self.get_paginated_response(s.ProgressReportSerializer(page, many=True).data)

    @extend_schema(
        request=s.ProgressReportWriteSerializer,
        responses={201: s.ProgressReportSerializer, 400: ActionRefusedSerializer, 403: None, 404: None, 409: None},
    )
    def post(self, request, pk: int):
        case = self.money_case(request, pk)
        if not request.user.has_perm("disbursements.report_progress", case):
            raise exceptions.PermissionDenied()
        serializer = s.ProgressReportWriteSerializer(data=request.data if isinstance(request.data, dict) else None)
        if not serializer.is_valid():  # the same 400 as a refusal: field messages, no rule outcomes
            return Response({"errors": serializer.errors, "outcomes": []}, status=status.HTTP_400_BAD_REQUEST)
        try:
            report = self.call(
                services.progress_report_file, actor=request.user, case=case, data=serializer.service_data()
            )
        except CaseRefused as exc:
            return _refused(exc)
        return Response(s.ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


class LedgerView(MoneyView):
    @extend_schema(responses=s.LedgerSerializer)
    def get(self, request, pk: int):
        case = self.money_case(request, pk)
        ledger = selectors.case_ledger(case=case, lang=current_lang())
        if ledger is None:
            raise Http404
        return Response(
            {
                "approved_gov": ledger.approved_gov,
                "disbursed": ledger.disbursed,
                "remaining": ledger.remaining,
                "spent_gov": ledger.spent_gov,
                "spent_self": ledger.spent_self,
                "spent_source": "verified" if ledger.verified else "declared",
                "declared_gov": ledger.declared_gov,
                "declared_self": ledger.declared_self,
                "clawback": ledger.clawback,
                "instalments": [s.instalment_data(plan) for plan in ledger.plans],
            }
        )
