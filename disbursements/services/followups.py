"""Follow-up reports after closing: scheduled at final acceptance from the edition's ``follow_up`` deadline
(machinery: 60 months from the closing → five yearly reports; lean 2026: 12 months from the end → one),
asked for by e-mail as each falls due (``follow_ups_remind``, run daily by Celery beat), and filed by the
company or its unit with the KPIs reached."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case
from applications.services import CaseRefused, TransitionNotAllowed
from portal.audit import audit_context
from portal.models import User
from programs.rules.kinds_dates import add_months
from programs.rulesets import ruleset_for

from ..models import FollowUp

# A follow-up opens (and its reminder goes out) this many days before it is due; reminders repeat weekly.
OPEN_DAYS = 30
REMIND_EVERY = datetime.timedelta(days=7)
KPI_MAX = Decimal(10**12)
MAX_KPIS = 100


def _anchor(item, *, case: Case, closed_on: datetime.date) -> datetime.date:
    return case.period_end if item.extra.get("anchor") == "end" and case.period_end else closed_on


def follow_ups_schedule(*, case: Case, closed_on: datetime.date) -> list[FollowUp]:
    """The follow-up reports of the edition after acceptance on ``closed_on`` (none where it asks for none)."""
    item = next((d for d in ruleset_for(case.edition).deadlines if d.code == "follow_up"), None)
    months = item.extra.get("months") if item is not None else None
    if not months:
        return []
    anchor = _anchor(item, case=case, closed_on=closed_on)
    # the edition's ``every_months`` (machinery: 每年填報, one a year); without it, one report at the period's end
    count = max(1, months // (item.extra.get("every_months") or months))
    step = months // count
    return FollowUp.objects.bulk_create(
        [FollowUp(case=case, no=no, due=add_months(anchor, step * no)) for no in range(1, count + 1)]
    )


def clean_kpi_actuals(raw: Any, known: set[str], *, field: str = "kpi_actuals") -> dict[str, str]:
    """``{KPI code or name: number}`` → decimal strings; codes must be the case's KPIs."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, Mapping) or len(raw) > MAX_KPIS:
        raise CaseRefused({field: [_("Enter the KPIs reached as indicator: number.")]})
    clean, errors = {}, {}
    for key, value in raw.items():
        if not isinstance(key, str) or key not in known:
            errors[f"{field}.{key}"] = [_("Not a KPI of this case.")]
            continue
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value).replace(",", "").strip()) if not isinstance(value, bool) else None
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite() or abs(number) > KPI_MAX:
            errors[f"{field}.{key}"] = [_("Enter a number.")]
            continue
        clean[key] = str(number)
    if errors:
        raise CaseRefused(errors)
    return clean


def case_kpi_keys(case: Case) -> set[str]:
    """How a case's KPIs are named in reports: the edition's code, or the name typed for an own indicator."""
    return {row.get("code") or row.get("name") for row in case.kpis if row.get("code") or row.get("name")}


@transaction.atomic
def follow_up_submit(*, actor: User, follow_up: FollowUp, kpi_actuals: Any, note: str = "") -> FollowUp:
    case = follow_up.case
    if not actor.has_perm("disbursements.submit_follow_up", case):
        raise PermissionDenied(_("Only the case's company and unit file its follow-up reports."))
    with audit_context(actor=actor, action="follow_up_submit", follow_up=follow_up.no):
        follow_up = FollowUp.objects.select_for_update().select_related("case").get(pk=follow_up.pk)
        if follow_up.submitted_at is not None:
            raise TransitionNotAllowed(_("This follow-up report has been filed already."))
        if timezone.localdate() < follow_up.due - datetime.timedelta(days=OPEN_DAYS):
            raise TransitionNotAllowed(
                _("This follow-up report opens %(days)s days before it is due.") % {"days": OPEN_DAYS}
            )
        actuals = clean_kpi_actuals(kpi_actuals, case_kpi_keys(follow_up.case))
        if not actuals:
            raise CaseRefused({"kpi_actuals": [_("Enter at least one KPI reached.")]})
        note = (note or "").replace("\x00", "").strip()[:4000]
        follow_up.kpi_actuals, follow_up.note = actuals, note
        follow_up.submitted_at, follow_up.submitted_by = timezone.now(), actor
        follow_up.save(update_fields=["kpi_actuals", "note", "submitted_at", "submitted_by"])
        return follow_up


def follow_ups_due(*, today: datetime.date) -> list[int]:
    """The follow-ups to remind of today: open, not filed, not reminded in the last week."""
    now = timezone.now()
    return list(
        FollowUp.objects.filter(submitted_at__isnull=True, due__lte=today + datetime.timedelta(days=OPEN_DAYS))
        .exclude(reminded_at__gt=now - REMIND_EVERY)
        .order_by("due", "pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def follow_up_reminded(*, follow_up_id: int) -> FollowUp | None:
    """Count a reminder sent (None: filed or reminded meanwhile, by another run)."""
    with audit_context(actor=None, action="follow_up_remind"):
        follow_up = FollowUp.objects.select_for_update().filter(pk=follow_up_id, submitted_at__isnull=True).first()
        if follow_up is None or (follow_up.reminded_at and follow_up.reminded_at > timezone.now() - REMIND_EVERY):
            return None
        follow_up.reminded_at, follow_up.reminders = timezone.now(), follow_up.reminders + 1
        follow_up.save(update_fields=["reminded_at", "reminders"])
        return follow_up
