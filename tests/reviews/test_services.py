"""The review services on the real transitions: assignment with conflicts, sheets, the decision."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from applications import services as case_services
from applications.models import CaseEvent, CaseStatus
from programs.models import EvaluationPurpose, RuleEvaluation
from reviews import services
from reviews.models import Assignment, ConflictDeclaration, Decision, ReviewComment, ScoreSheet
from tests.factories import CompanyFactory

from .builders import FAIR, FAIR_TOTAL, GOOD, GOOD_TOTAL, assign, decide, reviewer, score, under_review

pytestmark = pytest.mark.django_db


def test_story_assign_score_decide(django_capture_on_commit_callbacks):
    case = under_review()
    first, second = reviewer(), reviewer()
    assign(case, first)
    assign(case, second)
    assert score(case, first, GOOD, comment="請補充量化數據").total == GOOD_TOTAL
    assert score(case, second, FAIR, comments={"solution": "能耗模組說明不足"}).total == FAIR_TOTAL
    with django_capture_on_commit_callbacks(execute=True):
        decided = decide(case, decision="approve", approved_gov=3_000_000, reason="依評分酌減")
    assert decided.status == CaseStatus.APPROVED
    assert decided.approved_gov == 3_000_000
    decision = Decision.objects.get(case=case)
    assert decision.mean == Decimal("74.75")
    assert decision.evaluation.purpose == EvaluationPurpose.DECISION
    assert [c.comment for c in ReviewComment.objects.filter(case=case)] == ["請補充量化數據", "能耗模組說明不足"]
    event = CaseEvent.objects.filter(case=case, action="decide").get()
    assert "3,000,000" in event.reason and "74.75" in event.reason
    told = [m for m in mail.outbox if "3,000,000" in m.body]
    assert {address for m in told for address in m.to} == {case.applicant.email, case.counsellor.email}
