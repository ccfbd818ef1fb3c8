"""The golden cases of each edition, kept with the app as data (one ``<code>.yaml`` per edition code, see
README.md): the documents' own worked examples and every boundary. The test suite runs them against each
edition; the edition editor runs them against a draft to show what a change does before it is published."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

GOLDEN_DIR = Path(__file__).resolve().parent


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=64)
def golden_file(code: str) -> dict | None:
    """The golden file of an edition code (``{"edition", "base", "cases"}``), or None when it has none."""
    path = GOLDEN_DIR / f"{code}.yaml"
    if not path.is_file() or "/" in code or code.startswith("."):
        return None
    data = _load(path)
    if data.get("edition") != code:
        raise ValueError(f"{path.name}: edition must be {code}")
    return data


def golden_codes() -> list[str]:
    return sorted(p.stem for p in GOLDEN_DIR.glob("*.yaml"))


def golden_cases(code: str | None = None) -> list[tuple[str, dict, dict]]:
    """(edition code, case, base) for every case of one edition's golden file, or of every file."""
    cases = []
    for name in [code] if code else golden_codes():
        data = golden_file(name)
        if data is None:
            continue
        for case in data["cases"]:
            cases.append((data["edition"], case, data.get("base") or {}))
    return cases


__all__ = ["GOLDEN_DIR", "golden_cases", "golden_codes", "golden_file"]
