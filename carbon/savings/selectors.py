"""Reads of the savings check: what an edition's ``carbon`` block says about it, and the factor library's
choices. Stores nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from carbon.models import Factor, FactorKind, GwpSet
from programs import selectors as programme_selectors
from programs.models import Edition
from programs.rules.money import limit_text
from programs.rulesets import ruleset_for

from .calc import UTILITIES

# where a utility's factor comes from: the edition's carbon block (electricity, water) or the user's pick
EDITION_FACTOR_KEYS = {"electricity": "electricity_factor", "water": "water_factor"}
SAVINGS_KEYS = ("saving_share_of_self", "electricity_factor", "water_factor")  # saving_share_decimals goes with a share


@dataclass(frozen=True)
class SavingsConfig:
    """What an edition's rule set says about the savings check (``carbon`` block)."""

    share: Decimal | Fraction | None  # saving_share_of_self, e.g. 33.00 (None: no threshold, e.g. SMU)
    factors: dict[str, str]  # utility → factor code named by the edition
    share_decimals: int | None = None  # the share compared after rounding to this many decimals (0: whole percent)

    @property
    def share_text(self) -> str | None:
        return None if self.share is None else limit_text(self.share)


def savings_config(edition: Edition) -> SavingsConfig | None:
    """None when the edition has no savings data in its ``carbon`` block (no share, no factor)."""
    carbon = ruleset_for(edition).carbon or {}
    if not any(carbon.get(key) is not None for key in SAVINGS_KEYS):
        return None
    factors = {u: carbon[key] for u, key in EDITION_FACTOR_KEYS.items() if carbon.get(key)}
    return SavingsConfig(
        share=carbon.get("saving_share_of_self"), factors=factors, share_decimals=carbon.get("saving_share_decimals")
    )


def savings_edition(*, code: str) -> tuple[Edition, SavingsConfig | None]:
    """The published version of an edition and its savings config (None: the edition has no check).
    Raises Edition.DoesNotExist for an unknown edition code."""
    edition = programme_selectors.edition_current(code=code)
    return edition, savings_config(edition)


def gwp_default() -> GwpSet | None:
    """The newest GWP set of the library (used when the request names none), with its values."""
    return GwpSet.objects.prefetch_related("gwp_values").order_by("-year", "-code").first()


def factor_choices(*, utility: str):
    """Library factors a user may pick for a utility: per the utility's unit, of a fitting kind."""
    unit = UTILITIES[utility][0]
    rows = Factor.objects.filter(unit=unit).select_related("factor_set").order_by("kind", "code")
    if utility in ("electricity", "water"):
        return rows.filter(kind=utility)
    return rows.filter(kind__in=[FactorKind.STATIONARY, FactorKind.MOBILE])


def gwp_choices():
    return GwpSet.objects.order_by("-year", "-code")
