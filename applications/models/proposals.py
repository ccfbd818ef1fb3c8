"""The proposal (計畫書) as a PDF, rendered from the case by a Celery worker (portal's Job)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Job, JobStatus
from programs.models import RuleEvaluation

from .cases import Case

ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class ProposalJob(Job):
    task_name = "applications.proposals.tasks.proposal_render"
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proposal_jobs", verbose_name=_("case"))
    language = models.CharField(_("language"), max_length=8, default="zh-hant")
    # What the PDF shows, written when it is rendered: the proposal's edit version and, for a submitted case,
    # the evaluation made at submission (its time is on the cover). A submitted case's PDF of the current
    # version is kept and handed out again instead of rendering a new one.
    case_version = models.PositiveIntegerField(_("proposal version"), null=True, blank=True)
    evaluation = models.ForeignKey(
        RuleEvaluation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluation at submission"),
    )
    file = models.FileField(_("proposal PDF"), upload_to="proposals/", blank=True, max_length=200)

    class Meta(Job.Meta):
        verbose_name = _("proposal PDF job")
        verbose_name_plural = _("proposal PDF jobs")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="proposal_progress_percent"),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.SUCCEEDED) | ~Q(file=""), name="proposal_done_has_file"
            ),
            # a request while one is under way reuses it (services.proposal_request); this is the backstop
            models.UniqueConstraint(
                fields=["case", "language"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="proposal_one_active_per_language",
            ),
        ]
        indexes = [models.Index(fields=["case", "-created_at"], name="proposal_job_case_idx")]
