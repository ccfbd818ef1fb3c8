"""The review services on the real transitions: assignment with conflicts, sheets, the decision, replies."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from applications.models import Case, CaseEvent, CaseStatus
from programs.models import EvaluationPurpose, RuleEvaluation
from programs.rules import score_sheet
from programs.rulesets import ruleset_for
from programs.selectors import edition_current
from reviews import services
from reviews.caps import cap_outcomes, cap_rules
from reviews.models import Assignment, ConflictDeclaration, Decision, ReviewComment, ScoreSheet
from tests.applications.builders import upload
from tests.factories import CompanyFactory, UserFactory

from .builders import FAIR, FAIR_TOTAL, GOOD, GOOD_TOTAL, assign, decide, reviewer, score, under_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages below are matched in English (the pages test the Chinese)."""
    with translation.override("en"):
        yield


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
    assert (decision.requested_gov, decision.approved_gov, decision.sheets) == (3_500_000, 3_000_000, 2)
    assert decision.evaluation.purpose == EvaluationPurpose.DECISION
    assert {o["rule"] for o in decision.evaluation.outcomes} == {
        "approved_within_request",
        "total_cap",
        "gov_cap",
        "gov_share_max",
        "self_share_min",
    }
    comments = ReviewComment.objects.filter(case=case)
    assert [(c.number, c.reviewer_no, c.comment) for c in comments] == [
        (1, 1, "請補充量化數據"),
        (2, 2, "能耗模組說明不足"),
    ]
    event = CaseEvent.objects.filter(case=case, action="decide").get()
    assert "3,000,000" in event.reason and "74.75" in event.reason and "依評分酌減" in event.reason
    assert event.data["evaluation"] == decision.evaluation_id
    told = [m for m in mail.outbox if "3,000,000" in m.body]
    assert {address for m in told for address in m.to} == {case.applicant.email, case.counsellor.email}


def test_a_reviewers_total_is_the_score_sheet_calculators():
    case = under_review()
    person = reviewer()
    assign(case, person)
    sheet = score(case, person, FAIR, submit=False)
    expected = score_sheet(ruleset_for(case.edition), FAIR, {}, lang="zh-hant")
    assert f"{sheet.total:.2f}" == expected.data["total"]
    assert sheet.criteria == expected.data["criteria"]
    assert sheet.submitted_at is None and sheet.evaluation is None


def test_submitting_stores_the_evaluation():
    case = under_review()
    person = reviewer()
    assign(case, person)
    sheet = score(case, person, GOOD)
    assert sheet.evaluation.purpose == EvaluationPurpose.SCORE
    assert sheet.evaluation.result["total"] == "81.00"
    assert sheet.evaluation.inputs["scores"] == {"needs": "80", "solution": "90", "benefits": "70", "training": "60"}


# --- conflicts of interest -------------------------------------------------------------------------


def test_a_declared_conflict_with_the_company_refuses_the_assignment():
    case = under_review()
    person = reviewer()
    services.conflict_declare(actor=person, company=case.company, reason="曾任該公司顧問")
    with pytest.raises(ValidationError) as refused:
        assign(case, person)
    assert "曾任該公司顧問" in str(refused.value.message_dict["reviewer"])
    assert not Assignment.objects.filter(case=case).exists()


def test_a_declared_conflict_with_the_unit_refuses_the_assignment():
    case = under_review()
    person = reviewer()
    services.conflict_declare(actor=person, unit=case.unit, reason="配偶任職該單位")
    with pytest.raises(ValidationError, match="配偶任職該單位"):
        assign(case, person)


def test_the_reviewers_own_organisation_is_a_conflict():
    case = under_review()
    for ubn in (case.company.ubn, case.unit.ubn):
        person = reviewer(organisation_ubn=ubn)
        with pytest.raises(ValidationError, match=ubn):
            assign(case, person)
    assert not Assignment.objects.exists()


def test_the_principal_investigator_or_a_consultant_cannot_review_the_case():
    case = under_review()
    for role in ("pi", "consultant"):
        person = case.staff.get(role=role)
        user = reviewer()
        user.email = person.email.upper()  # the same address, whatever its case
        user.save()
        with pytest.raises(ValidationError, match=person.name):
            assign(case, user)
    assert not Assignment.objects.exists()


