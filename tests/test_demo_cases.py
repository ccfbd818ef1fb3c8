"""``load_demo --cases``: the demo cases across the lifecycle, made through the services (every status
change is an event of the transition service), loaded twice with nothing changed, and on every demo role's
dashboard. Without ``--cases`` the demo has no cases (cases-api.md)."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from applications import services as case_services
from applications.models import Case, CaseEvent, CaseStatus
from disbursements.models import Instalment, InstalmentStatus
from portal.models import User
from programs.selectors import edition_current
from reviews.models import Assignment, Decision

pytestmark = pytest.mark.django_db

S = CaseStatus
# (company, edition) → the status the demo leaves the case in
STORY = {
    ("22099131", "dmmap-2023-digital-ops"): S.DRAFT,
    ("12456784", "lean-2026-basic"): S.SUPPLEMENT_REQUESTED,
    ("22099131", "machinery-2025"): S.UNDER_REVIEW,
    ("12456784", "machinery-2025"): S.IN_PROGRESS,
    ("22099131", "lean-2026-basic"): S.CLOSED,
}
# who sees which cases of the story on their dashboard
DASHBOARDS = {
    "applicant@demo.tw": [
        ("22099131", "dmmap-2023-digital-ops"),
        ("22099131", "machinery-2025"),
        ("22099131", "lean-2026-basic"),
    ],
    "applicant2@demo.tw": [("12456784", "lean-2026-basic"), ("12456784", "machinery-2025")],
    "counsellor@demo.tw": [("22099131", "dmmap-2023-digital-ops")],
    "counsellor2@demo.tw": [("22099131", "machinery-2025"), ("12456784", "machinery-2025")],
    "reviewer@demo.tw": [("22099131", "machinery-2025")],
    "reviewer2@demo.tw": [("22099131", "machinery-2025")],
    "officer@demo.tw": [("12456784", "lean-2026-basic")],
    "admin@demo.tw": [("12456784", "lean-2026-basic")],
    "accountant@demo.tw": [("12456784", "machinery-2025")],  # the expenses of the case under way
}


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", cases=True, stdout=StringIO())


def story_case(company: str, edition: str) -> Case:
    return Case.objects.get(company__ubn=company, edition_code=edition)


def fingerprint() -> dict[str, int]:
    labels = ("portal", "programs", "applications", "reviews", "disbursements", "carbon")
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in labels}


def test_the_demo_cases_span_the_lifecycle(demo):
    assert {(c.company.ubn, c.edition_code): c.status for c in Case.objects.select_related("company")} == STORY


def test_every_status_was_reached_through_the_transition_service(demo):
    for case in Case.objects.all():
        events = list(CaseEvent.objects.filter(case=case).order_by("occurred_at", "pk"))
        moves = [(e.from_status, e.to_status) for e in events if e.from_status != e.to_status]
        chain = [S.DRAFT] + [to for _from, to in moves]
        assert all(a == b for (a, _), b in zip(moves, chain, strict=False)), (
            moves
        )  # each move starts where the last ended
        assert chain[-1] == case.status


def test_the_review_and_the_money_are_where_the_story_says(demo):
    reviewing = story_case("22099131", "machinery-2025")
    sheets = {
        a.reviewer.email: getattr(getattr(a, "sheet", None), "submitted_at", None) is not None
        for a in Assignment.objects.filter(case=reviewing).select_related("reviewer", "sheet")
    }
    assert sheets == {"reviewer@demo.tw": False, "reviewer2@demo.tw": True}
    paying = story_case("12456784", "machinery-2025")
    assert Decision.objects.get(case=paying).approved_gov == paying.approved_gov == 3_200_000
    assert [i.status for i in Instalment.objects.filter(case=paying).order_by("no")] == [
        InstalmentStatus.RELEASED,
        InstalmentStatus.PLANNED,
        InstalmentStatus.PLANNED,
    ]
    assert paying.progress_reports.count() == 1
    closed = story_case("22099131", "lean-2026-basic")
    assert [i.status for i in Instalment.objects.filter(case=closed)] == [InstalmentStatus.RELEASED]
    assert story_case("12456784", "lean-2026-basic").due is not None


def test_loading_again_changes_nothing(demo):
    before = fingerprint()
    statuses = dict(Case.objects.values_list("pk", "status"))
    call_command("load_demo", cases=True, stdout=StringIO())
    assert fingerprint() == before
    assert dict(Case.objects.values_list("pk", "status")) == statuses


def test_without_cases_the_demo_has_none(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert not Case.objects.exists()


@pytest.mark.parametrize("email", list(DASHBOARDS))
def test_every_demo_role_finds_its_cases_on_the_dashboard(demo, client, email):
    client.force_login(User.objects.get(email=email))
    page = client.get("/dashboard/").content.decode()
    for company, edition in DASHBOARDS[email]:
        case = story_case(company, edition)
        assert f"cases/{case.pk}/" in page, (email, case.reference)  # the case, or the office's screening of it


def test_a_case_someone_took_elsewhere_is_left_as_they_left_it(settings, tmp_path):
    """Someone trying the demo drafted the lean plan of company 12456784 themselves, with only a title: its
    submission is refused, so loading the cases leaves it a draft, and the rest of the story is still told."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    applicant2 = User.objects.get(email="applicant2@demo.tw")
    edition = edition_current(code="lean-2026-basic")
    case_services.case_create(actor=applicant2, edition=edition, company=None, data={"title": "自己的草稿"})
    call_command("load_demo", cases=True, stdout=StringIO())
    statuses = {(c.company.ubn, c.edition_code): c.status for c in Case.objects.select_related("company")}
    assert statuses == {**STORY, ("12456784", "lean-2026-basic"): S.DRAFT}
    assert story_case("12456784", "lean-2026-basic").title == "自己的草稿"
