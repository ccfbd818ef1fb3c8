"""Reads for programmes and editions."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from programs.models import Edition, EditionEvent, EditionStatus, Programme, RuleEvaluation


def editions_published() -> QuerySet[Edition]:
    return (
        Edition.objects.filter(status=EditionStatus.PUBLISHED)
        .select_related("programme")
        .order_by("programme__code", "year", "code")
    )


def editions_for_staff() -> QuerySet[Edition]:
    return Edition.objects.select_related("programme").order_by("programme__code", "year", "code", "-version")


def editions_open(*, on: datetime.date | None = None) -> list[Edition]:
    """Published editions whose application window holds the day (no window set: open)."""
    day = on or timezone.localdate()
    return [e for e in editions_published() if e.is_open_on(day)]


def edition_current(*, code: str) -> Edition:
    """The published version of an edition code (raises Edition.DoesNotExist)."""
    return Edition.objects.select_related("programme").get(code=code, status=EditionStatus.PUBLISHED)


def edition_for_viewer(*, code: str, user) -> Edition:
    """The published version of an edition code; for staff who may see drafts, the latest version when none is
    published (a new edition being drafted). Raises Edition.DoesNotExist."""
    try:
        return edition_current(code=code)
    except Edition.DoesNotExist:
        if not user.has_perm("programs.view_draft_edition"):
            raise
    edition = edition_versions(code=code).first()
    if edition is None:
        raise Edition.DoesNotExist(code)
    return edition


def editions_by_codes(*, codes: list[str]) -> dict[str, Edition]:
    return {e.code: e for e in editions_published().filter(code__in=codes)}


def edition_versions(*, code: str) -> QuerySet[Edition]:
    return Edition.objects.filter(code=code).select_related("programme").order_by("-version")


def edition_events(*, edition: Edition) -> QuerySet[EditionEvent]:
    return EditionEvent.objects.filter(edition__code=edition.code).select_related("actor", "edition")


def programmes_with_editions() -> list[tuple[Programme, list[Edition]]]:
    editions = list(editions_published())
    programmes = {p.pk: p for p in Programme.objects.order_by("code")}
    grouped: dict[int, list[Edition]] = {pk: [] for pk in programmes}
    for edition in editions:
        grouped[edition.programme_id].append(edition)
    return [(programmes[pk], items) for pk, items in grouped.items() if items]


def evaluations_for(*, subject_type: str, subject_id: str) -> QuerySet[RuleEvaluation]:
    return RuleEvaluation.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).select_related(
        "edition"
    )
