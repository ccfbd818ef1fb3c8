"""Exact money and ratio arithmetic: int NT$ and Decimal, never float; round half up."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def to_decimal(value) -> Decimal:
    """An int, a Decimal or a decimal string (never a float) as Decimal."""
    if isinstance(value, (bool, float)):
        raise TypeError(f"not an exact number: {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
        if not result.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return result
    raise TypeError(f"not a number: {value!r}")


def round_half_up(value: Decimal | int | Fraction) -> int:
    """Whole NT$, rounded half up (四捨五入: ties away from zero), exact for a fraction too (× 12 ÷ 7)."""
    if isinstance(value, Fraction):
        whole, rest = divmod(abs(value), 1)
        rounded = int(whole) + (1 if rest * 2 >= 1 else 0)
        return -rounded if value < 0 else rounded
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def quantize2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part ÷ whole × 100, exact (None when whole is zero)."""
    whole = Decimal(whole)
    if whole == 0:
        return None
    return Decimal(part) * HUNDRED / whole


def percent_text(part: Decimal | int, whole: Decimal | int) -> str:
    """The share as a string with two decimals (``"50.00"``), or ``"—"`` when undefined."""
    share = percent_of(part, whole)
    return "—" if share is None else f"{quantize2(share):.2f}"


def exact(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def limit_decimal(limit: Decimal | Fraction) -> Decimal:
    """A percentage limit for display (2/3 → 66.666…)."""
    if isinstance(limit, Fraction):
        return Decimal(limit.numerator) / Decimal(limit.denominator)
    return limit


def limit_text(limit: Decimal | Fraction) -> str:
    return f"{quantize2(limit_decimal(limit)):.2f}"


def compare_share(
    part: Decimal | int, whole: Decimal | int, limit: Decimal | Fraction, places: int | None = None
) -> int:
    """Sign of (part/whole×100 − limit) computed exactly with fractions (whole > 0). With ``places`` the share
    is first rounded half up to that many decimals (0: a whole percent), as a document that states a limit
    in whole percent and rounds its own examples reads it (32.81 % "達 33%")."""
    if places is not None:
        left = exact(rounded_share(part, whole, places))
        right = exact(limit)
        return (left > right) - (left < right)
    left = exact(part) * 100
    right = exact(limit) * exact(whole)
    return (left > right) - (left < right)


def rounded_share(part: Decimal | int, whole: Decimal | int, places: int) -> Decimal:
    """part ÷ whole × 100 rounded half up to ``places`` decimals, exactly (whole > 0)."""
    ratio = exact(part) * 100 / exact(whole)
    step = Fraction(1, 10**places)
    units = ratio / step
    whole_units = units.numerator // units.denominator
    if units - whole_units >= Fraction(1, 2):
        whole_units += 1
    return (Decimal(whole_units) * Decimal(1).scaleb(-places)).quantize(Decimal(1).scaleb(-places))


def least_part_reaching(whole: int, limit: Decimal | Fraction, places: int | None = None) -> int:
    """The smallest whole-NT$ part whose share of ``whole`` reaches ``limit`` (as compare_share judges it)."""
    bound = exact(limit) if places is None else exact(limit) - Fraction(1, 2 * 10**places)
    needed = bound * exact(whole) / 100
    return max(-((-needed.numerator) // needed.denominator), 0)


def share_display(part: Decimal | int, whole: Decimal | int, limit: Decimal | Fraction) -> str:
    """Two decimals, unless rounding would make a share that differs from the limit look equal to it."""
    share = percent_of(part, whole)
    if share is None:
        return "—"
    shown = quantize2(share)
    if shown == quantize2(limit_decimal(limit)) and exact(share) != exact(limit):
        # a share and a two-decimal limit differ by at least 1/(100 × whole): 20 places tell any whole up to 10^17
        # apart (and stay within Decimal's 28 digits for a share below 100 %)
        for places in range(3, 21):
            finer = share.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            if finer != limit_decimal(limit).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
                return f"{finer:.{places}f}"
    return f"{shown:.2f}"


def money_text(value: int | Decimal, lang: str) -> str:
    amount = f"{round_half_up(value):,}" if isinstance(value, Decimal) else f"{value:,}"
    return f"{amount} 元" if lang.startswith("zh") else f"NT${amount}"


def number_text(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        normal = value.normalize()
        if normal == normal.to_integral():
            return f"{int(normal):,}"
        return f"{normal:,f}"
    return f"{value:,}"
