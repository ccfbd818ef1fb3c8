"""GHG arithmetic, pure Python (no Django): exact unit conversion, per-gas masses with GWP applied
afterwards, per-source / per-gas / per-category totals, IPCC approach 1 uncertainty, data quality."""

from .compute import Activity, FactorData, InventoryResult, LineResult, calculate
from .units import UnitError, convert, normalise_unit

__all__ = [
    "Activity",
    "FactorData",
    "InventoryResult",
    "LineResult",
    "UnitError",
    "calculate",
    "convert",
    "normalise_unit",
]
