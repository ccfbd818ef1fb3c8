"""Writes for editions. Status changes follow one table, lock the rows, write an EditionEvent in the
same transaction; published and retired versions are never edited."""

import datetime
import json
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_context
from portal.models import User
from programs.models import (
    ConfigurationSignOff,
    Edition,
    EditionAction,
    EditionEvent,
    EditionStatus,
    EvaluationPurpose,
    RuleEvaluation,
)
from programs.rules import Outcome, RuleSetInvalid, compile_ruleset, normalise_lang
from programs.rules.diff import Change
from programs.rules.layout import shift_date, to_configure_entries, with_dates_shifted, with_year_moved
from programs.rules.schema_text import SECTION_TITLES
from programs.rulesets import rules_fingerprint, ruleset_forget
from programs.selectors import META_FIELDS, edition_diff

# from → the statuses it may move to
TRANSITIONS: dict[str, set[str]] = {
    EditionStatus.DRAFT: {EditionStatus.PUBLISHED},
    EditionStatus.PUBLISHED: {EditionStatus.RETIRED},
    EditionStatus.RETIRED: set(),
}
EDITABLE_FIELDS = (
    "year",
    "track",
    "title",
    "application_opens",
    "application_closes",
    "legal_source",
    "document_ref",
    "change_note",
)


def ruleset_problems(rules: Any, lang: str) -> list[str]:
    try:
        compile_ruleset(rules)
    except RuleSetInvalid as exc:
        return [p.text(normalise_lang(lang)) for p in exc.problems]
    return []


def _validate_rules(rules: Any, lang: str) -> None:
    problems = ruleset_problems(rules, lang)
    if problems:
        raise ValidationError({"rules": problems})


def _event(
    edition: Edition, *, action: str, actor: User | None, before: str = "", note: str = "", changes: list | None = None
) -> None:
    EditionEvent.objects.create(
        edition=edition,
        action=action,
        from_status=before,
        to_status=edition.status,
        actor=actor,
        note=note,
        changes=changes or [],
    )


def edition_changes(old: Edition, new: Edition) -> list[dict]:
    """What differs between two versions (fields and rule set) in plain language, as stored on events. A rule
    set that did not compile (written to a draft by other means) cannot be compared rule by rule: the event
    then says that it was replaced."""
    try:
        return [change.as_dict() for change in edition_diff(old=old, new=new)]
    except RuleSetInvalid:
        replaced = Change(
            "edition",
            "changed",
            SECTION_TITLES["edition"],
            (
                {
                    "zh-hant": "規則集已整份更新（其中一版無法編譯，未能逐條比較）",
                    "en": (
                        "the rule set was replaced (one of the two does not compile, "
                        "so it is not compared rule by rule)"
                    ),
                },
            ),
        )
        return [replaced.as_dict()]


def _move(edition: Edition, *, to: str, actor: User | None, note: str = "") -> None:
    before = edition.status
    if to not in TRANSITIONS[before]:
        raise ValidationError(
            _("An edition cannot go from %(from)s to %(to)s.")
            % {"from": EditionStatus(before).label, "to": EditionStatus(to).label}
        )
    edition.status = to
    if to == EditionStatus.PUBLISHED:
        edition.published_at = timezone.now()
    edition.save(update_fields=["status", "published_at"])
    transaction.on_commit(partial(ruleset_forget, pks=[edition.pk]))
    action = {EditionStatus.PUBLISHED: EditionAction.PUBLISHED, EditionStatus.RETIRED: EditionAction.RETIRED}[to]
    _event(edition, action=action, actor=actor, before=before, note=note)


@transaction.atomic
def edition_create(
    *,
    actor: User | None,
    programme,
    code: str,
    year: int,
    track: dict,
    title: dict,
    rules: dict,
    application_opens: datetime.date | None = None,
    application_closes: datetime.date | None = None,
    legal_source: dict | None = None,
    document_ref: str = "",
    change_note: str = "",
    lang: str = "en",
) -> Edition:
    """A new edition code, version 1, as a draft."""
    with audit_context(actor=actor, action="edition_create"):
        _validate_rules(rules, lang)
        if Edition.objects.filter(code=code).exists():
            raise ValidationError({"code": _("An edition with this code already exists.")})
        edition = Edition(
            code=code,
            version=1,
            programme=programme,
            year=year,
            track=track,
            title=title,
            rules=rules,
            application_opens=application_opens,
            application_closes=application_closes,
            legal_source=legal_source or {},
            document_ref=document_ref,
            change_note=change_note,
        )
        edition.full_clean()
        edition.save()
        _event(edition, action=EditionAction.CREATED, actor=actor, note=change_note)
        return edition


