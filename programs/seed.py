"""Load the programme editions kept as YAML in programs/editions/ (used by a data migration, so a bare
``migrate`` publishes every edition). Files are validated with the rule engine before anything is written."""

import datetime
import json
from pathlib import Path

import yaml
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_noop

from programs.rules import compile_ruleset

EDITIONS_DIR = Path(__file__).resolve().parent / "editions"
# Stored as the English text and shown translated (the staff page translates the system's own notes).
LOADED_NOTE = gettext_noop("Loaded from the programme documents")
EDITION_KEYS = {
    "code",
    "programme",
    "year",
    "track",
    "title",
    "application_opens",
    "application_closes",
    "legal_source",
    "document_ref",
    "rules",
}


def _read(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def seed_programmes() -> list[dict]:
    return _read(EDITIONS_DIR / "programmes.yaml")


def seed_editions() -> list[dict]:
    editions = []
    for path in sorted(EDITIONS_DIR.glob("*.yaml")):
        if path.name == "programmes.yaml":
            continue
        data = _read(path)
        unknown = set(data) - EDITION_KEYS
        if unknown or data.get("code") != path.stem:
            raise ValueError(f"{path.name}: code must be {path.stem}; unknown keys {sorted(unknown)}")
        compile_ruleset(data["rules"])  # raises RuleSetInvalid listing every problem
        editions.append(data)
    return editions


def load_seed(*, programme_model, edition_model, event_model=None) -> int:
    """Create what is missing (programmes; version 1 of each edition, published). Returns editions made."""
    programmes = {}
    for spec in seed_programmes():
        programmes[spec["code"]], _ = programme_model.objects.update_or_create(
            code=spec["code"],
            defaults={
                "title": spec["title"],
                "ministry_unit": spec.get("ministry_unit", {}),
                "source_document": spec.get("source_document", {}),
            },
        )
    made = 0
    now = datetime.datetime.now(datetime.UTC)
    for spec in seed_editions():
        if edition_model.objects.filter(code=spec["code"]).exists():
            continue
        edition = edition_model.objects.create(
            code=spec["code"],
            version=1,
            programme=programmes[spec["programme"]],
            year=spec["year"],
            track=spec["track"],
            title=spec["title"],
            status="published",
            application_opens=_date(spec.get("application_opens")),
            application_closes=_date(spec.get("application_closes")),
            legal_source=spec.get("legal_source") or {},
            document_ref=spec.get("document_ref") or "",
            rules=json.loads(json.dumps(spec["rules"], cls=DjangoJSONEncoder)),  # YAML dates as JSON strings
            change_note=LOADED_NOTE,
            published_at=now,
        )
        if event_model is not None:
            event_model.objects.create(
                edition=edition, action="published", from_status="", to_status="published", note=LOADED_NOTE
            )
        made += 1
    return made
