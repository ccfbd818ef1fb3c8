from .decisions import Decision, ReviewComment, RevisedPlan, Verdict
from .profiles import ConflictDeclaration, ReviewerProfile
from .scoring import Assignment, ScoreSheet

__all__ = [
    "Assignment",
    "ConflictDeclaration",
    "Decision",
    "ReviewComment",
    "RevisedPlan",
    "ReviewerProfile",
    "ScoreSheet",
    "Verdict",
]