def test_a_conflict_declared_after_assignment_withdraws_it_and_tells_the_officer(django_capture_on_commit_callbacks):
    case = under_review()
    other = under_review()  # another company's case: untouched
    person = reviewer()
    mine = assign(case, person)
    elsewhere = assign(other, person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _declaration, withdrawn = services.conflict_declare(actor=person, company=case.company, reason="持有股份")
    assert [a.pk for a in withdrawn] == [mine.pk]
    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    assert mine.withdrawn_at is not None and "持有股份" in mine.withdrawn_reason
    assert elsewhere.withdrawn_at is None
    assert [m.to for m in mail.outbox] == [[case.office.email]]
    assert case.reference in mail.outbox[0].subject and "持有股份" in mail.outbox[0].body


def test_a_conflict_on_a_decided_case_leaves_its_assignment():
    case = under_review()
    person = reviewer()
    assign(case, person)
    score(case, person)
    decide(case, decision="reject", reason="創新性不足")
    _declaration, withdrawn = services.conflict_declare(actor=person, company=case.company, reason="事後得知")
    assert withdrawn == []


def test_declaring_needs_exactly_one_organisation_and_a_reason():
    person = reviewer()
    company = CompanyFactory()
    with pytest.raises(ValidationError):
        services.conflict_declare(actor=person, reason="x")
    with pytest.raises(ValidationError):
        services.conflict_declare(actor=person, company=company, reason="  ")
    services.conflict_declare(actor=person, company=company, reason="顧問")
    with pytest.raises(ValidationError, match="already declared"):
        services.conflict_declare(actor=person, company=company, reason="again")
    with pytest.raises(PermissionDenied):
        services.conflict_declare(actor=UserFactory(), company=company, reason="not a reviewer")
    assert ConflictDeclaration.objects.count() == 1


# --- assignment refusals ---------------------------------------------------------------------------


def test_assignment_refusals():
    case = under_review()
    person = reviewer()
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=case.counsellor, case=case, reviewer=person)
    with pytest.raises(ValidationError, match="no profile"):
        assign(case, UserFactory(role="reviewer"))
    with pytest.raises(ValidationError, match="does not serve"):
        assign(case, reviewer(editions=["lean-2026-basic"]))
    with pytest.raises(ValidationError, match="active reviewer"):
        assign(case, case.applicant)
    assign(case, person)
    with pytest.raises(ValidationError, match="already assigned"):
        assign(case, person)
    with pytest.raises(ValidationError, match="round"):
        assign(case, reviewer(), round=0)
    assert Assignment.objects.filter(case=case).count() == 1


def test_no_assignment_before_the_case_is_under_review():
    from tests.applications.builders import machinery_case

    case = machinery_case()
    with pytest.raises(services.ReviewConflict):
        services.assignment_create(actor=UserFactory(role="officer"), case=case, reviewer=reviewer())


