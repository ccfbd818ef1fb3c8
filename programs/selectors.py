"""Reads for programmes and editions."""

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from programs.models import ConfigurationSignOff, Edition, EditionEvent, EditionStatus, Programme, RuleEvaluation
from programs.rules.diff import Change, diff_meta, diff_rulesets
from programs.rules.layout import to_configure_entries

META_FIELDS = ("title", "track", "year", "application_opens", "application_closes", "document_ref", "legal_source")


def _light(editions: QuerySet[Edition]) -> QuerySet[Edition]:
    """Editions without their ``rules`` (tens of KB each): lists and lookups never decode them; whoever evaluates
    goes through programs.rulesets (compiled once per version, the column read only then)."""
    return editions.defer("rules")


def mark_budget(editions: list[Edition]) -> list[Edition]:
    """Set ``has_budget`` (the rule set has a budget section: the catalogue links the budget checker) on a page
    of editions, tested in the database for those rows only, without reading their rules out."""
    has_budget = Q(rules__budget__isnull=False) & ~Q(rules__budget={}) & ~Q(rules__budget=None)
    flags = dict(
        Edition.objects.filter(pk__in=[e.pk for e in editions])
        .annotate(has_budget=ExpressionWrapper(has_budget, output_field=BooleanField()))
        .values_list("pk", "has_budget")
    )
    for edition in editions:
        edition.has_budget = flags.get(edition.pk, False)
    return editions


def editions_published() -> QuerySet[Edition]:
    return _light(
        Edition.objects.filter(status=EditionStatus.PUBLISHED)
        .select_related("programme")
        .order_by("programme__code", "year", "code")
    )


def editions_for_staff() -> QuerySet[Edition]:
    return _light(Edition.objects.select_related("programme").order_by("programme__code", "year", "code", "-version"))


def editions_search(editions: QuerySet[Edition], q: str) -> QuerySet[Edition]:
    """Editions whose code, title or track (either language) contains ``q``; all of them for an empty ``q``."""
    q = (q or "").strip()[:100]
    if not q:
        return editions
    text = Q(code__icontains=q) | Q(search_title__icontains=q) | Q(search_track__icontains=q)
    return editions.annotate(search_title=Cast("title", TextField()), search_track=Cast("track", TextField())).filter(
        text
    )


def editions_open(*, on: datetime.date | None = None) -> list[Edition]:
    """Published editions whose application window holds the day (no window set: open)."""
    day = on or timezone.localdate()
    return [e for e in editions_published() if e.is_open_on(day)]


def edition_current(*, code: str, with_rules: bool = True) -> Edition:
    """The published version of an edition code (raises Edition.DoesNotExist); ``with_rules=False`` for a caller
    that only evaluates it (programs.rulesets reads the rules when it compiles them)."""
    editions = Edition.objects.select_related("programme")
    if not with_rules:
        editions = editions.defer("rules")
    return editions.get(code=code, status=EditionStatus.PUBLISHED)


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


def edition_versions_light(*, code: str) -> QuerySet[Edition]:
    """An edition's versions for a list: without their rules."""
    return _light(edition_versions(code=code))


def edition_events(*, edition: Edition) -> QuerySet[EditionEvent]:
    return (
        EditionEvent.objects.filter(edition__code=edition.code)
        .select_related("actor", "edition")
        .defer("edition__rules")
    )


def programmes_with_editions(editions=None) -> list[tuple[Programme, list[Edition]]]:
    """Editions (a page of them; all published ones by default) under their programmes, in the programmes' order."""
    editions = list(editions_published() if editions is None else editions)
    ids = {e.programme_id for e in editions}
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in=ids).order_by("code")}
    grouped: dict[int, list[Edition]] = {pk: [] for pk in programmes}
    for edition in editions:
        grouped[edition.programme_id].append(edition)
    return [(programmes[pk], items) for pk, items in grouped.items() if items]


def evaluations_for(*, subject_type: str, subject_id: str) -> QuerySet[RuleEvaluation]:
    return RuleEvaluation.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).select_related(
        "edition"
    )


def edition_diff(*, old: Edition, new: Edition) -> list[Change]:
    """What differs from ``old`` to ``new`` — the edition's own fields, then its rule set section by section —
    in plain language in both languages (RuleSetInvalid when either rule set does not compile)."""

    def meta(edition: Edition) -> dict:
        return {name: getattr(edition, name) for name in META_FIELDS}

    return diff_meta(meta(old), meta(new)) + diff_rulesets(old.rules, new.rules)


def edition_diff_default(*, edition: Edition) -> Edition | None:
    """What a version is compared with unless the user picks another: the one it was made from, else the
    published version of its code, else the version before it."""
    if edition.based_on_id is not None:
        return edition.based_on
    versions = Edition.objects.filter(code=edition.code).exclude(pk=edition.pk)
    return (
        versions.filter(status=EditionStatus.PUBLISHED).first()
        or versions.filter(version__lt=edition.version).order_by("-version").first()
    )


def edition_diff_candidates(*, edition: Edition) -> QuerySet[Edition]:
    """Every other version of the same programme (the same code's versions, and other years' editions)."""
    return Edition.objects.filter(programme_id=edition.programme_id).exclude(pk=edition.pk).order_by("code", "-version")


def edition_checklist(*, edition: Edition) -> list[dict]:
    """The draft's readings to confirm, each with its sign-off (None: not signed yet)."""
    sign_offs = {s.key: s for s in ConfigurationSignOff.objects.filter(edition=edition).select_related("signed_by")}
    return [{**entry, "sign_off": sign_offs.get(entry["key"])} for entry in to_configure_entries(edition.rules)]
