from .cases import Case, CaseEvent, CaseSerial, CaseStatus, StaffMember, StaffRole
from .documents import CaseDocument
from .proposals import ProposalJob
from .registers import Debarment, DebarmentScope
from .screening import DocumentCheck, DocumentVerdict, SupplementRequest

__all__ = [
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseSerial",
    "CaseStatus",
    "Debarment",
    "DebarmentScope",
    "DocumentCheck",
    "DocumentVerdict",
    "ProposalJob",
    "StaffMember",
    "StaffRole",
    "SupplementRequest",
]