def test_one_active_assignment_per_reviewer_in_the_database():
    case = under_review()
    person = reviewer()
    assign(case, person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(case=case, reviewer=person)


# --- score sheets --------------------------------------------------------------------------------


@pytest.fixture
def assigned():
    case = under_review()
    person = reviewer()
    assign(case, person)
    return case, person


@pytest.mark.parametrize(
    ("scores", "field"),
    [
        ({**GOOD, "needs": Decimal("101")}, "scores.needs"),
        ({**GOOD, "training": Decimal("-1")}, "scores.training"),
        ({k: v for k, v in GOOD.items() if k != "benefits"}, "scores.benefits"),
        ({**GOOD, "innovation": Decimal("50")}, "scores.innovation"),
    ],
)
def test_a_bad_score_is_refused_with_the_engines_message_and_nothing_stored(assigned, scores, field):
    case, person = assigned
    with pytest.raises(ValidationError) as refused:
        score(case, person, scores)
    assert field in refused.value.message_dict
    assert not ScoreSheet.objects.exists()
    assert Assignment.objects.get(case=case).confirmed_no_conflict_at is None  # the confirmation rolled back


def test_a_submitted_sheet_cannot_change_and_there_is_no_second_sheet(assigned):
    case, person = assigned
    first = score(case, person, GOOD)
    with pytest.raises(services.ReviewConflict, match="cannot change"):
        score(case, person, FAIR)
    with pytest.raises(services.ReviewConflict):
        score(case, person, FAIR, submit=False)
    assert ScoreSheet.objects.get().total == first.total == GOOD_TOTAL
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(assignment=first.assignment, edition=case.edition, total=0)


def test_the_database_refuses_to_change_or_delete_a_submitted_sheet(assigned):
    case, person = assigned
    sheet = score(case, person, GOOD)
    with pytest.raises(Exception, match="cannot change"), transaction.atomic():
        ScoreSheet.objects.filter(pk=sheet.pk).update(total=Decimal("99"))
    with pytest.raises(Exception, match="cannot change"), transaction.atomic():
        ScoreSheet.objects.filter(pk=sheet.pk).delete()
    assert ScoreSheet.objects.get(pk=sheet.pk).total == GOOD_TOTAL


def test_a_draft_changes_until_it_is_submitted(assigned):
    case, person = assigned
    score(case, person, FAIR, submit=False)
    sheet = score(case, person, GOOD, submit=True)
    assert ScoreSheet.objects.count() == 1 and sheet.total == GOOD_TOTAL and sheet.submitted


def test_only_the_assigned_reviewer_has_a_sheet(assigned):
    case, _person = assigned
    with pytest.raises(services.NotAssigned):
        score(case, reviewer())


def test_the_pages_ask_for_the_confirmation_first(assigned):
    case, person = assigned
    with pytest.raises(services.NotConfirmed):
        services.sheet_save(actor=person, case=case, scores=GOOD, lang="zh-hant")
    services.assignment_confirm(actor=person, assignment=Assignment.objects.get(case=case))
    services.sheet_save(actor=person, case=case, scores=GOOD, lang="zh-hant")


def test_confirmation_is_refused_when_the_portal_sees_a_conflict(assigned):
    case, person = assigned
    person.reviewer_profile.organisation_ubn = case.company.ubn
    person.reviewer_profile.save()
    with pytest.raises(ValidationError, match=case.company.ubn):
        services.assignment_confirm(actor=person, assignment=Assignment.objects.get(case=case))


# --- the decision -------------------------------------------------------------------------------


def _refused(case, **payload):
    from applications.services import CaseRefused

    with pytest.raises(CaseRefused) as refused:
        decide(case, **payload)
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW and case.approved_gov is None
    assert not Decision.objects.filter(case=case).exists()
    assert not RuleEvaluation.objects.filter(purpose=EvaluationPurpose.DECISION).exists()
    assert not ReviewComment.objects.exists()
    return refused.value


def test_a_decision_needs_a_reviewer_and_every_sheet():
    case = under_review()
    assert "assignments" in _refused(case, decision="approve", approved_gov=1_000_000).errors
    first, second = reviewer(), reviewer()
    assign(case, first)
    assign(case, second)
    score(case, first, GOOD)
    score(case, second, FAIR, submit=False)
    errors = _refused(case, decision="approve", approved_gov=1_000_000).errors
    assert second.full_name in errors["sheets"][0] and first.full_name not in errors["sheets"][0]


@pytest.fixture
def scored():
    case = under_review()
    for scores in (GOOD, FAIR):
        person = reviewer()
        assign(case, person)
        score(case, person, scores, comment="意見")
    return case


def test_a_decision_above_the_request_is_refused(scored):
    refusal = _refused(scored, decision="approve", approved_gov=3_500_001)
    assert "3,500,001" in refusal.errors["approved_gov"][0] and "3,500,000" in refusal.errors["approved_gov"][0]
    # 3,500,001 + 1,500,000 self-funding also passes the total's cap and tips both shares
    assert [o.rule for o in refusal.outcomes if o.blocking] == [
        "approved_within_request",
        "total_cap",
        "gov_cap",
        "gov_share_max",
        "self_share_min",
    ]


@pytest.mark.parametrize("value", [0, -5, "lots", "3000000", True, None, 1.5])
def test_an_approval_needs_a_positive_whole_amount(scored, value):
    assert "approved_gov" in _refused(scored, decision="approve", approved_gov=value).errors


def test_a_rejection_and_a_reduction_need_a_reason(scored):
    assert "reason" in _refused(scored, decision="reject").errors
    assert "reason" in _refused(scored, decision="approve", approved_gov=3_000_000).errors
    assert "decision" in _refused(scored, decision="maybe").errors
    decide(scored, decision="approve", approved_gov=3_500_000)  # the full request needs no reason


def test_a_rejection_is_stored_with_no_amount(scored):
    case = decide(scored, decision="reject", reason="預期效益不明確")
    assert case.status == CaseStatus.REJECTED and case.approved_gov is None
    decision = Decision.objects.get(case=case)
    assert decision.approved_gov is None and decision.reason == "預期效益不明確"
    assert ReviewComment.objects.filter(case=case).count() == 2


def test_the_caps_are_those_on_the_totals():
    ruleset = ruleset_for(edition_current(code="machinery-2025"))
    assert [r.id for r in cap_rules(ruleset)] == ["total_cap", "gov_cap", "gov_share_max", "self_share_min"]


def test_a_reduction_keeps_every_share_within_its_limits(scored):
    for approved in (1, 1_000_000, 3_499_999, 3_500_000):
        outcomes = cap_outcomes(scored, approved, lang="zh-hant")
        assert all(o.passed for o in outcomes), [o.message for o in outcomes if not o.passed]
        self_share = next(o for o in outcomes if o.rule == "self_share_min")
        assert Decimal(self_share.values["share"]) >= Decimal("30.00")


def test_a_cap_breached_within_the_request_is_refused(scored):
    # a request above the programme's cap (as if the cap had been lowered): the request alone does not bound it
    Case.objects.filter(pk=scored.pk).update(requested_gov=4_000_000)
    scored.refresh_from_db()
    refusal = _refused(scored, decision="approve", approved_gov=3_600_000, reason="x")
    assert [o.rule for o in refusal.outcomes if o.blocking] == [
        "total_cap",
        "gov_cap",
        "gov_share_max",
        "self_share_min",
    ]
    assert "3,500,000" in " ".join(refusal.errors["approved_gov"])
    decide(scored, decision="approve", approved_gov=3_500_000, reason="以上限核定")


def test_a_withdrawn_reviewers_sheet_does_not_count(scored):
    late = reviewer()
    assign(scored, late)
    services.assignment_withdraw(actor=scored.office, assignment=Assignment.objects.get(reviewer=late), reason="出國")
    decide(scored, decision="approve", approved_gov=3_500_000)
    assert Decision.objects.get(case=scored).sheets == 2


# --- replies and the revised plan ------------------------------------------------------------------


@pytest.fixture
def approved(scored):
    decide(scored, decision="approve", approved_gov=3_200_000, reason="酌減")
    return scored


def test_the_company_answers_and_the_office_accepts(approved):
    case = approved
    with pytest.raises(ValidationError, match="not been uploaded"):
        services.revision_accept(actor=case.office, case=case)
    plan = services.revised_plan_upload(actor=case.applicant, case=case, upload=upload("revised.pdf"))
    assert plan.version == 1
    services.comment_replies_save(actor=case.applicant, case=case, replies={1: {"reply": "已補充", "page": "12"}})
    with pytest.raises(ValidationError, match="2"):
        services.revision_accept(actor=case.office, case=case)
    services.comment_replies_save(actor=case.counsellor, case=case, replies={2: {"reply": "無", "page": "-"}})
    with pytest.raises(PermissionDenied):
        services.revision_accept(actor=case.applicant, case=case)
    accepted = services.revision_accept(actor=case.office, case=case, note="同意")
    assert accepted.accepted_at is not None
    with pytest.raises(services.ReviewConflict):
        services.comment_replies_save(actor=case.applicant, case=case, replies={1: {"reply": "改", "page": "1"}})
    assert ReviewComment.objects.get(case=case, number=1).reply == "已補充"


def test_replies_refusals(approved):
    case = approved
    with pytest.raises(PermissionDenied):
        services.comment_replies_save(actor=UserFactory(), case=case, replies={1: {"reply": "x"}})
    with pytest.raises(ValidationError):
        services.comment_replies_save(actor=case.applicant, case=case, replies={9: {"reply": "x"}})
    with pytest.raises(ValidationError):
        services.comment_replies_save(actor=case.applicant, case=case, replies={1: {"reply": "x", "page": "9" * 41}})
    with pytest.raises(ValidationError, match="content"):
        services.revised_plan_upload(actor=case.applicant, case=case, upload=upload("plan.pdf", b"not a pdf"))
    assert not ReviewComment.objects.exclude(reply="").exists()


def test_no_replies_on_a_rejected_case(scored):
    decide(scored, decision="reject", reason="不符")
    with pytest.raises(services.ReviewConflict):
        services.comment_replies_save(actor=scored.applicant, case=scored, replies={1: {"reply": "x"}})


# --- bonus items ----------------------------------------------------------------------------------


def lean_case_under_review():
    """A lean-2026-basic case (a rubric with bonus items) put under review directly in the database."""
    edition = edition_current(code="lean-2026-basic")
    applicant = UserFactory()
    return Case.objects.create(
        reference="lean-2026-basic-0001",
        edition=edition,
        edition_code=edition.code,
        company=applicant.company,
        created_by=applicant,
        title="精實改善",
        status=CaseStatus.UNDER_REVIEW,
        requested_gov=500_000,
        requested_self=500_000,
    )


LEAN = {"situation": Decimal("80"), "feasibility": Decimal("70"), "benefits": Decimal("90")}  # 20 + 28 + 31.5


def test_the_bonus_counts_up_to_the_editions_cap():
    case = lean_case_under_review()
    person = reviewer()
    services.assignment_create(actor=UserFactory(role="officer"), case=case, reviewer=person)
    sheet = score(case, person, LEAN, submit=False, bonus={"carbon": Decimal("5"), "ai_tools": Decimal("3")})
    assert (sheet.bonus_counted, sheet.total) == (Decimal("8.00"), Decimal("87.50"))
    sheet = score(
        case, person, LEAN, bonus={"carbon": Decimal("5"), "ai_tools": Decimal("5"), "industry_29": Decimal("5")}
    )
    assert (sheet.bonus_counted, sheet.total) == (Decimal("10.00"), Decimal("89.50"))
    assert sheet.bonus == {"carbon": "5", "ai_tools": "5", "industry_29": "5"}


def test_a_bonus_item_above_its_maximum_is_refused():
    case = lean_case_under_review()
    person = reviewer()
    services.assignment_create(actor=UserFactory(role="officer"), case=case, reviewer=person)
    with pytest.raises(ValidationError) as refused:
        score(case, person, LEAN, bonus={"carbon": Decimal("10.5")})  # an item is capped at the total (10)
    assert list(refused.value.message_dict) == ["bonus.carbon"]
    assert not ScoreSheet.objects.exists()


def test_the_office_sets_the_editions_a_reviewer_serves():
    person = reviewer()
    office = UserFactory(role="officer")
    profile = services.reviewer_profile_save(actor=office, reviewer=person, data={"editions": ["machinery-2025"]})
    assert profile.editions == ["machinery-2025"]
    with pytest.raises(ValidationError, match="nope"):
        services.reviewer_profile_save(actor=office, reviewer=person, data={"editions": ["nope"]})
    with pytest.raises(ValidationError):
        services.reviewer_profile_save(actor=person, reviewer=person, data={"editions": []})  # not theirs to set
    with pytest.raises(PermissionDenied):
        services.reviewer_profile_save(actor=reviewer(), reviewer=person, data={"expertise": "x"})
    with pytest.raises(ValidationError):
        services.reviewer_profile_save(actor=person, reviewer=person, data={"organisation_ubn": "12345678"})
    services.reviewer_profile_save(actor=person, reviewer=person, data={"expertise": "精實管理"})
    person.reviewer_profile.refresh_from_db()
    assert (person.reviewer_profile.expertise, person.reviewer_profile.editions) == ("精實管理", ["machinery-2025"])


def test_the_reviewer_is_told_of_the_assignment(django_capture_on_commit_callbacks):
    case = under_review()
    person = reviewer()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assign(case, person)
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert case.reference in mail.outbox[0].subject and case.title in mail.outbox[0].body
    assert case.needs not in mail.outbox[0].body  # the proposal waits for the confirmation
