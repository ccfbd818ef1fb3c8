from .changes import MAJOR_FIELDS, ChangeField, ChangeStatus, PlanChange
from .contracts import Clawback, Contract, SelfFundingPayment
from .followups import FollowUp
from .instalments import Instalment, InstalmentStatus, Release
from .reports import ProgressReport, ReportKind

__all__ = [
    "MAJOR_FIELDS",
    "ChangeField",
    "ChangeStatus",
    "Clawback",
    "Contract",
    "FollowUp",
    "Instalment",
    "InstalmentStatus",
    "PlanChange",
    "ProgressReport",
    "Release",
    "ReportKind",
    "SelfFundingPayment",
]
