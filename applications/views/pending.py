"""Stand-ins for url names that the navigation and the office pages reverse but that the company and
counselling-unit pages (``parties``) have not provided yet: each stand-in is added only while no other
pattern has its name, so it disappears by itself once the real page exists.

Until then: "my cases" sends the programme office to its queue, a case's page sends it to the screening
page; for anyone else both do not exist (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import URLPattern, path


@login_required
def case_list(request):
    if request.user.has_perm("applications.view_case_queue"):
        return redirect("case-queue")
    raise Http404


@login_required
def case_detail(request, pk: int):
    if request.user.has_perm("applications.view_case_queue"):
        return redirect("case-screening", pk)
    raise Http404


STAND_INS = [
    path("cases/", case_list, name="case-list"),
    path("cases/<int:pk>/", case_detail, name="case-detail"),
]


def missing(patterns: list[URLPattern]) -> list[URLPattern]:
    names = {getattr(p, "name", None) for p in patterns}
    return [p for p in STAND_INS if p.name not in names]
