"""Writes for inventories: validated, one transaction each, attributed in the audit trail. The long work on an
inventory has its own services: reports/services.py (the PDF report) and imports/services.py (workbooks)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carbon.calc import UnitError
from carbon.calculation import calculate_inventory
from carbon.factor_checks import FactorProblem, unit_problem
from carbon.models import (
    ActivityRecord,
    EmissionSource,
    Facility,
    Inventory,
    InventoryCalculation,
)
from portal.audit import audit_context
from portal.models import Company, User

INVENTORY_FIELDS = (
    "title", "description", "responsible", "boundary_approach", "boundary_note", "reporting_boundary_note",
    "significance_threshold", "period_start", "period_end", "base_year", "base_year_policy", "gwp_set",
    "biogenic_note", "removals_note", "methods_note", "method_changes_note", "policy_note", "verification", "verifier",
)  # fmt: skip
SOURCE_FIELDS = (
    "name",
    "subcategory",
    "factor",
    "facility",
    "activity_uncertainty",
    "data_quality",
    "included",
    "exclusion_reason",
)


def _assign(instance, data: Mapping[str, Any], allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), _("Unknown field.")))
    for name, value in data.items():
        setattr(instance, name, value)


@transaction.atomic
def inventory_create(*, actor: User, company: Company, data: Mapping[str, Any]) -> Inventory:
    with audit_context(actor=actor, action="inventory_create"):
        inventory = Inventory(company=company, created_by=actor)
        _assign(inventory, data, INVENTORY_FIELDS)
        inventory.full_clean()
        inventory.save()
        return inventory


# What a calculation reads of the inventory itself (besides its sources and their activity data).
CALCULATED_FIELDS = ("period_start", "period_end", "gwp_set_id", "significance_threshold")


def inventory_data_changed(*, inventory_id: int) -> None:
    """Mark that what a calculation reads changed now: a calculation made before is out of date."""
    Inventory.objects.filter(pk=inventory_id).update(data_changed_at=timezone.now())


@transaction.atomic
def inventory_update(*, actor: User, inventory: Inventory, data: Mapping[str, Any]) -> Inventory:
    with audit_context(actor=actor, action="inventory_update"):
        inventory = Inventory.objects.select_for_update().get(pk=inventory.pk)
        before = [getattr(inventory, name) for name in CALCULATED_FIELDS]
        _assign(inventory, data, INVENTORY_FIELDS)
        inventory.full_clean()
        if before != [getattr(inventory, name) for name in CALCULATED_FIELDS]:
            inventory.data_changed_at = timezone.now()
        inventory.save()
        return inventory


@transaction.atomic
def facility_add(*, actor: User, inventory: Inventory, name: str, address: str = "") -> Facility:
    with audit_context(actor=actor, action="facility_add"):
        facility = Facility(inventory=inventory, name=name, address=address)
        facility.full_clean()
        facility.save()
        return facility


@transaction.atomic
def source_save(
    *, actor: User, inventory: Inventory, data: Mapping[str, Any], source: EmissionSource | None = None
) -> EmissionSource:
    """Create a source or change one; its activity data must still convert to the (new) factor's unit."""
    with audit_context(actor=actor, action="source_save"):
        source = source or EmissionSource(inventory=inventory)
        if source.inventory_id != inventory.pk:
            raise ValidationError(_("This source belongs to another inventory."))
        _assign(source, data, SOURCE_FIELDS)
        if source.facility_id and source.facility.inventory_id != inventory.pk:
            raise ValidationError({"facility": _("Choose a facility of this inventory.")})
        if source.included:
            source.exclusion_reason = ""
        source.full_clean()
        if source.pk:
            for unit in set(source.records.values_list("unit", flat=True)):
                _check_unit(unit, source, field="factor")
        source.save()
        inventory_data_changed(inventory_id=inventory.pk)
        return source


@transaction.atomic
def source_delete(*, actor: User, source: EmissionSource) -> None:
    with audit_context(actor=actor, action="source_delete"):
        source.delete()
        inventory_data_changed(inventory_id=source.inventory_id)


def _check_unit(unit: str, source: EmissionSource, field: str = "unit") -> None:
    if problem := unit_problem(unit=unit, factor_code=source.factor.code, factor_unit=source.factor.unit):
        raise ValidationError({field: problem.message()})


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def activity_set(
    *, actor: User, source: EmissionSource, month: datetime.date, quantity: Decimal, unit: str, note: str = ""
) -> ActivityRecord:
    """The activity of one source for one month (replacing what was there)."""
    with audit_context(actor=actor, action="activity_set"):
        if quantity < 0:
            raise ValidationError({"quantity": _("A quantity cannot be negative.")})
        _check_unit(unit, source)
        inventory = source.inventory
        month = first_of_month(month)
        if not first_of_month(inventory.period_start) <= month <= inventory.period_end:
            raise ValidationError({"month": _("This month is outside the reporting period.")})
        record, _created = ActivityRecord.objects.update_or_create(
            source=source, month=month, defaults={"quantity": quantity, "unit": unit.strip(), "note": note}
        )
        inventory_data_changed(inventory_id=inventory.pk)
        return record


@transaction.atomic
def activity_months_set(
    *, actor: User, source: EmissionSource, months: Mapping[datetime.date, tuple[Decimal, str] | None]
) -> None:
    """A source's activity for several months at once (the workspace's grid): each month given (quantity, unit)
    is set, each month given None loses its record. Every month or none."""
    existing = {record.month: record for record in source.records.all()}
    for month, value in months.items():
        if value is not None:
            activity_set(actor=actor, source=source, month=month, quantity=value[0], unit=value[1])
        elif month in existing:
            activity_delete(actor=actor, record=existing[month])


@transaction.atomic
def activity_delete(*, actor: User, record: ActivityRecord) -> None:
    with audit_context(actor=actor, action="activity_delete"):
        inventory_id = record.source.inventory_id
        record.delete()
        inventory_data_changed(inventory_id=inventory_id)


@transaction.atomic
def calculation_run(*, actor: User | None, inventory: Inventory) -> InventoryCalculation:
    """Calculate the inventory now and keep the result with the exact factors and GWP it used."""
    with audit_context(actor=actor, action="calculation_run"):
        try:
            results, factors, gwp = calculate_inventory(inventory)
        except KeyError as exc:
            raise ValidationError(FactorProblem("inventory_gwp_missing", {"gas": exc.args[0]}).message()) from None
        except UnitError as exc:
            raise ValidationError(FactorProblem("not_calculable", {"error": exc}).message()) from None
        return InventoryCalculation.objects.create(
            inventory=inventory,
            gwp_code=inventory.gwp_set.code,
            total_tco2e=Decimal(results["total"]),
            results=results,
            factors=factors,
            gwp=gwp,
            created_by=actor,
        )
