"""Programmes, their versioned editions (rule sets as data), edition events and stored evaluations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import audited
from portal.language import text_in_language
from portal.models import Job, JobStatus


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.JSONField(_("title"))
    ministry_unit = models.JSONField(_("ministry unit"), default=dict, blank=True)
    source_document = models.JSONField(_("source document"), default=dict, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return text_in_language(self.title) or self.code

    @property
    def title_text(self) -> str:
        return text_in_language(self.title)


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


@audited()
class Edition(models.Model):
    """One version of a programme track's rule set. Published and retired versions never change:
    editing makes a new draft version of the same code; next year's edition is a clone with a new code."""

    code = models.CharField(_("edition code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="editions", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    track = models.JSONField(_("track"))
    title = models.JSONField(_("title"))
    status = models.CharField(_("status"), max_length=16, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    application_opens = models.DateField(_("applications open"), null=True, blank=True)
    application_closes = models.DateField(_("applications close"), null=True, blank=True)
    legal_source = models.JSONField(_("legal source"), default=dict, blank=True)
    document_ref = models.CharField(_("document reference"), max_length=300, blank=True)
    rules = models.JSONField(_("rule set"))
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )
    change_note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["programme__code", "year", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="edition_code_version_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status=EditionStatus.PUBLISHED),
                name="edition_one_published_version",
                violation_error_message=_("Only one version of an edition can be published."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status=EditionStatus.DRAFT),
                name="edition_one_draft_version",
                violation_error_message=_("This edition already has a draft version."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in EditionStatus]), name="edition_status_known"
            ),
            models.CheckConstraint(
                condition=Q(application_opens__isnull=True)
                | Q(application_closes__isnull=True)
                | Q(application_closes__gte=models.F("application_opens")),
                name="edition_window_in_order",
                violation_error_message=_("Applications cannot close before they open."),
            ),
        ]
        indexes = [models.Index(fields=["status", "year"], name="edition_status_year_idx")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title_text(self) -> str:
        return text_in_language(self.title)

    @property
    def track_text(self) -> str:
        return text_in_language(self.track)

    @property
    def is_draft(self) -> bool:
        return self.status == EditionStatus.DRAFT

    def is_open_on(self, day) -> bool:
        return (self.application_opens is None or self.application_opens <= day) and (
            self.application_closes is None or day <= self.application_closes
        )


class EditionAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")
    DISCARDED = "discarded", _("Draft discarded")
    SIGNED_OFF = "signed_off", _("Reading signed off")


class EditionEvent(models.Model):
    """Every state change of an edition: who, when, from, to, why."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="events", verbose_name=_("edition"))
    action = models.CharField(_("action"), max_length=16, choices=EditionAction.choices)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    note = models.TextField(_("note"), blank=True)
    # what an edit changed, in plain language in both languages (programs.rules.diff.Change.as_dict each)
    changes = models.JSONField(_("what changed"), default=list, blank=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("edition event")
        verbose_name_plural = _("edition events")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.edition} {self.action}"


class EvaluationPurpose(models.TextChoices):
    SCREENING = "screening", _("Eligibility screening")
    SUBMISSION = "submission", _("Submission")
    BUDGET = "budget", _("Budget check")
    SCORE = "score", _("Review score")
    INSTALMENT_RELEASE = "instalment_release", _("Instalment release")
    DECISION = "decision", _("Decision")


class RuleEvaluation(models.Model):
    """A decision the portal took with an edition version: its inputs and every outcome, kept as made."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("edition version")
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=EvaluationPurpose.choices)
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64)
    inputs = models.JSONField(_("inputs"))
    outcomes = models.JSONField(_("outcomes"))
    result = models.JSONField(_("result"), default=dict, blank=True)
    passed = models.BooleanField(_("passed"))
    language = models.CharField(_("language"), max_length=8)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("rule evaluation")
        verbose_name_plural = _("rule evaluations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "purpose"], name="evaluation_subject_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.subject_type}#{self.subject_id} with {self.edition}"


