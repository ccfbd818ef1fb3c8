"""Reads for the activity-data import: lookups for the parser, the jobs for the pages."""

from dataclasses import dataclass

from django.db.models import QuerySet

from carbon.models import EmissionSource, Factor, ImportJob, Inventory

RECENT_JOBS = 10


@dataclass(frozen=True)
class FactorInfo:
    id: int
    code: str
    unit: str


@dataclass(frozen=True)
class SourceInfo:
    id: int
    name: str
    subcategory: str
    factor_code: str


def import_factors() -> dict[str, FactorInfo]:
    """Every factor by code (one query: the library holds tens to hundreds)."""
    return {
        code: FactorInfo(id=pk, code=code, unit=unit)
        for pk, code, unit in Factor.objects.values_list("id", "code", "unit")
    }


def import_sources(*, inventory: Inventory) -> dict[str, SourceInfo]:
    """The inventory's sources by name (one query)."""
    rows = EmissionSource.objects.filter(inventory=inventory).values_list("id", "name", "subcategory", "factor__code")
    return {name: SourceInfo(id=pk, name=name, subcategory=sub, factor_code=code) for pk, name, sub, code in rows}


def import_jobs_recent(*, inventory: Inventory, limit: int = RECENT_JOBS) -> list[ImportJob]:
    """The latest jobs without their (possibly long) list of problems."""
    jobs = (
        ImportJob.objects.filter(inventory=inventory)
        .select_related("requested_by")
        .defer("row_errors")
        .order_by("-created_at", "-id")
    )
    return list(jobs[:limit])


def import_job(*, inventory: Inventory, job_id: int) -> ImportJob:
    return ImportJob.objects.select_related("requested_by").get(inventory=inventory, pk=job_id)


def import_template_factors() -> QuerySet[Factor]:
    return Factor.objects.select_related("factor_set").order_by("kind", "code")


def import_template_sources(*, inventory: Inventory) -> QuerySet[EmissionSource]:
    return EmissionSource.objects.filter(inventory=inventory).select_related("factor").order_by("subcategory", "name")
