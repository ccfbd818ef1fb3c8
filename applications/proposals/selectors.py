"""Reads of proposal PDF jobs. The case comes from ``applications.selectors.case_for_user``: a job is reached
only through a case its reader may see."""

from __future__ import annotations

from applications.models import Case, ProposalJob
from applications.models.proposals import ACTIVE_STATUSES
from portal.models import JobStatus
from programs.models import EvaluationPurpose, RuleEvaluation

PANEL_JOBS = 5  # the newest requests shown on the workspace


def proposal_jobs(*, case: Case, limit: int = PANEL_JOBS) -> list[ProposalJob]:
    return list(
        ProposalJob.objects.filter(case=case)
        .select_related("requested_by", "evaluation")
        .order_by("-created_at", "-id")[:limit]
    )


def proposal_job(*, case: Case, pk: int) -> ProposalJob:
    """One job of the case (raises ProposalJob.DoesNotExist otherwise, as for a job that does not exist)."""
    return ProposalJob.objects.select_related("case").get(case=case, pk=pk)


def active_proposal_job(*, case: Case, language: str) -> ProposalJob | None:
    """The job of this case and language that is queued or running, if any."""
    return ProposalJob.objects.filter(case=case, language=language, status__in=ACTIVE_STATUSES).first()


def submission_evaluation(*, case: Case) -> RuleEvaluation | None:
    """The evaluation stored when the case was submitted (the newest, should it have been submitted again)."""
    if case.submitted_at is None:
        return None
    return (
        RuleEvaluation.objects.filter(
            subject_type="case", subject_id=str(case.pk), purpose=EvaluationPurpose.SUBMISSION
        )
        .order_by("-created_at", "-id")
        .first()
    )


def kept_proposal_job(*, case: Case, language: str) -> ProposalJob | None:
    """A submitted case's PDF that still shows the proposal as it stands: rendered after submission (with the
    submission's evaluation) from the current version, while the case cannot be edited."""
    if case.is_editable:
        return None
    evaluation = submission_evaluation(case=case)
    if evaluation is None:
        return None
    return (
        ProposalJob.objects.filter(
            case=case, language=language, status=JobStatus.SUCCEEDED, case_version=case.version, evaluation=evaluation
        )
        .order_by("-created_at", "-id")
        .first()
    )
