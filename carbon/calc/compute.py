"""Emissions per activity line and their totals. Gas masses are kept per gas; GWP comes after."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .units import convert

THOUSAND = Decimal(1000)
CO2E = "CO2e"  # a factor already expressed in CO2-equivalent (electricity, water): GWP 1


@dataclass(frozen=True)
class FactorData:
    code: str
    unit: str  # the activity unit the factor is per (kWh, L, m3, kg)
    gases: dict[str, Decimal]  # kg of each gas per unit (CO2e for factors given as equivalents)
    uncertainty: Decimal = Decimal(0)  # ± % at 95 %
    quality: int = 3  # 1 measured / site-specific, 2 supplier or national, 3 international default
    source: str = ""
    year: int | None = None


@dataclass(frozen=True)
class Activity:
    source: str
    category: str  # ISO 14064-1:2018 category "1" … "6"
    factor: FactorData
    quantity: Decimal
    unit: str
    month: str = ""  # YYYY-MM when known
    uncertainty: Decimal = Decimal(0)  # activity data ± % at 95 %
    quality: int = 2  # 1 measured, 2 calculated, 3 estimated


@dataclass
class LineResult:
    source: str
    category: str
    factor: FactorData
    quantity: Decimal  # in the factor's unit
    mass_kg: dict[str, Decimal]  # per gas
    tco2e_by_gas: dict[str, Decimal]
    tco2e: Decimal
    month: str = ""


@dataclass
class InventoryResult:
    lines: list[LineResult]
    total: Decimal
    by_category: dict[str, Decimal]
    by_gas: dict[str, Decimal]
    by_source: dict[str, Decimal]
    by_month: dict[str, Decimal]
    mass_by_gas_kg: dict[str, Decimal]
    uncertainty: Decimal | None  # ± % of the total at 95 %
    source_uncertainty: dict[str, Decimal] = field(default_factory=dict)
    quality_score: Decimal | None = None
    quality_grade: str = ""


def t4(value: Decimal) -> str:
    """tCO2e as the contract writes it: up to four decimals, half up."""
    return f"{value.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):.4f}"


def _gwp_of(gas: str, gwp: dict[str, Decimal]) -> Decimal:
    if gas == CO2E:
        return Decimal(1)
    try:
        return gwp[gas]
    except KeyError:
        raise KeyError(gas) from None


def calculate(
    activities: list[Activity], gwp: dict[str, Decimal], grade_bands: list[tuple[Decimal, str]] | None = None
) -> InventoryResult:
    """Emissions of every activity, kept per gas, then GWP-weighted. Raises UnitError / KeyError(gas)."""
    lines: list[LineResult] = []
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    by_gas: dict[str, Decimal] = defaultdict(Decimal)
    by_source: dict[str, Decimal] = defaultdict(Decimal)
    by_month: dict[str, Decimal] = defaultdict(Decimal)
    mass: dict[str, Decimal] = defaultdict(Decimal)
    source_parts: dict[str, list[tuple[Decimal, Decimal, Decimal, int, int]]] = defaultdict(list)
    for activity in activities:
        quantity = convert(activity.quantity, activity.unit, activity.factor.unit)
        mass_kg = {gas: quantity * per_unit for gas, per_unit in activity.factor.gases.items()}
        by_gas_t = {gas: kg * _gwp_of(gas, gwp) / THOUSAND for gas, kg in mass_kg.items()}
        tco2e = sum(by_gas_t.values(), Decimal(0))
        lines.append(
            LineResult(
                activity.source, activity.category, activity.factor, quantity, mass_kg, by_gas_t, tco2e, activity.month
            )
        )
        by_category[activity.category] += tco2e
        by_source[activity.source] += tco2e
        if activity.month:
            by_month[activity.month] += tco2e
        for gas, value in by_gas_t.items():
            by_gas[gas] += value
            mass[gas] += mass_kg[gas]
        source_parts[activity.source].append(
            (tco2e, activity.uncertainty, activity.factor.uncertainty, activity.quality, activity.factor.quality)
        )
    total = sum(by_category.values(), Decimal(0))
    source_u, combined = _uncertainty(source_parts, total)
    score, grade = _quality(source_parts, total, grade_bands or [])
    return InventoryResult(
        lines,
        total,
        dict(by_category),
        dict(by_gas),
        dict(by_source),
        dict(sorted(by_month.items())),
        dict(mass),
        combined,
        source_u,
        score,
        grade,
    )


def _uncertainty(parts, total: Decimal) -> tuple[dict[str, Decimal], Decimal | None]:
    """IPCC 2006 Vol. 1 ch. 3 approach 1: a source's ± % is √(U_activity² + U_factor²) (a product); the
    total's is √Σ(U_i·E_i)² / |ΣE_i| (a sum)."""
    per_source: dict[str, Decimal] = {}
    squares = Decimal(0)
    for source, rows in parts.items():
        emissions = sum((r[0] for r in rows), Decimal(0))
        if emissions == 0:
            per_source[source] = Decimal(0)
            continue
        # the source's activity uncertainty is the emission-weighted mean of its lines'
        u_activity = sum((r[0] * r[1] for r in rows), Decimal(0)) / emissions
        u_factor = sum((r[0] * r[2] for r in rows), Decimal(0)) / emissions
        u_source = (u_activity**2 + u_factor**2).sqrt()
        per_source[source] = u_source
        squares += (u_source * emissions) ** 2
    if total == 0:
        return per_source, None
    return per_source, squares.sqrt() / abs(total)


def _quality(parts, total: Decimal, bands: list[tuple[Decimal, str]]) -> tuple[Decimal | None, str]:
    """Each line scores activity level × factor level (1 best … 9); the inventory's score is the
    emission-weighted mean, graded by the bands (upper bound of the score → grade)."""
    if total == 0:
        return None, ""
    weighted = Decimal(0)
    for rows in parts.values():
        for emissions, _, _, activity_level, factor_level in rows:
            weighted += emissions * activity_level * factor_level
    score = weighted / total
    grade = next((name for limit, name in bands if score <= limit), bands[-1][1] if bands else "")
    return score, grade
