"""The Reviews section of cases-api.md: the reviewer pool, conflicts of interest, assignments, score sheets,
the panel, and the comments released with the decision. Views only translate between HTTP and the services;
a case the caller may not see answers 404, a role that may not act 403, a state that forbids it 409."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.api.views import Conflict
from portal.language import current_lang
from portal.models import Role, User
from programs.models import Edition
from reviews import selectors, services
from reviews.present import panel_row, sheet_view
from reviews.views.common import require, visible_case

from . import serializers as s


class ReviewerListView(GenericAPIView):
    """The reviewer pool (programme office)."""

    serializer_class = s.ReviewerSerializer  # a page of them, as every list (the schema says so)

    @extend_schema(parameters=[OpenApiParameter("edition", str)], responses=s.ReviewerSerializer(many=True))
    def get(self, request):
        require(request, "reviews.view_reviewers")
        reviewers = selectors.reviewers(edition_code=request.query_params.get("edition", "")[:64])
        page = self.paginate_queryset(reviewers)
        return self.get_paginated_response(s.ReviewerSerializer(page, many=True).data)


class ConflictListView(GenericAPIView):
    """A reviewer's declared conflicts of interest. Declaring one withdraws the reviewer's active
    assignments on the undecided cases of that company or unit, and the officers who assigned are e-mailed."""

    serializer_class = s.ConflictSerializer  # a page of them, as every list (the schema says so)

    @extend_schema(responses=s.ConflictSerializer(many=True))
    def get(self, request):
        require(request, "reviews.declare_conflict")
        page = self.paginate_queryset(selectors.reviewer_declarations(reviewer=request.user))
        return self.get_paginated_response(s.ConflictSerializer(page, many=True).data)

    @extend_schema(request=s.ConflictWriteSerializer, responses={201: s.ConflictSerializer})
    def post(self, request):
        require(request, "reviews.declare_conflict")
        serializer = s.ConflictWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        declaration, withdrawn = services.conflict_declare(
            actor=request.user, company=data.get("company"), unit=data.get("unit"), reason=data["reason"]
        )
        context = {"withdrawn": [a.case_id for a in withdrawn]}
        return Response(s.ConflictSerializer(declaration, context=context).data, status=status.HTTP_201_CREATED)


class AssignmentListView(GenericAPIView):
    """The reviewers of a case (programme office)."""

    serializer_class = s.AssignmentSerializer  # a page of them, as every list (the schema says so)

    @extend_schema(responses=s.AssignmentSerializer(many=True))
    def get(self, request, pk: int):
        case = visible_case(request, pk)
        require(request, "reviews.assign_reviewers")
        assignments = selectors.case_assignments(case=case)
        page = self.paginate_queryset(assignments)
        return self.get_paginated_response(s.AssignmentSerializer(page, many=True).data)

    @extend_schema(request=s.AssignmentWriteSerializer, responses={201: s.AssignmentSerializer})
    def post(self, request, pk: int):
        case = visible_case(request, pk)
        require(request, "reviews.assign_reviewers")
        serializer = s.AssignmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reviewer = User.objects.filter(pk=serializer.validated_data["reviewer"]).first()
        if reviewer is None or reviewer.role != Role.REVIEWER:
            raise exceptions.ValidationError({"reviewer": [_("Choose an active reviewer.")]})
        try:
            assignment = services.assignment_create(
                actor=request.user, case=case, reviewer=reviewer, round=serializer.validated_data["round"]
            )
        except services.ReviewConflict as exc:
            raise Conflict(exc.message) from None
        return Response(s.AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class ScoreSheetView(APIView):
    """The caller's own score sheet for a case assigned to them."""

    def _assignment(self, request, pk: int):
        case = visible_case(request, pk)
        if request.user.role != Role.REVIEWER:
            raise exceptions.PermissionDenied()
        try:
            return case, services.active_assignment(reviewer=request.user, case=case)
        except services.NotAssigned:
            raise Http404 from None

    @extend_schema(responses={200: s.SheetSerializer, 404: None})
    def get(self, request, pk: int):
        _case, assignment = self._assignment(request, pk)
        sheet = selectors.own_sheet(assignment=assignment)
        if sheet is None:
            raise Http404
        return Response(s.SheetSerializer(sheet_view(sheet, lang=current_lang())).data)

    @extend_schema(
        request=s.SheetWriteSerializer,
        responses={200: s.SheetSerializer, 400: None, 403: None, 404: None, 409: None},
        description=(
            'Save the caller\'s score sheet (a draft, or submitted with `"submit": true`). Every criterion of '
            "the edition's rubric needs a score; the totals are the score-sheet calculator's. Saving the sheet "
            "through the API counts as the reviewer's confirmation that they have no conflict of interest with "
            "the case (on the pages the reviewer confirms it before the proposal opens). A submitted sheet "
            "cannot change (409)."
        ),
    )
    def put(self, request, pk: int):
        case, _assignment = self._assignment(request, pk)
        serializer = s.SheetWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, lang = serializer.validated_data, current_lang()
        try:
            sheet, result = services.sheet_save(
                actor=request.user,
                case=case,
                scores=data["scores"],
                bonus=data["bonus"],
                comments=data["comments"],
                comment=data["comment"],
                submit=data["submit"],
                confirm=True,
                lang=lang,
            )
        except services.NotAssigned:
            raise Http404 from None
        except services.ReviewConflict as exc:
            raise Conflict(exc.message) from None
        return Response(s.SheetSerializer(sheet_view(sheet, lang=lang, result=result)).data)