@audited()
class ConfigurationSignOff(models.Model):
    """An administrator's sign-off of one reading the portal chose (an entry of the rule set's ``to_configure``)
    for one draft. A clone to a new year is not published until each of its readings is signed off; the key
    is taken from the entry's path and note, so an entry reworded after its sign-off needs a new one."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sign_offs", verbose_name=_("edition version")
    )
    key = models.CharField(_("entry"), max_length=32)
    path = models.CharField(_("where"), max_length=300)
    note = models.TextField(_("reading"))
    comment = models.TextField(_("comment"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-off of a reading")
        verbose_name_plural = _("sign-offs of readings")
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="signoff_one_per_entry")]

    def __str__(self) -> str:
        return f"{self.edition} {self.path}"


class ImpactJob(Job):
    """What a draft would change before it is published, worked out by a worker: the edition's golden cases
    and the latest stored evaluation of every case decided with the version it replaces, judged by both."""

    task_name = "programs.impact.tasks.impact_run"
    time_limit = 1860  # a run over every stored evaluation of a version may take a while

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="impact_jobs", verbose_name=_("draft"))
    baseline = models.ForeignKey(
        Edition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("compared with")
    )
    rules_hash = models.CharField(_("draft state"), max_length=64)
    language = models.CharField(_("language"), max_length=8, default="zh-hant")
    golden_code = models.CharField(_("golden cases of"), max_length=64, blank=True)
    golden = models.JSONField(_("golden cases"), default=list, blank=True)
    evaluations_total = models.PositiveIntegerField(_("evaluations"), default=0)
    evaluations_done = models.PositiveIntegerField(_("evaluations judged"), default=0)
    evaluations_changed = models.PositiveIntegerField(_("evaluations changed"), default=0)
    evaluations_worse = models.PositiveIntegerField(_("would now fail"), default=0)
    evaluations_better = models.PositiveIntegerField(_("would now pass"), default=0)
    evaluations_unjudged = models.PositiveIntegerField(_("cannot be judged by the draft"), default=0)

    class Meta(Job.Meta):
        verbose_name = _("impact run")
        verbose_name_plural = _("impact runs")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="impact_progress_percent")]
        indexes = [models.Index(fields=["edition", "-created_at"], name="impact_edition_idx")]

    @property
    def active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def golden_changed(self) -> list[dict]:
        return [row for row in self.golden if row.get("changed")]


class ImpactDirection(models.TextChoices):
    WORSE = "worse", _("Would now fail")
    BETTER = "better", _("Would now pass")
    CHANGED = "changed", _("Outcomes change, verdict the same")
    UNJUDGED = "unjudged", _("Cannot be judged by the draft")


class ImpactRow(models.Model):
    """One stored evaluation whose outcome the draft would change: each section's verdict before and after,
    and every rule whose outcome moves, with its message and numbers (in the run's language)."""

    job = models.ForeignKey(ImpactJob, on_delete=models.CASCADE, related_name="rows", verbose_name=_("impact run"))
    evaluation = models.ForeignKey(
        RuleEvaluation, on_delete=models.CASCADE, related_name="+", verbose_name=_("stored evaluation")
    )
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64)
    direction = models.CharField(_("change"), max_length=12, choices=ImpactDirection.choices)
    sections = models.JSONField(_("verdicts"), default=dict)  # section → [before, after]
    changes = models.JSONField(_("outcomes that change"), default=list)

    class Meta:
        verbose_name = _("impact on an evaluation")
        verbose_name_plural = _("impact on evaluations")
        ordering = ["id"]
        indexes = [models.Index(fields=["job", "direction", "id"], name="impact_row_direction_idx")]

    def __str__(self) -> str:
        return f"{self.subject_type}#{self.subject_id} {self.direction}"
