"""Bounds on the numbers people type or post: far above any real figure, so that absurd input is refused with
a clear message instead of overflowing further in (a database column, a PDF table). One place for the API
fields (portal/api/fields.py) and the forms' number parsing (portal/forms.py), so pages and API agree."""

from decimal import Decimal

# NT$1 trillion: far above any programme's budget, well inside exact integer arithmetic.
MONEY_MAX = 10**12

# A quantity of activity or utility use (kWh, L, m³, kg, t …): 10^12 is more than three times Taiwan's whole
# yearly electricity use in kWh. ActivityRecord.quantity keeps 14 integer digits, so this must stay below 10^14.
QUANTITY_MAX = Decimal(10**12)

# Quantities are kept to four decimals (ActivityRecord.quantity): what people type or import is rounded half up to
# this, so that a number written with a huge exponent (1e-999999999, 0e999999999) becomes a plain one.
QUANTITY_QUANTUM = Decimal("0.0001")
