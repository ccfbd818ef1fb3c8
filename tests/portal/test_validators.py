import pytest
from django.core.exceptions import ValidationError

from portal.validators import (
    ubn_checksum_ok,
    validate_business_items,
    validate_factory_registration_no,
    validate_industry_codes,
    validate_ubn,
)


@pytest.mark.parametrize("ubn", ["22099131", "04595257", "12456784", "53102462"])
def test_valid_ubn(ubn):
    validate_ubn(ubn)
    assert ubn_checksum_ok(ubn)


def test_checksum_worked_by_hand():
    # 2 2 0 9 9 1 3 1 × 1 2 1 2 1 2 4 1 → 2 4 0 18 9 2 12 1 → digit sums 2+4+0+9+9+2+3+1 = 30, divisible by 5.
    assert ubn_checksum_ok("22099131")
    # changing the last digit breaks it
    assert not ubn_checksum_ok("22099132")


def test_seventh_digit_seven_rule():
    # 1 0 0 0 0 0 7 3: products 1 0 0 0 0 0 28 3 → 1 + (2+8) + 3 = 14; 14 % 5 ≠ 0 but the 7th digit is 7
    # and 14 + 1 = 15 is divisible by 5 → valid.
    assert ubn_checksum_ok("10000073")
    validate_ubn("10000073")
    # 1 0 0 0 0 0 8 3: 1 + (3+2) + 3 = 9; 9 + 1 = 10 would pass, but the +1 applies only to a 7th digit 7.
    assert not ubn_checksum_ok("10000083")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("22099130", "ubn_checksum"),
        ("2209913", "ubn_length"),
        ("220991310", "ubn_length"),
        ("", "ubn_length"),
        ("2209913a", "ubn_digits"),
        ("２２０９９１３１", "ubn_digits"),  # full-width digits are not ASCII digits
        ("-2209913", "ubn_digits"),
        ("00000000", "ubn_zero"),
    ],
)
def test_invalid_ubn(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_ubn(value)
    assert exc.value.code == code


def test_zero_ubn_would_pass_the_bare_checksum_but_is_refused():
    assert ubn_checksum_ok("00000000")
    with pytest.raises(ValidationError):
        validate_ubn("00000000")


def test_industry_codes():
    validate_industry_codes(["29", "291", "2912"])
    for bad in (["2"], ["29123"], ["29a"], [291], "2912", ["2912", "2912"]):
        with pytest.raises(ValidationError):
            validate_industry_codes(bad)


def test_business_items():
    validate_business_items(["CA01", "CA01010", "F401010", "C802041", "ZZ99999"])
    for bad in (["ca01"], ["CA1"], ["CA010"], ["CA0101"], ["1A01"], "CA01"):
        with pytest.raises(ValidationError):
            validate_business_items(bad)


def test_factory_registration_number():
    validate_factory_registration_no("99612345")
    validate_factory_registration_no("S9612345")
    validate_factory_registration_no("")
    for bad in ("9961234", "996123456", "ab612345", "99-12345"):
        with pytest.raises(ValidationError):
            validate_factory_registration_no(bad)