@transaction.atomic
def edition_new_version(*, actor: User, edition: Edition, note: str = "") -> Edition:
    """A draft copy of a published or retired version, to edit; the original stays as it is."""
    with audit_context(actor=actor, action="edition_new_version"):
        versions = Edition.objects.select_for_update().filter(code=edition.code)
        if versions.filter(status=EditionStatus.DRAFT).exists():
            raise ValidationError(_("This edition already has a draft version; edit that one."))
        latest = versions.aggregate(v=Max("version"))["v"] or 0
        draft = Edition(
            code=edition.code,
            version=latest + 1,
            programme=edition.programme,
            year=edition.year,
            track=edition.track,
            title=edition.title,
            rules=edition.rules,
            application_opens=edition.application_opens,
            application_closes=edition.application_closes,
            legal_source=edition.legal_source,
            document_ref=edition.document_ref,
            based_on=edition,
            change_note=note,
        )
        draft.full_clean()
        draft.save()
        _event(
            draft, action=EditionAction.CREATED, actor=actor, note=note or _("From %(edition)s") % {"edition": edition}
        )
        return draft


@transaction.atomic
def edition_clone_to_year(*, actor: User, edition: Edition, code: str, year: int) -> Edition:
    """Next year's edition: a new code, version 1, a draft holding this edition's rules with every date moved
    by the years between them (the application window, the rules' dates, the year in the title). Its readings
    (``to_configure``) are signed off one by one before it can be published."""
    with audit_context(actor=actor, action="edition_clone_to_year"):
        if Edition.objects.filter(code=code).exists():
            raise ValidationError({"code": _("An edition with this code already exists.")})
        years = year - edition.year

        def moved(day):
            return None if day is None else shift_date(day, years)

        def retitled(text: dict) -> dict:
            return {lang: with_year_moved(value, edition.year, years) for lang, value in text.items()}

        clone = Edition(
            code=code,
            version=1,
            programme=edition.programme,
            year=year,
            track=retitled(edition.track),
            title=retitled(edition.title),
            rules=with_dates_shifted(edition.rules, years),
            application_opens=moved(edition.application_opens),
            application_closes=moved(edition.application_closes),
            legal_source=edition.legal_source,
            document_ref=edition.document_ref,
            based_on=edition,
            change_note=_("Cloned from %(edition)s") % {"edition": edition},
        )
        clone.full_clean()
        clone.save()
        _event(
            clone,
            action=EditionAction.CREATED,
            actor=actor,
            note=clone.change_note,
            changes=edition_changes(edition, clone),
        )
        return clone


@transaction.atomic
def edition_update_draft(
    *,
    actor: User,
    edition: Edition,
    data: Mapping[str, Any],
    rules: Any = None,
    lang: str = "en",
    expected: str | None = None,
) -> Edition:
    """Change a draft: its fields and/or its rule set (which must validate as a whole). ``expected``: the
    fingerprint of the rule set the editor started from — refused when someone else saved in between. The
    event records what changed, in plain language; an edit that changes nothing writes nothing."""
    with audit_context(actor=actor, action="edition_update_draft"):
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status != EditionStatus.DRAFT:
            raise ValidationError(_("Published and retired editions cannot change: make a new version."))
        if expected is not None and expected != rules_fingerprint(edition.rules):
            raise ValidationError(
                _("Someone else saved this draft after you opened it: reload the page and make your change again.")
            )
        unknown = set(data) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValidationError(dict.fromkeys(sorted(unknown), _("Unknown field.")))
        before = Edition(**{name: getattr(edition, name) for name in (*META_FIELDS, "rules", "change_note")})
        for name, value in data.items():
            setattr(edition, name, value)
        if rules is not None:
            _validate_rules(rules, lang)
            edition.rules = rules
        edition.full_clean()
        if all(getattr(before, name) == getattr(edition, name) for name in (*META_FIELDS, "rules", "change_note")):
            return edition
        edition.save()
        _event(
            edition,
            action=EditionAction.EDITED,
            actor=actor,
            before=edition.status,
            changes=edition_changes(before, edition),
        )
        return edition