class CaseSheetsView(GenericAPIView):
    """Every reviewer's sheet on a case (programme office); a reviewer gets only their own."""

    serializer_class = s.CaseSheetSerializer  # a page of them, as every list (the schema says so)

    @extend_schema(responses=s.CaseSheetSerializer(many=True))
    def get(self, request, pk: int):
        case = visible_case(request, pk)
        office = request.user.has_perm("reviews.view_panel")
        if not office and request.user.role != Role.REVIEWER:
            raise exceptions.PermissionDenied()
        lang = current_lang()
        rows = []
        for assignment in selectors.case_assignments(case=case):
            if assignment.withdrawn_at is not None or (not office and assignment.reviewer_id != request.user.pk):
                continue
            sheet = getattr(assignment, "sheet", None)
            rows.append(
                {
                    "reviewer": assignment.reviewer_id,
                    "reviewer_name": assignment.reviewer.full_name,
                    "round": assignment.round,
                    "sheet": sheet_view(sheet, lang=lang) if sheet and (sheet.submitted or not office) else None,
                }
            )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.CaseSheetSerializer(page, many=True).data)


class PanelView(GenericAPIView):
    """The cases under review in an edition, highest mean first (programme office). A reviewer sees their
    assigned cases with their own sheets only: no mean, spread or rank before the decision."""

    serializer_class = s.PanelRowSerializer  # a page of them, as every list (the schema says so)

    @extend_schema(
        parameters=[
            OpenApiParameter("round", int),
            OpenApiParameter("ordering", str, enum=list(selectors.PANEL_ORDER)),
        ],
        responses=s.PanelRowSerializer(many=True),
    )
    def get(self, request, code: str):
        office = request.user.has_perm("reviews.view_panel")
        if not office and request.user.role != Role.REVIEWER:
            raise exceptions.PermissionDenied()
        if not Edition.objects.filter(code=code[:64]).exists():
            raise Http404
        round_text = request.query_params.get("round", "1")
        if not (round_text.isascii() and round_text.isdecimal()) or not 1 <= int(round_text) <= services.pool.ROUND_MAX:
            raise exceptions.ValidationError(
                {"round": [_("The round is a number from 1 to %(max)s.") % {"max": services.pool.ROUND_MAX}]}
            )
        ordering = request.query_params.get("ordering", "rank")
        rows = selectors.panel(user=request.user, edition_code=code, round=int(round_text), order=ordering)
        page = self.paginate_queryset(rows)
        data = [panel_row(case, office=office) for case in page]
        return self.get_paginated_response(s.PanelRowSerializer(data, many=True).data)


class CommentListView(GenericAPIView):
    """The reviewers' comments released with the decision (the 審查意見回覆表): the company and its unit, and the
    programme office. Nothing is released before the decision."""

    serializer_class = s.CommentSerializer  # a page of them, as every list (the schema says so)

    @extend_schema(responses=s.CommentSerializer(many=True))
    def get(self, request, pk: int):
        case = visible_case(request, pk)
        require(request, "reviews.view_case_decision", case)
        page = self.paginate_queryset(selectors.review_comments(case=case))
        return self.get_paginated_response(s.CommentSerializer(page, many=True).data)


class CommentReplyView(APIView):
    """The company's or unit's reply to one comment, with the page of the revised plan that addresses it."""

    @extend_schema(request=s.CommentReplySerializer, responses={200: s.CommentSerializer})
    def patch(self, request, pk: int, number: int):
        case = visible_case(request, pk)
        require(request, "reviews.view_case_decision", case)
        if not selectors.review_comments(case=case).filter(number=number).exists():
            raise Http404
        serializer = s.CommentReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.comment_replies_save(actor=request.user, case=case, replies={number: serializer.validated_data})
        except services.ReviewConflict as exc:
            raise Conflict(exc.message) from None
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from None
        return Response(s.CommentSerializer(selectors.review_comments(case=case).get(number=number)).data)
