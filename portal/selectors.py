"""Reads for accounts and organisations: list querysets with what their pages need fetched; the
working-day calendar's overrides."""

import datetime

from django.db.models import Count, F, Q, QuerySet

from portal.models import AuditEvent, CalendarOverride, Company, CounsellingUnit, User
from portal.permissions import companies_visible_to, units_visible_to

SEARCH_MAX = 100


def search_text(value: str) -> str:
    """What a search box may send to the database: no NUL bytes, bounded length."""
    return value.replace("\x00", "").strip()[:SEARCH_MAX]


def companies_for_user(*, user: User, search: str = "") -> QuerySet[Company]:
    queryset = companies_visible_to(user).annotate(member_count=Count("members", distinct=True))
    search = search_text(search)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(ubn__startswith=search))
    return queryset.order_by("name", "id")


def units_for_user(*, user: User, search: str = "", category: str = "") -> QuerySet[CounsellingUnit]:
    queryset = units_visible_to(user).prefetch_related("qualifications")
    search = search_text(search)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(ubn__startswith=search))
    if category:
        queryset = queryset.filter(qualifications__category=category).distinct()
    return queryset.order_by("name", "id")


def company_detail(*, company_id: int) -> Company:
    return Company.objects.prefetch_related("contacts", "members").get(pk=company_id)


def unit_detail(*, unit_id: int) -> CounsellingUnit:
    return CounsellingUnit.objects.prefetch_related("qualifications", "members").get(pk=unit_id)


def audit_events_list(*, table: str = "", object_id: str = "", actor_id: int | None = None) -> QuerySet[AuditEvent]:
    queryset = AuditEvent.objects.select_related("actor")
    table, object_id = search_text(table), search_text(object_id)
    if table:
        queryset = queryset.filter(table_name=table)
    if object_id:
        queryset = queryset.filter(object_id=object_id)
    if actor_id:
        queryset = queryset.filter(actor_id=actor_id)
    return queryset.order_by("-occurred_at", "-id")


def users_list(*, role: str = "", search: str = "") -> QuerySet[User]:
    queryset = User.objects.select_related("company", "counselling_unit", "programme_office")
    if role:
        queryset = queryset.filter(role=role)
    search = search_text(search)
    if search:
        queryset = queryset.filter(Q(email__icontains=search) | Q(full_name__icontains=search))
    return queryset.order_by("email")


def office_counts() -> dict[str, int]:
    return {
        "companies": Company.objects.count(),
        "units": CounsellingUnit.objects.count(),
        "users": User.objects.filter(is_active=True).count(),
    }


def calendar_overrides_between(*, start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """The overrides from ``start`` to ``end`` (both included) as ``{date: kind}``, in one query."""
    return dict(CalendarOverride.objects.filter(date__range=(start, end)).order_by().values_list("date", "kind"))


SIGNUP_COMPANY_WINDOW = datetime.timedelta(minutes=5)  # a sign-up creates its company and its user together


def unconfirmed_signups(*, joined_before: datetime.datetime) -> QuerySet[User]:
    """Applicants who registered themselves before ``joined_before`` and never confirmed their address: never
    active, never signed in, the only member of the company their sign-up created with them (a company of
    earlier standing, or an account the office deactivated, is not one of these)."""
    return (
        User.objects.filter(
            role="applicant",
            is_active=False,
            last_login__isnull=True,
            date_joined__lt=joined_before,
            company__isnull=False,
            company__created_at__gte=F("date_joined") - SIGNUP_COMPANY_WINDOW,
            company__created_at__lte=F("date_joined") + SIGNUP_COMPANY_WINDOW,
        )
        .annotate(members=Count("company__members"))
        .filter(members=1)
        .order_by("pk")
    )
