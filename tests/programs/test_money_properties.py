"""Property tests of the money maths: exact shares, half-up rounding, tax per funding side."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from programs.rules.kinds_derived import tax_of
from programs.rules.money import compare_share, percent_text, round_half_up, share_display

amounts = st.integers(min_value=0, max_value=10**12)
positive = st.integers(min_value=1, max_value=10**12)
limits = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=99))
def test_round_half_up_matches_the_textbook_rule(whole, cents):
    value = Decimal(whole) + Decimal(cents) / 100 * (1 if whole >= 0 else -1)
    expected = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert round_half_up(value) == expected
    if cents == 50:
        assert abs(round_half_up(value)) == abs(whole) + 1  # .5 goes away from zero


@given(amounts, positive, limits)
def test_share_comparison_is_exact(part, whole, limit):
    exact = Fraction(part * 100, whole) - Fraction(limit)
    assert compare_share(part, whole, limit) == (exact > 0) - (exact < 0)


@given(amounts, positive, limits)
@example(1, 20_000_000_001, Decimal("0.00"))  # 0.000000005 %: beyond eight places
def test_displayed_share_never_hides_which_side_of_the_limit_it_is(part, whole, limit):
    shown = Decimal(share_display(part, whole, limit))
    sign = compare_share(part, whole, limit)
    if sign != 0:
        assert shown != limit


@given(amounts, positive)
def test_two_decimal_share_is_the_half_up_rounding_of_the_exact_share(part, whole):
    exact = Decimal(part) * 100 / Decimal(whole)
    assert percent_text(part, whole) == f"{exact.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


@given(amounts)
def test_tax_inside_an_inclusive_amount(side_total):
    tax = tax_of(side_total, Decimal(5))
    exact = Fraction(side_total * 5, 105)
    assert abs(Fraction(tax) - exact) <= Fraction(1, 2)
    assert 0 <= tax <= side_total
    # the net amount plus 5 % of it gives back the total within rounding
    assert abs(Fraction(side_total - tax) * Fraction(105, 100) - side_total) <= Fraction(105, 200)


@given(amounts, amounts)
def test_tax_is_computed_per_side_and_summed(gov, own):
    total_tax = tax_of(gov, Decimal(5)) + tax_of(own, Decimal(5))
    assert abs(total_tax - tax_of(gov + own, Decimal(5))) <= 1


@given(amounts, amounts)
def test_tax_grows_with_the_amount(a, b):
    low, high = sorted((a, b))
    assert tax_of(low, Decimal(5)) <= tax_of(high, Decimal(5))


def test_a_tiny_share_above_a_zero_limit_does_not_look_equal_to_it():
    # found by Hypothesis: NT$1 of NT$10^12 is 0.0000000001 %, shown "0.00" beside a limit of 0.00
    assert Decimal(share_display(1, 10**12, Decimal(0))) > 0
