"""Reviews' demo data (run by portal's ``load_demo`` command after the apps below it): the demo reviewers join
the reviewer pool with their affiliation and expertise, serving every edition. With ``--cases``: the office
assigns reviewers to the demo cases applications has screened, the reviewers score them, and the office
decides those meant to go on — each through the reviews' services and the transition service, each step
taken only while it is still to do, so loading again changes nothing."""

from decimal import Decimal

from applications import services as case_services
from applications.demo import OFFICER, demo_case, person, story_step
from applications.models import Case, CaseStatus
from portal.models import Role, User
from reviews import services
from reviews.models import Assignment, ReviewerProfile

EXPERTISE = {
    "reviewer@demo.tw": "智慧製造、設備聯網、能源管理",
    "reviewer2@demo.tw": "機械設計、低碳製程、碳盤查",
    "reviewer3@demo.tw": "精實管理、價值流分析、數位轉型",
}

MACHINERY_GOOD = {"needs": "82", "solution": "88", "benefits": "75", "training": "70"}
MACHINERY_FAIR = {"needs": "75", "solution": "78", "benefits": "70", "training": "65"}
LEAN_GOOD = {"situation": "85", "feasibility": "80", "benefits": "88"}
COMMENTS = {
    "machinery": {
        "solution": "能耗模組的量測點規劃請再具體說明。",
        "benefits": "節能效益之基準年請與第三方驗證機構確認。",
    },
    "lean": {"feasibility": "換模改善的時程略緊，建議分兩階段導入。"},
}

# case → [(reviewer, scores, submitted)], and the decision once every sheet is in (None: still under review)
REVIEWS = {
    "review": ([("reviewer2@demo.tw", MACHINERY_GOOD, True), ("reviewer@demo.tw", None, False)], None),
    "money": (
        [("reviewer@demo.tw", MACHINERY_GOOD, True), ("reviewer3@demo.tw", MACHINERY_FAIR, True)],
        {"decision": "approve", "approved_gov": 3_200_000, "reason": "依審查意見酌減顧問費用。"},
    ),
    "closed": (
        [("reviewer2@demo.tw", LEAN_GOOD, True), ("reviewer3@demo.tw", LEAN_GOOD, True)],
        {"decision": "approve", "approved_gov": 500_000, "reason": ""},
    ),
}


def load_demo() -> list[tuple[str, str, str]]:
    """A profile for each demo reviewer that has none (running it again changes nothing)."""
    reviewers = User.objects.filter(email__in=list(EXPERTISE), role=Role.REVIEWER, reviewer_profile__isnull=True)
    ReviewerProfile.objects.bulk_create(
        ReviewerProfile(user=user, affiliation=user.affiliation, expertise=EXPERTISE[user.email]) for user in reviewers
    )
    return []


def _sheet(case: Case, reviewer: User, scores: dict | None, submit: bool) -> None:
    assignment = Assignment.objects.filter(case=case, reviewer=reviewer, withdrawn_at__isnull=True).first()
    if assignment is None:
        assignment = services.assignment_create(actor=person(OFFICER), case=case, reviewer=reviewer)
    if scores is None or getattr(getattr(assignment, "sheet", None), "submitted_at", None):
        return
    kind = "lean" if case.edition_code.startswith("lean") else "machinery"
    bonus = {"carbon": Decimal("3")} if kind == "lean" else {}
    services.sheet_save(
        actor=reviewer,
        case=case,
        scores={k: Decimal(v) for k, v in scores.items()},
        bonus=bonus,
        comments=COMMENTS[kind],
        comment="整體規劃完整，建議核定。",
        submit=submit,
        confirm=True,
        lang="zh-hant",
    )


def load_demo_cases() -> None:
    """Reviewers on the demo cases under review, their sheets, and the decisions."""
    for key, (sheets, decision) in REVIEWS.items():
        case = demo_case(key)
        if case is None or case.status != CaseStatus.UNDER_REVIEW:
            continue
        with story_step(key):
            for email, scores, submit in sheets:
                _sheet(case, person(email), scores, submit)
            if decision:
                case_services.case_transition(actor=person(OFFICER), case=case, action="decide", payload=decision)
