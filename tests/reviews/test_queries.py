"""The panel (API, page and exports), the pool and the reviewer's inbox run the same number of queries at 5
and at 500 cases."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Case, CaseStatus
from portal.models import Company, Role
from programs.models import EvaluationPurpose, RuleEvaluation
from programs.selectors import edition_current
from reviews.models import Assignment, ConflictDeclaration, ScoreSheet
from tests.factories import CompanyFactory, UserFactory
from tests.helpers import assert_constant_queries

from .builders import reviewer

pytestmark = pytest.mark.django_db

SIZES = (5, 500)


class Panel:
    """Cases under review with two submitted sheets each, written in bulk."""

    def __init__(self):
        self.edition = edition_current(code="machinery-2025")
        self.office = UserFactory(role=Role.OFFICER)
        self.reviewers = [reviewer(), reviewer()]
        self.evaluation = RuleEvaluation.objects.create(
            edition=self.edition,
            purpose=EvaluationPurpose.SCORE,
            subject_type="score_sheet",
            subject_id="bulk",
            inputs={},
            outcomes=[],
            passed=True,
            language="zh-hant",
        )

    def grow(self, n: int) -> None:
        have = Case.objects.count()
        companies = Company.objects.bulk_create(CompanyFactory.build_batch(n - have))
        cases = Case.objects.bulk_create(
            Case(
                reference=f"bulk-{have + i:04d}",
                edition=self.edition,
                edition_code=self.edition.code,
                company=c,
                created_by=self.office,
                title=f"案件 {have + i}",
                status=CaseStatus.UNDER_REVIEW,
                requested_gov=1_000_000 + i,
                requested_self=500_000,
            )
            for i, c in enumerate(companies)
        )
        assignments = Assignment.objects.bulk_create(
            Assignment(case=case, reviewer=person, assigned_by=self.office, confirmed_no_conflict_at=timezone.now())
            for case in cases
            for person in self.reviewers
        )
        now = timezone.now()
        ScoreSheet.objects.bulk_create(
            ScoreSheet(
                assignment=a,
                edition=self.edition,
                scores={},
                total=Decimal(60 + (a.pk % 40)),
                submitted_at=now,
                evaluation=self.evaluation,
            )
            for a in assignments
        )


@pytest.fixture
def panel():
    return Panel()


def test_the_panel_api(client, panel):
    client.force_login(panel.office)
    assert_constant_queries(lambda: client.get("/api/v1/editions/machinery-2025/panel/"), panel.grow, SIZES)


def test_the_panel_api_for_a_reviewer(client, panel):
    client.force_login(panel.reviewers[0])
    assert_constant_queries(lambda: client.get("/api/v1/editions/machinery-2025/panel/"), panel.grow, SIZES)


def test_the_panel_page(client, panel):
    client.force_login(panel.office)
    url = reverse("review-panel", args=["machinery-2025"])
    assert_constant_queries(lambda: client.get(url + "?sort=-spread"), panel.grow, SIZES)


@pytest.mark.parametrize("kind", ["panel", "sheets"])
def test_the_panel_exports(client, panel, kind):
    client.force_login(panel.office)
    url = reverse("review-panel-export", args=["machinery-2025", kind])
    assert_constant_queries(lambda: client.get(url), panel.grow, SIZES)


def test_the_reviewers_inbox(client, panel):
    client.force_login(panel.reviewers[0])
    assert_constant_queries(lambda: client.get(reverse("review-inbox")), panel.grow, SIZES)
    assert_constant_queries(lambda: client.get(reverse("dashboard")), panel.grow, (600, 650))


def test_the_reviewer_pool(client, panel):
    client.force_login(panel.office)

    def grow(n):
        for _ in range(n - len(panel.reviewers)):
            panel.reviewers.append(reviewer())

    assert_constant_queries(lambda: client.get("/api/v1/reviewers/"), grow, (5, 40))


def test_the_assignment_page_with_the_pool_and_its_conflicts(client):
    from .builders import under_review

    case = under_review()
    pool = []

    def grow(n):
        while len(pool) < n:
            person = reviewer()
            if len(pool) % 3 == 0:  # some declared, some detected conflicts, so that every check runs
                ConflictDeclaration.objects.create(reviewer=person, company=case.company, reason="顧問")
            pool.append(person)

    client.force_login(case.office)
    url = reverse("review-assignments", args=[case.pk])
    assert_constant_queries(lambda: client.get(url), grow, (5, 60))
