"""An organisational GHG inventory (ISO 14064-1:2018): boundaries, sources by category, activity data,
and calculations kept as snapshots of the factors and GWP they used."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import audited
from portal.models import Company

from .factors import Factor, GwpSet


class BoundaryApproach(models.TextChoices):
    OPERATIONAL = "operational_control", _("Operational control")
    FINANCIAL = "financial_control", _("Financial control")
    EQUITY = "equity_share", _("Equity share")


class VerificationStatus(models.TextChoices):
    NONE = "none", _("Not verified")
    INTERNAL = "internal", _("Internal review")
    LIMITED = "limited", _("Third-party verification, limited assurance")
    REASONABLE = "reasonable", _("Third-party verification, reasonable assurance")


class Subcategory(models.TextChoices):
    """ISO 14064-1:2018 categories (the first digit) and their sub-categories."""

    STATIONARY = "1.1", _("1.1 Stationary combustion")
    MOBILE = "1.2", _("1.2 Mobile combustion")
    PROCESS = "1.3", _("1.3 Industrial processes")
    FUGITIVE = "1.4", _("1.4 Fugitive emissions")
    LAND_USE = "1.5", _("1.5 Land use, land-use change and forestry")
    ELECTRICITY = "2.1", _("2.1 Imported electricity")
    ENERGY = "2.2", _("2.2 Imported energy (steam, heat, cooling)")
    UPSTREAM_TRANSPORT = "3.1", _("3.1 Upstream transport and distribution")
    DOWNSTREAM_TRANSPORT = "3.2", _("3.2 Downstream transport and distribution")
    COMMUTING = "3.3", _("3.3 Employee commuting")
    CLIENT_TRANSPORT = "3.4", _("3.4 Client and visitor transport")
    BUSINESS_TRAVEL = "3.5", _("3.5 Business travel")
    PURCHASED_GOODS = "4.1", _("4.1 Purchased goods")
    CAPITAL_GOODS = "4.2", _("4.2 Capital goods")
    WASTE = "4.3", _("4.3 Disposal of solid and liquid waste")
    UPSTREAM_LEASED = "4.4", _("4.4 Use of leased assets")
    SERVICES = "4.5", _("4.5 Use of services")
    PRODUCT_USE = "5.1", _("5.1 Use stage of the product")
    DOWNSTREAM_LEASED = "5.2", _("5.2 Downstream leased assets")
    END_OF_LIFE = "5.3", _("5.3 End of life of the product")
    INVESTMENTS = "5.4", _("5.4 Investments")
    OTHER = "6.1", _("6.1 Other sources")


CATEGORY_LABELS = {
    "1": _("Category 1: direct emissions and removals"),
    "2": _("Category 2: indirect emissions from imported energy"),
    "3": _("Category 3: indirect emissions from transportation"),
    "4": _("Category 4: indirect emissions from products an organisation uses"),
    "5": _("Category 5: indirect emissions associated with the use of products from the organisation"),
    "6": _("Category 6: indirect emissions from other sources"),
}


CATEGORY_SHORT = {
    "1": _("1 Direct"),
    "2": _("2 Imported energy"),
    "3": _("3 Transportation"),
    "4": _("4 Products used"),
    "5": _("5 Use of products sold"),
    "6": _("6 Other sources"),
}


class DataQuality(models.IntegerChoices):
    MEASURED = 1, _("Measured (meters, invoices)")
    CALCULATED = 2, _("Calculated from records")
    ESTIMATED = 3, _("Estimated")


@audited(ignore=("data_changed_at",))
class Inventory(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="inventories", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("organisation description"), blank=True)
    responsible = models.CharField(_("person or unit responsible for the report"), max_length=200, blank=True)
    boundary_approach = models.CharField(
        _("consolidation approach"),
        max_length=24,
        choices=BoundaryApproach.choices,
        default=BoundaryApproach.OPERATIONAL,
    )
    boundary_note = models.TextField(_("organisational boundary"), blank=True)
    reporting_boundary_note = models.TextField(_("reporting boundary and significance criteria"), blank=True)
    significance_threshold = models.DecimalField(
        _("significance threshold (percentage of the total)"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    base_year = models.PositiveSmallIntegerField(_("base year"))
    base_year_policy = models.TextField(_("base-year recalculation policy"), blank=True)
    gwp_set = models.ForeignKey(GwpSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("GWP set"))
    biogenic_note = models.TextField(_("biogenic CO2"), blank=True)
    removals_note = models.TextField(_("direct removals"), blank=True)
    methods_note = models.TextField(_("quantification methods"), blank=True)
    method_changes_note = models.TextField(_("changes of methods"), blank=True)
    policy_note = models.TextField(_("GHG policy, strategy and reduction initiatives"), blank=True)
    verification = models.CharField(
        _("verification"), max_length=16, choices=VerificationStatus.choices, default=VerificationStatus.NONE
    )
    verifier = models.CharField(_("verification body"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When what a calculation reads last changed (sources, activity data, period, GWP set): a calculation made
    # before it is out of date. Set by carbon/services.py and the import; not worth an audit event of its own.
    data_changed_at = models.DateTimeField(_("data changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("GHG inventory")
        verbose_name_plural = _("GHG inventories")
        ordering = ["-period_start", "-id"]
        indexes = [models.Index(fields=["company", "-period_start"], name="inventory_company_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="inventory_period_in_order",
                violation_error_message=_("The reporting period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(significance_threshold__gte=0, significance_threshold__lte=100),
                name="inventory_threshold_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


@audited()
class Facility(models.Model):
    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="facilities", verbose_name=_("inventory")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["inventory", "name"], name="facility_name_unique_in_inventory")]

    def __str__(self) -> str:
        return self.name


@audited()
class EmissionSource(models.Model):
    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="sources", verbose_name=_("inventory")
    )
    facility = models.ForeignKey(
        Facility, on_delete=models.SET_NULL, null=True, blank=True, related_name="sources", verbose_name=_("facility")
    )
    name = models.CharField(_("emission source"), max_length=200)
    subcategory = models.CharField(_("category"), max_length=4, choices=Subcategory.choices)
    factor = models.ForeignKey(Factor, on_delete=models.PROTECT, related_name="+", verbose_name=_("emission factor"))
    activity_uncertainty = models.DecimalField(
        _("activity data uncertainty (± %, 95 %)"), max_digits=6, decimal_places=2, default=5
    )
    data_quality = models.PositiveSmallIntegerField(
        _("activity data"), choices=DataQuality.choices, default=DataQuality.CALCULATED
    )
    included = models.BooleanField(_("included in the inventory"), default=True)
    exclusion_reason = models.TextField(_("reason for excluding it"), blank=True)

    class Meta:
        verbose_name = _("emission source")
        verbose_name_plural = _("emission sources")
        ordering = ["subcategory", "name"]
        constraints = [
            models.UniqueConstraint(fields=["inventory", "name"], name="source_name_unique_in_inventory"),
            models.CheckConstraint(
                condition=Q(included=True) | ~Q(exclusion_reason=""),
                name="source_exclusion_has_reason",
                violation_error_message=_("Give the reason for excluding this source."),
            ),
            models.CheckConstraint(condition=Q(activity_uncertainty__gte=0), name="source_uncertainty_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def category(self) -> str:
        return self.subcategory.split(".")[0]


class ActivityRecord(models.Model):
    """One month of one source's activity data, in any unit that converts to the factor's unit."""

    source = models.ForeignKey(
        EmissionSource, on_delete=models.CASCADE, related_name="records", verbose_name=_("source")
    )
    month = models.DateField(_("month"))  # the first day of the month
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=16)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("activity data")
        verbose_name_plural = _("activity data")
        ordering = ["source", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "month"],
                name="activity_one_record_per_month",
                violation_error_message=_("This source already has data for that month."),
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="activity_quantity_not_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="activity_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.month:%Y-%m}: {self.quantity} {self.unit}"


class InventoryCalculation(models.Model):
    """A calculation as made: the totals and the exact factors and GWP values used (a snapshot)."""

    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="calculations", verbose_name=_("inventory")
    )
    gwp_code = models.CharField(_("GWP set"), max_length=16)
    total_tco2e = models.DecimalField(_("total (tCO2e)"), max_digits=18, decimal_places=4)
    results = models.JSONField(_("results"))
    factors = models.JSONField(_("factors used"))
    gwp = models.JSONField(_("GWP values used"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("calculated at"), default=timezone.now)

    class Meta:
        verbose_name = _("inventory calculation")
        verbose_name_plural = _("inventory calculations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.inventory} {self.total_tco2e} tCO2e"
