from .cases import Case, CaseEvent, CaseSerial, CaseStatus, StaffMember, StaffRole
from .documents import CaseDocument
from .screening import DocumentCheck, DocumentVerdict, SupplementRequest

__all__ = [
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseSerial",
    "CaseStatus",
    "DocumentCheck",
    "DocumentVerdict",
    "StaffMember",
    "StaffRole",
    "SupplementRequest",
]
