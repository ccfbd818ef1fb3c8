"""The golden cases (programs/golden/<edition>.yaml, kept with the app) as the test suite runs them: the app's
runner (programs/golden/runner.py) plus the one listing that reads the carbon library, which the programmes
floor may not import: ``factor``, the electricity factor an edition names and its years."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from django.core.serializers.json import DjangoJSONEncoder

from carbon.factor_years import electricity_factor_for_year, factor_years
from programs import rules as R
from programs.golden import golden_cases as _golden_cases
from programs.golden import runner

ROOT = Path(__file__).resolve().parents[2]
EDITIONS_DIR = ROOT / "programs" / "editions"


def _factor(ruleset: R.RuleSet, given: dict, lang: str) -> dict:
    code = ruleset.carbon.get("electricity_factor")
    got = {"code": code, **factor_years(given.get("code", code))}
    if "inventory_year" in given:
        got["for_inventory_year"] = electricity_factor_for_year(given["inventory_year"])
    return got


LISTINGS = {"factor": _factor}


def edition_files() -> dict[str, dict]:
    def load(path: Path):
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    return {p.stem: load(p) for p in sorted(EDITIONS_DIR.glob("*.yaml")) if p.name != "programmes.yaml"}


def seed_rules(code: str) -> dict:
    """An edition seed's rule set as the database stores it (YAML dates as ISO strings)."""
    return json.loads(json.dumps(edition_files()[code]["rules"], cls=DjangoJSONEncoder))


def golden_cases() -> list[tuple[str, dict, dict]]:
    return _golden_cases()


def run_case(ruleset: R.RuleSet, case: dict, base: dict) -> list[str]:
    return runner.run_case(ruleset, case, base, listings=LISTINGS)
