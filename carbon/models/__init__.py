from .factors import Factor, FactorGas, FactorKind, FactorSet, GwpSet, GwpValue
from .inventory import (
    ActivityRecord,
    BoundaryApproach,
    DataQuality,
    EmissionSource,
    Facility,
    Inventory,
    InventoryCalculation,
    Subcategory,
    VerificationStatus,
)
from .jobs import ImportJob, ReportJob

__all__ = [
    "ActivityRecord", "BoundaryApproach", "DataQuality", "EmissionSource", "Facility", "Factor", "FactorGas",
    "FactorKind", "FactorSet", "GwpSet", "GwpValue", "ImportJob", "Inventory", "InventoryCalculation", "ReportJob",
    "Subcategory", "VerificationStatus",
]  # fmt: skip
