"""Test data for reviews: cases brought to review through the transition service, reviewers of the pool,
score sheets that meet the machinery-2025 rubric."""

import itertools
from decimal import Decimal

from applications import services as case_services
from applications.models import Case
from portal.models import Role
from reviews import services
from reviews.models import ReviewerProfile
from tests.applications.builders import machinery_case
from tests.factories import UserFactory

# machinery-2025's rubric: needs 20 %, solution 50 %, benefits 20 %, training 10 %
GOOD = {"needs": Decimal("80"), "solution": Decimal("90"), "benefits": Decimal("70"), "training": Decimal("60")}
FAIR = {"needs": Decimal("70"), "solution": Decimal("72"), "benefits": Decimal("65"), "training": Decimal("55")}
GOOD_TOTAL = Decimal("81.00")  # 16 + 45 + 14 + 6
FAIR_TOTAL = Decimal("68.50")  # 14 + 36 + 13 + 5.5


def officer():
    return UserFactory(role=Role.OFFICER)


def reviewer(name: str | None = None, **profile):
    user = UserFactory(role=Role.REVIEWER, **({"full_name": name} if name else {}))
    ReviewerProfile.objects.create(user=user, affiliation=profile.pop("affiliation", "國立臺灣科技大學"), **profile)
    return user


_serial = itertools.count(1)


def staff(n: int) -> list[dict]:
    """A staffing table of people of their own (the same people on two cases would exceed their months)."""
    return [
        {"name": "王大明", "email": f"pi{n}@unit.example.tw", "role": "pi", "person_months": Decimal("4")},
        {"name": "林小華", "email": f"eng{n}@unit.example.tw", "role": "consultant", "person_months": Decimal("6")},
    ]


def under_review(*, office=None, **case_kwargs) -> Case:
    """A complete machinery-2025 case submitted, screened and passed to review (the real transitions)."""
    case_kwargs.setdefault("staff", staff(next(_serial)))
    case = machinery_case(**case_kwargs)
    office = office or officer()
    case_services.case_transition(actor=case.counsellor, case=case, action="submit")
    for action in ("start_screening", "pass_screening"):
        case_services.case_transition(actor=office, case=case, action=action)
    case.refresh_from_db()
    case.applicant, case.counsellor, case.office = case.applicant, case.counsellor, office
    return case


def assign(case, reviewer_user, *, office=None, round=1):
    return services.assignment_create(actor=office or case.office, case=case, reviewer=reviewer_user, round=round)


def score(case, reviewer_user, scores=None, *, submit=True, comment="", comments=None, bonus=None):
    sheet, _result = services.sheet_save(
        actor=reviewer_user,
        case=case,
        scores=scores or GOOD,
        bonus=bonus or {},
        comments=comments or {},
        comment=comment,
        submit=submit,
        confirm=True,
        lang="zh-hant",
    )
    return sheet


def decide(case, *, office=None, **payload):
    return case_services.case_transition(actor=office or case.office, case=case, action="decide", payload=payload)
