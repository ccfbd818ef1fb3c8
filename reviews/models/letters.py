"""The decision letter (審查結果通知函), rendered to PDF by a Celery worker: portal's Job with its file."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Job, JobStatus

from .decisions import Decision


class DecisionLetter(Job):
    task_name = "reviews.tasks.letter_render"
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="letters", verbose_name=_("decision"))
    language = models.CharField(_("language"), max_length=8, default="zh-hant")
    # private: served only through a permission check, never from MEDIA_URL
    file = models.FileField(_("letter"), upload_to="letters/", blank=True)

    class Meta(Job.Meta):
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="letter_progress_percent"),
            models.CheckConstraint(condition=~Q(status=JobStatus.SUCCEEDED) | ~Q(file=""), name="letter_done_has_file"),
        ]
