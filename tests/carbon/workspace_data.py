"""Inventories for the lead's carbon tests (helpers keep theirs in factories.py)."""

import datetime
from decimal import Decimal

from carbon import services
from carbon.models import Factor, GwpSet


def inventory_with(user, sources: list[tuple[str, str, str, str, list[int]]], *, gwp: str = "AR5"):
    """sources: (name, subcategory, factor code, unit, monthly quantities from January 2025)."""
    inventory = services.inventory_create(
        actor=user,
        company=user.company,
        data={
            "title": "測試盤查",
            "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 12, 31),
            "base_year": 2025,
            "gwp_set": GwpSet.objects.get(code=gwp),
        },
    )
    for name, subcategory, code, unit, monthly in sources:
        source = services.source_save(
            actor=user,
            inventory=inventory,
            data={"name": name, "subcategory": subcategory, "factor": Factor.objects.get(code=code)},
        )
        for month, quantity in enumerate(monthly, start=1):
            services.activity_set(
                actor=user, source=source, month=datetime.date(2025, month, 1), quantity=Decimal(quantity), unit=unit
            )
    return inventory
