from .accounts import Role, User
from .audit import AuditEvent
from .organisations import (
    Company,
    CompanyContact,
    CounsellingUnit,
    ProgrammeOffice,
    QualificationCategory,
    QualificationRegistration,
    RegistrationKind,
    UnitKind,
)

__all__ = [
    "AuditEvent",
    "Company",
    "CompanyContact",
    "CounsellingUnit",
    "ProgrammeOffice",
    "QualificationCategory",
    "QualificationRegistration",
    "RegistrationKind",
    "Role",
    "UnitKind",
    "User",
]
