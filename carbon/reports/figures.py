"""Number and gas helpers for the ISO 14064-1 report (exact Decimal; strings for printing)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MAIN_GASES = ("CO2", "CH4", "N2O", "NF3", "SF6", "HFCs", "PFCs")
PFC_NAMES = {"CF4", "C2F6", "C3F8", "C4F10", "C5F12", "C6F14", "C-C4F8"}


def dec(value) -> Decimal:
    """A figure of the calculation snapshot (a string) as a Decimal; missing or blank is zero."""
    if value in (None, ""):
        return ZERO
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def _fixed(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


def factor_value(value) -> str:
    """A factor as published, with at least four decimals: 2.606 → "2.6060", 0.00012345 → "0.00012345"."""
    number = dec(value).normalize()
    if -number.as_tuple().exponent < 4:
        number = number.quantize(Decimal("0.0001"))
    return f"{number:f}"


def tco2e(value) -> str:
    """1234.56789 → "1,234.5679" (the calculation's four decimals, with thousands separators)."""
    return _fixed(dec(value), 4)


def kg(value) -> str:
    return _fixed(dec(value), 3)


def percent(value) -> str:
    return _fixed(dec(value), 2)


def share(part: Decimal, whole: Decimal) -> Decimal:
    return ZERO if whole == 0 else part * HUNDRED / whole


def change_percent(now: Decimal, before: Decimal) -> Decimal | None:
    return None if before == 0 else (now - before) * HUNDRED / before


def signed(value: Decimal | None, places: int = 4) -> str:
    if value is None:
        return "—"
    text = _fixed(abs(value), places)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def combined_uncertainty(parts: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """IPCC approach 1 for a sum: √Σ(U_i·E_i)² / |ΣE_i| from (emissions, ± %) pairs."""
    total = sum((e for e, _u in parts), ZERO)
    if total == 0:
        return None
    return sum(((u * e) ** 2 for e, u in parts), ZERO).sqrt() / abs(total)


def gas_family(gas: str) -> str:
    """CO2, CH4, N2O, NF3, SF6 as they are; HFC-134a, R-410A … → HFCs; CF4, C2F6 … → PFCs; CO2e stays."""
    upper = gas.upper()
    for name in ("CO2", "CH4", "N2O", "NF3", "SF6"):
        if upper == name:
            return name
    if upper.startswith(("HFC", "R-")):
        return "HFCs"
    if upper.startswith("PFC") or upper in PFC_NAMES:
        return "PFCs"
    if upper == "CO2E":
        return "CO2e"
    return gas
