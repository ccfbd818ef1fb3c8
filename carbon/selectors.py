"""Reads for the factor library and inventories."""

from django.db.models import Count, Prefetch, Q, QuerySet

from carbon.factor_years import FactorYear, pick_for_inventory_year
from carbon.models import ActivityRecord, EmissionSource, Factor, FactorSet, GwpSet, ImportJob, Inventory, ReportJob
from carbon.models.factors import FactorKind
from carbon.permissions import inventories_visible_to


def factor_sets_with_factors() -> QuerySet[FactorSet]:
    factors = Factor.objects.prefetch_related("gases").order_by("code")
    return FactorSet.objects.prefetch_related(Prefetch("factors", queryset=factors)).order_by("-year", "code")


def factors_by_codes(*, codes: list[str]) -> dict[str, Factor]:
    rows = Factor.objects.filter(code__in=codes).select_related("factor_set").prefetch_related("gases")
    return {f.code: f for f in rows}


def factor_choices() -> QuerySet[Factor]:
    return Factor.objects.select_related("factor_set").order_by("kind", "code")


def electricity_factor_for_inventory(*, inventory: Inventory) -> Factor | None:
    """The electricity factor of the inventory's year (its reporting period's first year): the one whose data
    year it is, else the newest before it (carbon.factor_years)."""
    factors = {f.code: f for f in Factor.objects.filter(kind=FactorKind.ELECTRICITY).select_related("factor_set")}
    picked = pick_for_inventory_year(
        inventory.period_start.year,
        [FactorYear(f.code, f.factor_set.year, f.factor_set.data_year) for f in factors.values()],
    )
    return None if picked is None else factors[picked.code]


def gwp_set_by_code(*, code: str) -> GwpSet:
    return GwpSet.objects.prefetch_related("gwp_values").get(code=code)


def gwp_codes() -> list[str]:
    return list(GwpSet.objects.order_by("code").values_list("code", flat=True))


def inventories_for_user(*, user) -> QuerySet[Inventory]:
    return (
        inventories_visible_to(user)
        .select_related("company", "gwp_set")
        .annotate(source_count=Count("sources", distinct=True))
        .order_by("-period_start", "-id")
    )


def inventory_detail(*, inventory_id: int, user) -> Inventory:
    """An inventory with its facilities; its sources are a page of their own (inventory_sources)."""
    return (
        inventories_visible_to(user)
        .select_related("company", "gwp_set")
        .prefetch_related("facilities")
        .annotate(source_total=Count("sources"))
        .get(pk=inventory_id)
    )


def inventory_sources(*, inventory: Inventory, q: str = "") -> QuerySet[EmissionSource]:
    """An inventory's emission sources with their months of data, in the order they were added; ``q`` keeps
    those whose name, facility or factor code contains it."""
    sources = inventory.sources.select_related("factor", "facility").annotate(record_count=Count("records"))
    q = (q or "").strip()[:100]
    if q:
        sources = sources.filter(Q(name__icontains=q) | Q(facility__name__icontains=q) | Q(factor__code__icontains=q))
    return sources.order_by("id")


def source_records(*, source: EmissionSource) -> QuerySet[ActivityRecord]:
    return source.records.order_by("month")


def report_jobs(*, inventory: Inventory) -> QuerySet[ReportJob]:
    return inventory.report_jobs.select_related("requested_by", "calculation").order_by("-created_at", "-id")


def import_jobs(*, inventory: Inventory) -> QuerySet[ImportJob]:
    return inventory.import_jobs.select_related("requested_by").order_by("-created_at", "-id")


def latest_calculation(*, inventory: Inventory):
    return inventory.calculations.order_by("-created_at", "-id").first()


def calculation_out_of_date(*, inventory: Inventory, calculation) -> bool:
    """Whether what the calculation read (sources, activity data, period, GWP set) has changed since."""
    changed = inventory.data_changed_at
    return calculation is not None and changed is not None and changed > calculation.created_at
