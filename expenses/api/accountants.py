"""``/accountants/`` (the office registers and lists external accountants), ``/cases/{id}/expenses/accountants/``
(the office assigns one to a case, lists them, takes one off) and ``/accountant/cases/`` (an accountant's
assigned cases). A case the caller may not see is a 404, the wrong role a 403, a refusal a 400 with its field
messages, an accountant already assigned a 409."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from applications.services import CaseRefused

from .. import selectors, services
from ..models import AccountantAssignment
from ..permissions import assigned_cases_visible_to
from ..views import expense_case
from . import serializers as s
from .views import ExpenseView, _bad, _refused

REFUSED = OpenApiResponse(
    description='Refused: `{"errors": {"field": ["…"]}, "outcomes": []}` (a body that is not JSON: `errors` only).'
)


def _data(request):
    """The body as an object; anything else (a list, a number) is refused in the API's plain envelope."""
    if not hasattr(request.data, "get"):
        raise exceptions.ValidationError({"body": [_("Send a JSON object (it may be empty: {}).")]})
    return request.data


class AccountantsView(ExpenseView):
    serializer_class = s.AccountantSerializer

    def check(self, request):
        if not request.user.has_perm("expenses.manage_accountants"):
            raise exceptions.PermissionDenied()

    @extend_schema(responses=s.AccountantSerializer(many=True))
    def get(self, request):
        self.check(request)
        page = self.paginate_queryset(selectors.accountants())
        return self.get_paginated_response(s.AccountantSerializer(page, many=True).data)

    @extend_schema(
        request=s.AccountantWriteSerializer, responses={201: s.AccountantSerializer, 400: REFUSED, 403: None}
    )
    def post(self, request):
        self.check(request)
        serializer = s.AccountantWriteSerializer(data=_data(request))
        if not serializer.is_valid():
            return _bad(serializer.errors)
        try:
            user = self.call(services.accountant_register, actor=request.user, data=dict(serializer.validated_data))
        except CaseRefused as exc:
            return _refused(exc)
        return Response(s.AccountantSerializer(user).data, status=status.HTTP_201_CREATED)


def _office_case(request, pk: int):
    case = expense_case(request, pk)
    if not request.user.has_perm("expenses.assign_accountant", case):
        raise exceptions.PermissionDenied()
    return case


class CaseAccountantsView(ExpenseView):
    serializer_class = s.AccountantAssignmentSerializer

    @extend_schema(responses=s.AccountantAssignmentSerializer(many=True))
    def get(self, request, pk: int):
        case = _office_case(request, pk)
        page = self.paginate_queryset(selectors.case_accountants(case=case))
        return self.get_paginated_response(s.AccountantAssignmentSerializer(page, many=True).data)

    @extend_schema(
        request=s.AssignSerializer,
        responses={
            201: s.AccountantAssignmentSerializer,
            400: REFUSED,
            403: None,
            404: None,
            409: None,
        },
    )
    def post(self, request, pk: int):
        case = _office_case(request, pk)
        serializer = s.AssignSerializer(data=_data(request))
        if not serializer.is_valid():
            return _bad(serializer.errors)
        try:
            assignment = self.call(
                services.accountant_assign,
                actor=request.user,
                case=case,
                accountant_id=serializer.validated_data["accountant"],
            )
        except CaseRefused as exc:
            return _refused(exc)
        return Response(s.AccountantAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class CaseAccountantView(ExpenseView):
    @extend_schema(responses={204: None, 403: None, 404: None})
    def delete(self, request, pk: int, accountant: int):
        case = _office_case(request, pk)
        try:
            self.call(services.accountant_unassign, actor=request.user, case=case, accountant_id=accountant)
        except AccountantAssignment.DoesNotExist:
            raise Http404 from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssignedCasesView(ExpenseView):
    serializer_class = s.AssignedCaseSerializer

    @extend_schema(responses=s.AssignedCaseSerializer(many=True))
    def get(self, request):
        if not request.user.has_perm("expenses.view_assigned_cases"):
            raise exceptions.PermissionDenied()
        page = self.paginate_queryset(selectors.assigned_cases(cases=assigned_cases_visible_to(request.user)))
        return self.get_paginated_response(s.AssignedCaseSerializer(page, many=True).data)
