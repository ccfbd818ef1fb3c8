from .decisions import Decision, ReviewComment, RevisedPlan, Verdict
from .letters import DecisionLetter
from .profiles import ConflictDeclaration, ReviewerProfile
from .scoring import Assignment, ScoreSheet

__all__ = [
    "Assignment",
    "ConflictDeclaration",
    "Decision",
    "DecisionLetter",
    "ReviewComment",
    "RevisedPlan",
    "ReviewerProfile",
    "ScoreSheet",
    "Verdict",
]
