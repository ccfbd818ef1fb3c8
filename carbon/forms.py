import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from carbon import selectors
from carbon.calc.units import spellings
from carbon.factor_checks import unit_problem
from carbon.models import EmissionSource, Facility, Factor, Inventory
from carbon.seed import methodology
from portal.forms import parse_quantity
from twlocale.roc import ROC_OFFSET

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InventoryForm(forms.ModelForm):
    class Meta:
        model = Inventory
        fields = [
            "title",
            "period_start",
            "period_end",
            "base_year",
            "gwp_set",
            "description",
            "responsible",
            "boundary_approach",
            "boundary_note",
            "reporting_boundary_note",
            "significance_threshold",
            "base_year_policy",
            "methods_note",
            "method_changes_note",
            "biogenic_note",
            "removals_note",
            "policy_note",
            "verification",
            "verifier",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "description",
                    "boundary_note",
                    "reporting_boundary_note",
                    "base_year_policy",
                    "methods_note",
                    "method_changes_note",
                    "biogenic_note",
                    "removals_note",
                    "policy_note",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_year"].help_text = _("A year such as 2025, or 114 in the ROC calendar.")

    def clean_base_year(self):
        year = self.cleaned_data["base_year"]
        return year + ROC_OFFSET if year is not None and 0 < year < 1000 else year  # an ROC year: 114 → 2025

    def clean(self):
        cleaned = super().clean()
        start, end, base = cleaned.get("period_start"), cleaned.get("period_end"), cleaned.get("base_year")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The reporting period cannot end before it starts."))
            elif (end - start).days > 366:
                self.add_error("period_end", _("A reporting period covers at most one year."))
        if base and end and base > end.year:
            self.add_error("base_year", _("The base year cannot be after the reporting period."))
        if base and base < 1990:
            self.add_error("base_year", _("Enter a base year from 1990."))
        return cleaned


class SourceForm(forms.ModelForm):
    class Meta:
        model = EmissionSource
        fields = [
            "name",
            "subcategory",
            "facility",
            "factor",
            "data_quality",
            "activity_uncertainty",
            "included",
            "exclusion_reason",
        ]
        widgets = {"exclusion_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, inventory: Inventory, **kwargs):
        super().__init__(*args, **kwargs)
        self.inventory = inventory
        self.fields["facility"].queryset = Facility.objects.filter(inventory=inventory)
        self.fields["factor"].queryset = Factor.objects.select_related("factor_set").order_by("kind", "code")
        fitting = selectors.electricity_factor_for_inventory(inventory=inventory)
        year = inventory.period_start.year
        self.fields["factor"].label_from_instance = lambda f: _factor_label(f, fitting, year)
        if fitting is not None:
            self.fields["factor"].help_text = _(
                "Electricity of a %(year)s inventory: %(code)s (announced %(announced)s, data year %(data_year)s)."
            ) % {
                "year": year,
                "code": fitting.code,
                "announced": fitting.factor_set.year,
                "data_year": fitting.factor_set.data_year,
            }
        if not self.instance.pk:
            self.initial.setdefault("activity_uncertainty", methodology()["activity_uncertainty"][2])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("included") is False and not (cleaned.get("exclusion_reason") or "").strip():
            self.add_error("exclusion_reason", _("Give the reason for excluding this source."))
        name = cleaned.get("name")
        if (
            name
            and EmissionSource.objects.filter(inventory=self.inventory, name=name).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("name", _("This inventory already has a source with this name."))
        return cleaned


def months_of(inventory: Inventory) -> list[datetime.date]:
    month = inventory.period_start.replace(day=1)
    result = []
    while month <= inventory.period_end and len(result) < 13:
        result.append(month)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return result


class ActivityGrid:
    """A source's activity, one row per month of the reporting period: quantity and unit."""

    def __init__(self, *, source: EmissionSource, data=None):
        self.source = source
        self.months = months_of(source.inventory)
        self.data = data
        existing = {r.month: r for r in source.records.all()}
        self.rows = [{"month": m, "key": f"{m:%Y-%m}", "record": existing.get(m)} for m in self.months]
        self.errors: dict[str, str] = {}
        self.cleaned: dict[datetime.date, tuple[Decimal, str] | None] = {}
        self.units = spellings(source.factor.unit)

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        for row in self.rows:
            raw = (self.data.get(f"q-{row['key']}") or "").strip()
            unit = (self.data.get(f"u-{row['key']}") or self.source.factor.unit).strip()
            if raw == "":
                self.cleaned[row["month"]] = None
                continue
            try:
                quantity = parse_quantity(raw)
            except ValidationError as exc:
                self.errors[row["key"]] = exc.messages[0]
                continue
            factor = self.source.factor
            if problem := unit_problem(unit=unit, factor_code=factor.code, factor_unit=factor.unit):
                self.errors[row["key"]] = problem.message()
                continue
            self.cleaned[row["month"]] = (quantity, unit)
        return not self.errors


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = ["name", "address"]


def _factor_label(factor: Factor, fitting: Factor | None, year: int) -> str:
    label = f"{factor.code} — {factor.name_text}（{factor.unit}）"
    if fitting is not None and factor.pk == fitting.pk:
        label += " ★ " + str(_("fits the %(year)s inventory") % {"year": year})
    return label
