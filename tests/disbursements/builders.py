"""Test data for contracts and disbursements: approved cases of machinery-2025 and lean-2026-basic, and the
steps after approval through the services (contract, reports, releases)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from applications import services as case_services
from applications.api.serializers import CaseWriteSerializer
from applications.models import Case, CaseEvent, CaseStatus
from disbursements import services
from expenses.models import Expense
from expenses.selectors import ledger_is_the_source, verified_spending
from portal.models import Role
from programs.rulesets import ruleset_for
from programs.selectors import edition_current
from tests.applications.builders import applicant_for, machinery_case, upload
from tests.expenses.bulk import accepted_spending
from tests.factories import UserFactory

MACHINERY_APPROVED = 3_500_000
LEAN_BODY = {
    "title": "沖壓產線精實改善與知識庫建置",
    "period": {"start": "2026-03-02", "end": "2026-09-30"},
    "budget": {"lines": [
        {"code": "personnel", "gov": 200000, "self": 300000},
        {"code": "business", "gov": 250000, "self": 250000},
        {"code": "consumables", "gov": 50000, "self": 0},
    ]},
    "kpis": [{"code": "", "name": "換模時間（分）", "before": "95", "after": "40"}],
    "checkpoints": [
        {"date": "2026-05-31", "item": "現況價值流圖與改善主題確認", "percent": "30"},
        {"date": "2026-09-30", "item": "知識庫建置與成效驗證", "percent": "100"},
    ],
    "staff": [
        {"name": "陳總經理", "email": "ceo@firm.example.tw", "role": "pi", "person_months": "3"},
        {"name": "黃課長", "email": "lead@firm.example.tw", "role": "staff", "person_months": "6"},
    ],
    "declarations": {"truthful": True, "personal_data": True},
}  # fmt: skip
MACHINERY_KPIS = [
    {"code": "", "name": "能耗降低（%）", "before": Decimal("0"), "after": Decimal("8")},
    {"code": "", "name": "設備稼動率（%）", "before": Decimal("62"), "after": Decimal("75")},
]
MACHINERY_CHECKPOINTS = [
    {"date": datetime.date(2025, 6, 30), "item": "設備聯網完成", "percent": Decimal("50")},
    {"date": datetime.date(2025, 10, 31), "item": "第三方驗證完成", "percent": Decimal("100")},
]


def approve(case: Case, *, approved_gov: int, approved_on: datetime.date | None = None, **fields) -> Case:
    """Put ``case`` into ``approved`` directly, as the reviews app's ``decide`` would leave it: the status, the
    approved amount and the decision's event. Test setup only — issue 9's ``decide`` handler is not on this
    branch; from here on every step goes through the transition service."""
    approved_on = approved_on or timezone.localdate()
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED, approved_gov=approved_gov, **fields)
    at = (
        timezone.now()
        if approved_on == timezone.localdate()
        else (timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(10))))
    )
    CaseEvent.objects.create(
        case=case,
        action="decide",
        from_status=CaseStatus.UNDER_REVIEW,
        to_status=CaseStatus.APPROVED,
        reason="核定補助",
        occurred_at=at,
    )
    case.refresh_from_db()
    return case


def machinery_approved(*, approved_gov: int = MACHINERY_APPROVED, approved_on=None, documents=True, **fields) -> Case:
    """An approved machinery-2025 case (3,500,000 requested and approved by default), with its contract
    documents uploaded; ``applicant`` and ``counsellor`` are set on it."""
    case = machinery_case(kpis=MACHINERY_KPIS, checkpoints=MACHINERY_CHECKPOINTS)
    applicant, counsellor = case.applicant, case.counsellor
    case = approve(case, approved_gov=approved_gov, approved_on=approved_on, **fields)
    if documents:
        for item in ruleset_for(case.edition).documents:
            if item.extra.get("stage") == "contract":
                case_services.document_upload(
                    actor=counsellor, case=case, kind=item.code, upload=upload(f"{item.code}.pdf")
                )
    case.applicant, case.counsellor = applicant, counsellor
    return case


def lean_approved(*, approved_gov: int = 500_000, approved_on=None, **fields) -> Case:
    """An approved lean-2026-basic case the company filed itself (500,000 requested); ``applicant`` set."""
    applicant = applicant_for()
    edition = edition_current(code="lean-2026-basic")
    serializer = CaseWriteSerializer(data=LEAN_BODY, context={"ruleset": ruleset_for(edition)})
    serializer.is_valid(raise_exception=True)
    case = case_services.case_create(actor=applicant, edition=edition, data=serializer.service_data())
    case = approve(case, approved_gov=approved_gov, approved_on=approved_on, **fields)
    case.applicant = applicant
    return case


def officer():
    return UserFactory(role=Role.OFFICER)


def act(case: Case, actor, action: str, **payload) -> Case:
    """``action`` through the transition service; the case comes back with its ``applicant`` and ``counsellor``."""
    people = {name: getattr(case, name, None) for name in ("applicant", "counsellor")}
    case = case_services.case_transition(actor=actor, case=case, action=action, payload=payload)
    for name, person in people.items():
        setattr(case, name, person)
    return case


def contracted(case: Case, actor, *, signed_on: datetime.date | None = None, start: bool = True) -> Case:
    """The contract signed (today by default), and the work started."""
    case = act(case, actor, "contract", signed_on=(signed_on or timezone.localdate()).isoformat())
    return act(case, actor, "start") if start else case


def closed(case: Case, actor) -> Case:
    """Closing and final acceptance (the final report must be in)."""
    return act(act(case, actor, "close"), actor, "accept")


def ledger_backs(case: Case, actor, *, spent_gov: int, spent_self: int) -> None:
    """What a company of an edition that pays on the expense ledger does before it declares spending: the expenses
    are recorded and the office accepts them, so that the verified ledger holds what the report declares."""
    if not ledger_is_the_source(case.edition):
        return
    have = verified_spending(case.pk)
    gov, own = max(spent_gov - have.gov, 0), max(spent_self - have.own, 0)
    if not gov and not own:
        return
    n = Expense.objects.filter(case=case).count() + 1
    line = case.budget_lines[0]["code"]
    accepted_spending(case, actor, gov=gov, own=own, key=f"R{case.pk}-{n}", line=line, on=timezone.localdate()).save()


def report(
    case: Case, actor, *, progress="0", spent_gov=0, spent_self=0, kind="progress", as_of=None, backed=True, **extra
):
    """A progress report; ``backed``: its spending on the verified ledger first, where the edition pays on it."""
    if backed:
        ledger_backs(case, actor, spent_gov=spent_gov, spent_self=spent_self)
    data = {
        "as_of": as_of or timezone.localdate(),
        "progress": Decimal(progress),
        "spent_gov": spent_gov,
        "spent_self": spent_self,
        "kind": kind,
        **extra,
    }
    return services.progress_report_file(actor=actor, case=case, data=data)


def release(case: Case, actor, no: int):
    return services.instalment_release(actor=actor, case=case, no=no, lang="zh-hant")
