"""Reads of the reviews: the reviewer pool, a reviewer's assignments, a case's sheets, the panel. Each list
runs a fixed number of queries whatever its length."""

from __future__ import annotations

import json
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, F, Max, Min, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Rank, Round

from applications.models import Case, CaseStatus
from portal.models import Role, User
from programs.models import Edition
from reviews.models import (
    Assignment,
    ConflictDeclaration,
    Decision,
    DecisionLetter,
    ReviewComment,
    RevisedPlan,
    ScoreSheet,
)

PANEL_ORDER = {
    "rank": (F("rank").asc(), "reference"),
    "-rank": (F("rank").desc(), "-reference"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "mean": (F("mean").asc(nulls_last=True), "reference"),
    "-mean": (F("mean").desc(nulls_last=True), "reference"),
    "spread": (F("spread").asc(nulls_last=True), "reference"),
    "-spread": (F("spread").desc(nulls_last=True), "reference"),
}


def spread_flag() -> Decimal:
    """Sheets of one case further apart than this many points are flagged for the panel (REVIEW_SPREAD_FLAG)."""
    return settings.REVIEW_SPREAD_FLAG


def edition_titles(codes) -> dict[str, str]:
    """code → what the user reads for the edition: its programme's title and its track, in the user's language
    (the newest version's; one query)."""
    titles: dict[str, str] = {}
    for edition in (
        Edition.objects.filter(code__in=list(codes)).select_related("programme").order_by("code", "-version")
    ):
        if edition.code not in titles:
            track = edition.track_text
            titles[edition.code] = f"{edition.programme.title_text}：{track}" if track else edition.title_text
    return titles


def panel_editions() -> list[dict]:
    """The editions with cases under review, by code: ``code``, ``title``, ``cases`` (two queries)."""
    rows = list(
        Case.objects.filter(status=CaseStatus.UNDER_REVIEW)
        .values("edition_code")
        .annotate(cases=Count("id"))
        .order_by("edition_code")
    )
    titles = edition_titles(row["edition_code"] for row in rows)
    return [{"code": r["edition_code"], "title": titles.get(r["edition_code"], ""), "cases": r["cases"]} for r in rows]


def _serves(edition_code: str) -> Q:
    """Profiles whose list of editions holds ``edition_code``. SQLite (run.sh's default database) has no JSON
    containment: there, the code as the list's JSON text writes it, quoted (codes are lowercase slugs)."""
    if connection.features.supports_json_field_contains:
        return Q(reviewer_profile__editions__contains=[edition_code])
    return Q(reviewer_profile__editions__icontains=json.dumps(edition_code))


def reviewers(*, edition_code: str = "", search: str = "") -> QuerySet[User]:
    """The pool: active reviewers with a profile, by name; only those serving ``edition_code`` when given, and
    matching ``search`` (name, e-mail, affiliation, expertise) when given."""
    queryset = User.objects.filter(role=Role.REVIEWER, is_active=True, reviewer_profile__isnull=False).select_related(
        "reviewer_profile"
    )
    if edition_code:
        queryset = queryset.filter(Q(reviewer_profile__editions=[]) | _serves(edition_code))
    if search:
        queryset = queryset.filter(
            Q(full_name__icontains=search)
            | Q(email__icontains=search)
            | Q(reviewer_profile__affiliation__icontains=search)
            | Q(reviewer_profile__expertise__icontains=search)
        )
    return queryset.order_by("full_name", "email")


def reviewer_assignments(*, reviewer: User, active: bool = True) -> QuerySet[Assignment]:
    """The reviewer's assignments, newest first, with the case and the sheet (one query)."""
    queryset = Assignment.objects.filter(reviewer=reviewer).select_related(
        "case__edition__programme", "case__company", "case__unit", "sheet"
    )
    if active:
        queryset = queryset.filter(withdrawn_at__isnull=True)
    return queryset.order_by("-assigned_at", "-id")


def reviewer_declarations(*, reviewer: User) -> QuerySet[ConflictDeclaration]:
    return ConflictDeclaration.objects.filter(reviewer=reviewer).select_related("company", "unit")


def case_assignments(*, case: Case) -> list[Assignment]:
    """Every assignment of the case, active and withdrawn, with reviewer and sheet."""
    return list(
        Assignment.objects.filter(case=case)
        .select_related("reviewer__reviewer_profile", "assigned_by", "sheet")
        .order_by("round", "assigned_at", "id")
    )


def own_sheet(*, assignment: Assignment) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(assignment=assignment).first()


def _counted(round: int | None) -> Q:
    """A sheet counts when it is submitted and its assignment active (in the round, when one is given)."""
    counted = Q(assignments__withdrawn_at__isnull=True, assignments__sheet__submitted_at__isnull=False)
    if round is not None:
        counted &= Q(assignments__round=round)
    return counted


def with_scores(queryset: QuerySet[Case], *, round: int | None) -> QuerySet[Case]:
    """Annotate each case with its counted sheets' mean (2 decimals, half up), spread (highest − lowest),
    their number, and its rank among the cases of ``queryset``, highest mean first (ties share a rank)."""
    counted = _counted(round)
    total = "assignments__sheet__total"
    queryset = queryset.annotate(
        mean=Round(Avg(total, filter=counted), 2),
        spread=Max(total, filter=counted) - Min(total, filter=counted),
        sheet_count=Count("assignments__sheet", filter=counted),
    )
    return queryset.annotate(rank=Window(Rank(), order_by=F("mean").desc(nulls_last=True)))


def panel(*, user: User, edition_code: str, round: int = 1, order: str = "rank") -> QuerySet[Case]:
    """The cases under review in an edition with their scores in ``round``. The office sees every sheet; a
    reviewer sees only the cases assigned to them and only their own sheets (``sheets_shown``)."""
    base = Case.objects.filter(edition_code=edition_code, status=CaseStatus.UNDER_REVIEW)
    shown = Assignment.objects.filter(withdrawn_at__isnull=True, round=round).select_related("reviewer", "sheet")
    if not user.has_perm("reviews.view_panel"):
        mine = Assignment.objects.filter(reviewer=user, withdrawn_at__isnull=True).values("case_id")
        base = base.filter(pk__in=mine)
        shown = shown.filter(reviewer=user)
    queryset = (
        with_scores(base, round=round)
        .select_related("company", "edition")
        .prefetch_related(Prefetch("assignments", queryset=shown.order_by("assigned_at", "id"), to_attr="sheets_shown"))
    )
    return queryset.order_by(*PANEL_ORDER.get(order, PANEL_ORDER["rank"]))


def case_summary(*, case: Case) -> Case:
    """The case with the scores of the latest round in which it has active reviewers."""
    latest = case.assignments.filter(withdrawn_at__isnull=True).aggregate(r=Max("round"))["r"]
    return with_scores(Case.objects.filter(pk=case.pk), round=latest).get()


def case_decision(*, case: Case) -> Decision | None:
    return Decision.objects.filter(case=case).select_related("decided_by", "evaluation").first()


def review_comments(*, case: Case) -> QuerySet[ReviewComment]:
    return ReviewComment.objects.filter(case=case).select_related("replied_by").order_by("number")


def revised_plans(*, case: Case) -> QuerySet[RevisedPlan]:
    return RevisedPlan.objects.filter(case=case).select_related("uploaded_by", "accepted_by").order_by("-version")


def decision_letters(*, decision) -> QuerySet[DecisionLetter]:
    return (
        DecisionLetter.objects.filter(decision=decision).select_related("requested_by").order_by("-created_at", "-id")
    )
