from .accounts import Role, User
from .audit import AuditEvent
from .calendar import CalendarOverride, OverrideKind
from .jobs import Job, JobEvent, JobStatus
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
    "CalendarOverride",
    "Company",
    "CompanyContact",
    "CounsellingUnit",
    "Job",
    "JobEvent",
    "JobStatus",
    "OverrideKind",
    "ProgrammeOffice",
    "QualificationCategory",
    "QualificationRegistration",
    "RegistrationKind",
    "Role",
    "UnitKind",
    "User",
]
