"""Writes of contracts and disbursements. Each is keyword-only, named ``<noun>_<verb>``, one transaction on the
locked case, attributed in the audit trail with who and why. Importing this package registers the handlers
of the case actions after approval with applications' transition service."""

from .changes import change_deadline, plan_change_decide, plan_change_request
from .contracts import approval_day, missing_contract_documents, self_funding_record, sign_by
from .followups import follow_up_reminded, follow_up_submit, follow_ups_due
from .releases import instalment_release, instalment_withhold
from .reports import progress_report_file

__all__ = [
    "approval_day",
    "change_deadline",
    "follow_up_reminded",
    "follow_up_submit",
    "follow_ups_due",
    "instalment_release",
    "instalment_withhold",
    "missing_contract_documents",
    "plan_change_decide",
    "plan_change_request",
    "progress_report_file",
    "self_funding_record",
    "sign_by",
]
