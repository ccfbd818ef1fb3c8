"""The programme office's money pages: the dashboard (every edition with contracts: approved, disbursed, spent,
remaining, clawback, overdue reports, withheld instalments; plan changes awaiting a decision; disbursement
over time) and each edition's ledger (a page of contracts, the same figures per case, Excel export). Only the
office has them. Each runs the same queries however many cases there are."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from applications.models import CaseStatus
from portal.language import text_in_language
from portal.views.pages import paginate
from programs.models import Edition, EditionStatus

from .. import selectors
from ..charts import disbursement_chart
from ..exports import CONTENT_TYPE, edition_ledger_workbook
from ..models import Release

PENDING_SHOWN = 20


def office_only(request) -> None:
    if not request.user.has_perm("disbursements.view_edition_ledger"):
        raise Http404


def _edition_titles(codes) -> dict[str, str]:
    """Each code's track in words (its published version, else its newest), in one query."""
    titles: dict[str, str] = {}
    rows = (
        Edition.objects.filter(code__in=list(codes))
        .order_by("code", "-version")
        .values_list("code", "status", "track", "year")
    )
    for code, status, track, year in rows:
        if code not in titles or status == EditionStatus.PUBLISHED:
            titles[code] = f"{text_in_language(track)}（{year}）"
    return titles


@login_required
def money_dashboard(request):
    office_only(request)
    totals = selectors.money_totals()
    titles = _edition_titles(totals)
    overall = selectors.Totals()
    for entry in totals.values():
        for name in vars(overall):
            setattr(overall, name, getattr(overall, name) + getattr(entry, name))
    pending = selectors.pending_plan_changes()
    monthly = selectors.monthly_releases(releases=Release.objects.all())
    return render(
        request,
        "disbursements/dashboard.html",
        {
            "editions": [(code, titles.get(code, code), entry) for code, entry in sorted(totals.items())],
            "overall": overall,
            "pending": list(pending[:PENDING_SHOWN]),
            "pending_count": pending.count(),
            "chart": disbursement_chart(monthly, approved=overall.approved),
        },
    )


def _rows(page, *, today) -> list[dict]:
    statuses = dict(CaseStatus.choices)
    return [
        {
            **row,
            "status": statuses.get(row["case__status"], ""),
            "overdue": selectors.report_overdue(
                status=row["case__status"],
                checkpoints=row["case__checkpoints"],
                period_end=row["case__period_end"],
                last_as_of=row["last_report"],
                has_final=row["has_final"],
                today=today,
            ),
        }
        for row in selectors.ledger_rows_verified(page)
    ]


def _edition(request, code: str) -> tuple[str, selectors.Totals]:
    """The edition's title and ledger totals, for the office only (404 for anyone else or an unknown code)."""
    office_only(request)
    titles = _edition_titles([code])
    if code not in titles:
        raise Http404
    return titles[code], selectors.money_totals(edition_code=code).get(code, selectors.Totals())


@login_required
def edition_ledger(request, code: str):
    title, totals = _edition(request, code)
    page = paginate(request, selectors.edition_ledger_rows(edition_code=code))
    monthly = selectors.monthly_releases(releases=Release.objects.filter(case__edition_code=code))
    return render(
        request,
        "disbursements/edition.html",
        {
            "code": code,
            "title": title,
            "totals": totals,
            "page": page,
            "rows": _rows(page.object_list, today=timezone.localdate()),
            "chart": disbursement_chart(monthly, approved=totals.approved),
        },
    )


@login_required
def edition_export(request, code: str):
    edition, totals = _edition(request, code)
    rows = selectors.ledger_rows_verified(selectors.edition_ledger_rows(edition_code=code).iterator(chunk_size=2000))
    title = _("Ledger: %(edition)s") % {"edition": edition}
    response = HttpResponse(edition_ledger_workbook(title=title, rows=rows, totals=totals), content_type=CONTENT_TYPE)
    name = _("ledger")
    filename = f"{code}-{name}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
