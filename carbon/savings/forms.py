"""The savings table of the page: 12 monthly rows per utility (before / after quantity and cost), the
self-funding, factor choices. Parsed into the same shape the API validates."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import parse_money, parse_quantity

from .calc import MONTHS_IN_YEAR, UTILITIES
from .check import MONTHLY, UTILITY_NAMES

COLUMNS = ("before", "after", "before_cost", "after_cost")
MONTHS = tuple(range(1, MONTHS_IN_YEAR + 1))
COLUMN_LABELS = {
    "before": _("use before"),
    "after": _("use after"),
    "before_cost": _("cost before (NT$)"),
    "after_cost": _("cost after (NT$)"),
}
FIELD_LABELS = {"self_funding": _("Self-funding (NT$)"), "gwp": _("GWP set"), "non_field_errors": ""}


def field_label(key: str) -> str:
    """What an error key of the table or of the check is called on the page."""
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    utility, _sep, rest = key.replace(".", "-").partition("-")
    name = UTILITY_NAMES.get(utility)
    if name is None:
        return key
    month, _sep, column = rest.partition("-")
    if month.isdigit():
        parts = [str(name), str(_("month %(month)s") % {"month": month})]
        if column in COLUMN_LABELS:
            parts.append(str(COLUMN_LABELS[column]))
        return " ".join(parts)
    if rest == "factor":
        return f"{name} {_('emission factor')}"
    if rest == "unit":
        return f"{name} {_('unit')}"
    return str(name)


class SavingsTable:
    """``<utility>-<month>-<column>`` inputs, ``<utility>-factor`` selects, ``self_funding`` and ``gwp``.
    A month left empty is skipped; a month half filled is an error."""

    def __init__(self, *, data=None, pickable: tuple[str, ...] = ()):
        self.data = data
        self.pickable = pickable  # utilities whose factor the user chooses
        self.errors: dict[str, str] = {}
        self.utilities: dict[str, dict] = {}
        self.self_funding: int | None = None
        self.gwp: str | None = None

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        raw = self._clean_text("self_funding")
        if raw:
            self.self_funding = self._money("self_funding", raw)
        self.gwp = self._clean_text("gwp") or None
        for utility in UTILITIES:
            rows = []
            for month in MONTHS:
                cells = {c: self._clean_text(f"{utility}-{month}-{c}") for c in COLUMNS}
                if not any(cells.values()):
                    continue
                if not all(cells.values()):
                    self.errors[f"{utility}-{month}"] = _(
                        "Fill in the four figures of %(utility)s in month %(month)s, or leave them all empty."
                    ) % {"utility": UTILITY_NAMES[utility], "month": month}
                    continue
                row = {
                    "before": self._quantity(f"{utility}-{month}-before", cells["before"]),
                    "after": self._quantity(f"{utility}-{month}-after", cells["after"]),
                    "before_cost": self._money(f"{utility}-{month}-before_cost", cells["before_cost"]),
                    "after_cost": self._money(f"{utility}-{month}-after_cost", cells["after_cost"]),
                }
                rows.append(row)
            if rows:
                factor = self._clean_text(f"{utility}-factor") if utility in self.pickable else ""
                self.utilities[utility] = {
                    "period": MONTHLY,
                    "factor": factor or None,
                    "unit": None,
                    **{c: [r[c] for r in rows] for c in COLUMNS},
                }
        return not self.errors

    @property
    def empty(self) -> bool:
        return not self.utilities

    def _clean_text(self, key: str) -> str:
        return (self.data.get(key) or "").replace(",", "").replace("，", "").strip()[:40]

    def _money(self, key: str, raw: str) -> int | None:
        try:
            return parse_money(raw)
        except ValidationError as exc:
            self.errors[key] = exc.messages[0]
            return None

    def _quantity(self, key: str, raw: str) -> Decimal | None:
        try:
            return parse_quantity(raw)
        except ValidationError as exc:
            self.errors[key] = exc.messages[0]
            return None
