"""``/cases/{id}/expenses/`` (list, record), ``…/expenses/summary/``, ``…/expenses/import/`` (and its jobs) and
``…/expenses/{expense}/verify/``. Views only translate between HTTP and the services: a case whose expenses the
caller may not see is a 404, a refusal a 400 with its field messages and outcomes, a decided expense a 409."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from applications.api.serializers import ActionRefusedSerializer
from applications.api.views import Conflict
from applications.services import CaseRefused, TransitionNotAllowed
from portal.api.parsers import LimitedJSONParser
from portal.jobs import BackgroundUnavailable
from portal.language import current_lang
from programs.rulesets import ruleset_for

from .. import selectors, services
from ..import_views import problem_rows
from ..models import Expense, ExpenseImportJob, ExpenseStatus
from ..views import expense_case
from ..workbooks import WorkbookRefused, import_check_file
from . import serializers as s


def _bad(errors) -> Response:
    return Response({"errors": errors, "outcomes": []}, status=status.HTTP_400_BAD_REQUEST)


def _refused(exc: CaseRefused) -> Response:
    return Response(
        {"errors": exc.errors, "outcomes": [o.as_dict() for o in exc.outcomes]}, status=status.HTTP_400_BAD_REQUEST
    )


def _form_typed(data):
    """JSON as it came; a multipart form (an expense with its scanned receipt) has only text: its amounts, when
    whole numbers, are the numbers they spell."""
    if not hasattr(data, "get"):
        return None
    if not hasattr(data, "getlist"):
        return data
    typed = {key: data.get(key) for key in data}
    for key in ("amount_untaxed", "amount_taxed"):
        if isinstance(typed.get(key), str) and typed[key].isascii() and typed[key].isdigit():
            typed[key] = int(typed[key])
    return typed


class ExpenseView(GenericAPIView):
    parser_classes = [LimitedJSONParser, MultiPartParser, FormParser]

    def call(self, service, **kwargs):
        try:
            return service(**kwargs)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from None
        except TransitionNotAllowed as exc:
            raise Conflict(exc.message) from None


FILTERS = [
    OpenApiParameter("line", str, description="a budget line's code"),
    OpenApiParameter("status", str, enum=ExpenseStatus.values),
    OpenApiParameter("q", str, description="part of the receipt number or the item"),
]


class ExpensesView(ExpenseView):
    serializer_class = s.ExpenseSerializer

    @extend_schema(parameters=FILTERS, responses=s.ExpenseSerializer(many=True))
    def get(self, request, pk: int):
        case = expense_case(request, pk)
        state = request.query_params.get("status", "")
        if state and state not in ExpenseStatus.values:
            return _bad({"status": [f"one of {', '.join(ExpenseStatus.values)}"]})
        expenses = selectors.case_expenses(
            case=case,
            line=request.query_params.get("line", "")[:64],
            status=state,
            query=request.query_params.get("q", "")[:60],
        )
        page = self.paginate_queryset(expenses)
        return self.get_paginated_response(s.ExpenseSerializer(page, many=True).data)

    @extend_schema(
        request=s.ExpenseWriteSerializer,
        responses={201: s.ExpenseSerializer, 400: ActionRefusedSerializer, 403: None, 404: None, 409: None},
    )
    def post(self, request, pk: int):
        case = expense_case(request, pk)
        if not request.user.has_perm("expenses.record_expense", case):
            raise exceptions.PermissionDenied()
        serializer = s.ExpenseWriteSerializer(data=_form_typed(request.data))
        if not serializer.is_valid():
            return _bad(serializer.errors)
        data = dict(serializer.validated_data)
        upload = data.pop("receipt", None)
        try:
            expense = self.call(
                services.expense_record, actor=request.user, case=case, data=data, lang=current_lang(), upload=upload
            )
        except CaseRefused as exc:
            return _refused(exc)
        return Response(s.ExpenseSerializer(expense).data, status=status.HTTP_201_CREATED)


class SummaryView(ExpenseView):
    @extend_schema(responses=s.ExpenseSummarySerializer)
    def get(self, request, pk: int):
        case = expense_case(request, pk)
        ruleset = ruleset_for(case.edition)
        figures = selectors.line_figures(case=case, ruleset=ruleset, lang=current_lang())
        return Response(
            {
                "tax_basis": ruleset.tax_basis,
                "verification_due": selectors.verification_due(case=case, ruleset=ruleset),
                "lines": [s.line_data(line) for line in figures.lines],
                "total": s.line_data(figures.total),
            }
        )


class ImportView(ExpenseView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.ImportSerializer},
        responses={202: s.ImportJobSerializer, 400: ActionRefusedSerializer, 403: None, 404: None, 409: None},
    )
    def post(self, request, pk: int):
        case = expense_case(request, pk)
        if not request.user.has_perm("expenses.record_expense", case):
            raise exceptions.PermissionDenied()
        serializer = s.ImportSerializer(data=request.data)
        if not serializer.is_valid():
            return _bad(serializer.errors)
        upload = serializer.validated_data["file"]
        try:
            import_check_file(upload)
        except WorkbookRefused as exc:
            return _bad({"file": [str(exc)]})
        try:
            job = self.call(
                services.expenses_import_request, actor=request.user, case=case, upload=upload, lang=current_lang()
            )
        except BackgroundUnavailable as exc:
            return Response({"detail": str(exc.message)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        job = selectors.import_job(case=case, job_id=job.pk)  # as the worker left it, if it was quick
        response = Response(s.import_job_data(job, []), status=status.HTTP_202_ACCEPTED)
        response["Location"] = reverse("api:case-expenses-import-job", args=[case.pk, job.pk])
        return response


class ImportJobView(ExpenseView):
    @extend_schema(responses={200: s.ImportJobSerializer, 403: None, 404: None})
    def get(self, request, pk: int, job: int):
        case = expense_case(request, pk)
        if not request.user.has_perm("expenses.record_expense", case):
            raise exceptions.PermissionDenied()
        try:
            found = selectors.import_job(case=case, job_id=job)
        except ExpenseImportJob.DoesNotExist:
            raise Http404 from None
        return Response(s.import_job_data(found, problem_rows(found.row_errors or [], current_lang())))


class VerifyView(ExpenseView):
    @extend_schema(
        request=s.VerifySerializer,
        responses={200: s.ExpenseSerializer, 400: ActionRefusedSerializer, 403: None, 404: None, 409: None},
    )
    def post(self, request, pk: int, expense: int):
        case = expense_case(request, pk)
        serializer = s.VerifySerializer(data=request.data if hasattr(request.data, "get") else None)
        if not serializer.is_valid():
            return _bad(serializer.errors)
        data = serializer.validated_data
        try:
            result = self.call(
                services.expense_verify,
                actor=request.user,
                case=case,
                expense_id=expense,
                accept=data["decision"] == "accept",
                reason=data["reason"],
            )
        except Expense.DoesNotExist:
            raise Http404 from None
        except CaseRefused as exc:
            return _refused(exc)
        return Response(s.ExpenseSerializer(result).data)