@transaction.atomic
def edition_publish(*, actor: User, edition: Edition, note: str = "", lang: str = "en") -> Edition:
    """Publish a draft after validating its whole rule set; the version it replaces is retired."""
    with audit_context(actor=actor, action="edition_publish"):
        versions = list(Edition.objects.select_for_update().filter(code=edition.code).order_by("version"))
        edition = next(v for v in versions if v.pk == edition.pk)
        _validate_rules(edition.rules, lang)
        edition.full_clean()
        if edition.status == EditionStatus.DRAFT:
            _require_sign_offs(edition)
        for other in versions:
            if other.status == EditionStatus.PUBLISHED:
                _move(
                    other,
                    to=EditionStatus.RETIRED,
                    actor=actor,
                    note=_("Replaced by %(edition)s") % {"edition": edition},
                )
        _move(edition, to=EditionStatus.PUBLISHED, actor=actor, note=note)
        return edition


def _require_sign_offs(edition: Edition) -> None:
    """A clone to a new year carries last year's readings: each is confirmed before it is published."""
    if edition.based_on_id is None or edition.based_on.code == edition.code:
        return
    signed = set(ConfigurationSignOff.objects.filter(edition=edition).values_list("key", flat=True))
    unsigned = [entry["path"] for entry in to_configure_entries(edition.rules) if entry["key"] not in signed]
    if unsigned:
        raise ValidationError(
            _("Sign off every reading carried over from last year before publishing: %(paths)s.")
            % {"paths": ", ".join(unsigned)}
        )


@transaction.atomic
def edition_sign_off(*, actor: User, edition: Edition, key: str, comment: str = "") -> ConfigurationSignOff:
    """Confirm one of a draft's readings (``to_configure`` entry, by its key); signing twice keeps the first."""
    with audit_context(actor=actor, action="edition_sign_off"):
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status != EditionStatus.DRAFT:
            raise ValidationError(_("Only a draft's readings are signed off."))
        entry = next((e for e in to_configure_entries(edition.rules) if e["key"] == key), None)
        if entry is None:
            raise ValidationError(_("This reading is no longer in the draft."))
        sign_off, created = ConfigurationSignOff.objects.get_or_create(
            edition=edition,
            key=key,
            defaults={
                "path": entry["path"][:300],
                "note": entry["note"],
                "comment": comment[:2000],
                "signed_by": actor,
            },
        )
        if created:
            _event(
                edition,
                action=EditionAction.SIGNED_OFF,
                actor=actor,
                before=edition.status,
                note=f"{entry['path']}: {comment}" if comment else entry["path"],
            )
        return sign_off


@transaction.atomic
def edition_retire(*, actor: User, edition: Edition, note: str = "") -> Edition:
    with audit_context(actor=actor, action="edition_retire"):
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        _move(edition, to=EditionStatus.RETIRED, actor=actor, note=note)
        return edition


@transaction.atomic
def edition_discard_draft(*, actor: User, edition: Edition) -> None:
    with audit_context(actor=actor, action="edition_discard_draft"):
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status != EditionStatus.DRAFT:
            raise ValidationError(_("Only a draft can be discarded."))
        edition.delete()


def _json(value: Mapping[str, Any]) -> dict:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def evaluation_record(
    *,
    edition: Edition,
    purpose: str,
    subject_type: str,
    subject_id: str | int,
    inputs: Mapping[str, Any],
    outcomes: list[Outcome],
    passed: bool,
    lang: str,
    result: Mapping[str, Any] | None = None,
    actor: User | None = None,
) -> RuleEvaluation:
    """Keep a decision as it was taken: the exact edition version, the inputs and every outcome."""
    if purpose not in EvaluationPurpose.values:
        raise ValueError(f"unknown purpose {purpose}")
    return RuleEvaluation.objects.create(
        edition=edition,
        purpose=purpose,
        subject_type=subject_type,
        subject_id=str(subject_id),
        inputs=_json(inputs),
        outcomes=[o.as_dict() for o in outcomes],
        result=_json(result or {}),
        passed=passed,
        language=lang,
        actor=actor,
    )
