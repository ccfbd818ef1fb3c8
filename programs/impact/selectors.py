"""Reads for the impact of a draft."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from portal.models import JobStatus
from programs.golden import golden_file
from programs.models import Edition, EditionStatus, EvaluationPurpose, ImpactJob, ImpactRow, RuleEvaluation
from programs.rulesets import rules_fingerprint

# the stored evaluations a draft is run against: whole proposals as filed (their inputs are every section's)
IMPACT_PURPOSES = (EvaluationPurpose.SUBMISSION,)


def impact_baseline(edition: Edition) -> Edition | None:
    """What a draft is compared with: the published version it would replace, else the edition it was made
    from (last year's, for a clone to a new year)."""
    published = Edition.objects.filter(code=edition.code, status=EditionStatus.PUBLISHED).exclude(pk=edition.pk)
    return published.first() or edition.based_on


def impact_golden_code(edition: Edition) -> str | None:
    """Whose golden cases judge the draft: its own code's, else those of the edition it descends from."""
    seen: set[int] = set()
    current: Edition | None = edition
    while current is not None and current.pk not in seen:
        if golden_file(current.code) is not None:
            return current.code
        seen.add(current.pk)
        current = current.based_on
    return None


def impact_evaluations(*, baseline: Edition) -> QuerySet[RuleEvaluation]:
    """The latest stored evaluation of each case decided with ``baseline`` (a case filed again counts once)."""
    latest = (
        RuleEvaluation.objects.filter(edition=baseline, purpose__in=IMPACT_PURPOSES)
        .values("subject_type", "subject_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    return RuleEvaluation.objects.filter(id__in=latest).order_by("id")


def impact_latest(*, edition: Edition) -> ImpactJob | None:
    return ImpactJob.objects.filter(edition=edition).select_related("requested_by", "baseline").first()


def impact_is_current(job: ImpactJob | None, edition: Edition) -> bool:
    """The run finished on the draft exactly as it stands (any edit since makes it stale)."""
    return bool(job and job.status == JobStatus.SUCCEEDED and job.rules_hash == rules_fingerprint(edition.rules))


def impact_rows(*, job: ImpactJob, direction: str | None = None) -> QuerySet[ImpactRow]:
    rows = ImpactRow.objects.filter(job=job)
    return rows.filter(direction=direction) if direction else rows
