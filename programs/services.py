"""Writes for editions. Status changes follow one table, lock the rows, write an EditionEvent in the
same transaction; published and retired versions are never edited."""

import datetime
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_context
from portal.models import User
from programs.models import Edition, EditionAction, EditionEvent, EditionStatus, EvaluationPurpose, RuleEvaluation
from programs.rules import Outcome, RuleSetInvalid, compile_ruleset, normalise_lang

# from → the statuses it may move to
TRANSITIONS: dict[str, set[str]] = {
    EditionStatus.DRAFT: {EditionStatus.PUBLISHED},
    EditionStatus.PUBLISHED: {EditionStatus.RETIRED},
    EditionStatus.RETIRED: set(),
}
EDITABLE_FIELDS = ("year", "track", "title", "application_opens", "application_closes", "legal_source", "document_ref",
                   "change_note")  # fmt: skip


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


def _event(edition: Edition, *, action: str, actor: User | None, before: str = "", note: str = "") -> None:
    EditionEvent.objects.create(
        edition=edition, action=action, from_status=before, to_status=edition.status, actor=actor, note=note
    )


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
    action = {EditionStatus.PUBLISHED: EditionAction.PUBLISHED, EditionStatus.RETIRED: EditionAction.RETIRED}[to]
    _event(edition, action=action, actor=actor, before=before, note=note)


@transaction.atomic
def edition_create(*, actor: User | None, programme, code: str, year: int, track: dict, title: dict, rules: dict,
                   application_opens: datetime.date | None = None, application_closes: datetime.date | None = None,
                   legal_source: dict | None = None, document_ref: str = "", change_note: str = "",
                   lang: str = "en") -> Edition:  # fmt: skip
    """A new edition code, version 1, as a draft."""
    with audit_context(actor=actor, action="edition_create"):
        _validate_rules(rules, lang)
        if Edition.objects.filter(code=code).exists():
            raise ValidationError({"code": _("An edition with this code already exists.")})
        edition = Edition(
            code=code, version=1, programme=programme, year=year, track=track, title=title, rules=rules,
            application_opens=application_opens, application_closes=application_closes,
            legal_source=legal_source or {}, document_ref=document_ref, change_note=change_note,
        )  # fmt: skip
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
            code=edition.code, version=latest + 1, programme=edition.programme, year=edition.year,
            track=edition.track, title=edition.title, rules=edition.rules,
            application_opens=edition.application_opens, application_closes=edition.application_closes,
            legal_source=edition.legal_source, document_ref=edition.document_ref, based_on=edition,
            change_note=note,
        )  # fmt: skip
        draft.full_clean()
        draft.save()
        _event(
            draft,
            action=EditionAction.CREATED,
            actor=actor,
            note=note or _("Made from %(edition)s") % {"edition": edition},
        )
        return draft


@transaction.atomic
def edition_clone_to_year(*, actor: User, edition: Edition, code: str, year: int) -> Edition:
    """Next year's edition: a new code, version 1, a draft holding this edition's rules."""
    with audit_context(actor=actor, action="edition_clone_to_year"):
        if Edition.objects.filter(code=code).exists():
            raise ValidationError({"code": _("An edition with this code already exists.")})
        clone = Edition(
            code=code, version=1, programme=edition.programme, year=year, track=edition.track,
            title=edition.title, rules=edition.rules, legal_source=edition.legal_source,
            document_ref=edition.document_ref, based_on=edition,
            change_note=_("Cloned from %(edition)s") % {"edition": edition},
        )  # fmt: skip
        clone.full_clean()
        clone.save()
        _event(clone, action=EditionAction.CREATED, actor=actor, note=clone.change_note)
        return clone


@transaction.atomic
def edition_update_draft(*, actor: User, edition: Edition, data: Mapping[str, Any], rules: Any = None,
                         lang: str = "en") -> Edition:  # fmt: skip
    """Change a draft: its fields and/or its rule set (which must validate as a whole)."""
    with audit_context(actor=actor, action="edition_update_draft"):
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status != EditionStatus.DRAFT:
            raise ValidationError(_("Published and retired editions cannot change: make a new version."))
        unknown = set(data) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValidationError(dict.fromkeys(sorted(unknown), _("Unknown field.")))
        for name, value in data.items():
            setattr(edition, name, value)
        if rules is not None:
            _validate_rules(rules, lang)
            edition.rules = rules
        edition.full_clean()
        edition.save()
        _event(edition, action=EditionAction.EDITED, actor=actor, before=edition.status)
        return edition


@transaction.atomic
def edition_publish(*, actor: User, edition: Edition, note: str = "", lang: str = "en") -> Edition:
    """Publish a draft after validating its whole rule set; the version it replaces is retired."""
    with audit_context(actor=actor, action="edition_publish"):
        versions = list(Edition.objects.select_for_update().filter(code=edition.code).order_by("version"))
        edition = next(v for v in versions if v.pk == edition.pk)
        _validate_rules(edition.rules, lang)
        edition.full_clean()
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


def evaluation_record(*, edition: Edition, purpose: str, subject_type: str, subject_id: str | int,
                      inputs: Mapping[str, Any], outcomes: list[Outcome], passed: bool, lang: str,
                      result: Mapping[str, Any] | None = None, actor: User | None = None) -> RuleEvaluation:  # fmt: skip
    """Keep a decision as it was taken: the exact edition version, the inputs and every outcome."""
    if purpose not in EvaluationPurpose.values:
        raise ValueError(f"unknown purpose {purpose}")
    return RuleEvaluation.objects.create(
        edition=edition, purpose=purpose, subject_type=subject_type, subject_id=str(subject_id),
        inputs=_json(inputs), outcomes=[o.as_dict() for o in outcomes], result=_json(result or {}),
        passed=passed, language=lang, actor=actor,
    )  # fmt: skip
