"""Disbursements' demo cases (``load_demo --cases``, after reviews has decided them): the approved machinery
case contracted, started, its first instalment released and a progress report filed; the approved lean
case through its final report, closing and acceptance to its one settled payment. Each step goes through
the services and is taken only while it is still to do, so loading again changes nothing."""

from decimal import Decimal

from django.utils import timezone

from applications import services as case_services
from applications.demo import OFFICER, demo_case, documents_upload, person, story_step
from applications.models import Case, CaseStatus
from disbursements import services
from disbursements.models import Instalment, InstalmentStatus

S = CaseStatus
# case → who files for the company, the reports (kind, progress %, spent gov, spent self), the instalments
# to release, and whether the case is closed and accepted
MONEY = {
    "money": ("counsellor2@demo.tw", [("progress", "45", 1_150_000, 480_000)], [1], False),
    "closed": ("applicant@demo.tw", [("final", "100", 480_000, 560_000)], [1], True),
}


def _contracted(case: Case, filer: str) -> Case:
    office = person(OFFICER)
    if case.status == S.APPROVED:
        documents_upload(case, person(filer), contract=True)
        payload = {"signed_on": timezone.localdate().isoformat()}
        case = case_services.case_transition(actor=office, case=case, action="contract", payload=payload)
    if case.status == S.CONTRACTED:
        case = case_services.case_transition(actor=office, case=case, action="start")
    return case


def _release(case: Case, no: int) -> None:
    if Instalment.objects.filter(case=case, no=no, status=InstalmentStatus.PLANNED).exists():
        services.instalment_release(actor=person(OFFICER), case=case, no=no, lang="zh-hant")


def _money(case: Case, filer: str, reports: list, releases: list[int], close: bool) -> None:
    case = _contracted(case, filer)
    for no in releases if not close else []:  # a final instalment waits for the acceptance
        _release(case, no)
    for kind, progress, spent_gov, spent_self in reports:
        if not case.progress_reports.filter(kind=kind).exists():
            data = {
                "as_of": timezone.localdate(),
                "progress": Decimal(progress),
                "spent_gov": spent_gov,
                "spent_self": spent_self,
                "kind": kind,
            }
            services.progress_report_file(actor=person(filer), case=case, data=data)
    if close:
        office = person(OFFICER)
        for action, status in (("close", S.IN_PROGRESS), ("accept", S.CLOSING)):
            case.refresh_from_db()
            if case.status == status:
                case = case_services.case_transition(actor=office, case=case, action=action)
        for no in releases:
            _release(case, no)


def load_demo_cases() -> None:
    """The approved demo cases to where the story leaves them."""
    for key, (filer, reports, releases, close) in MONEY.items():
        case = demo_case(key)
        if case is None or case.status not in (S.APPROVED, S.CONTRACTED, S.IN_PROGRESS, S.CLOSING):
            continue
        with story_step(key):
            _money(case, filer, reports, releases, close)
