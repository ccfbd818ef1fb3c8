"""Emission factors and GWP sets, versioned as data: a new announcement is a new set; old sets stay."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import audited
from portal.language import text_in_language


@audited()
class GwpSet(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)  # AR4, AR5, AR6
    title = models.JSONField(_("title"))
    source = models.CharField(_("source"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("GWP set")
        verbose_name_plural = _("GWP sets")
        ordering = ["year", "code"]

    def __str__(self) -> str:
        return self.code

    def values(self) -> dict:
        return {v.gas: v.value for v in self.gwp_values.all()}


@audited()
class GwpValue(models.Model):
    gwp_set = models.ForeignKey(GwpSet, on_delete=models.CASCADE, related_name="gwp_values", verbose_name=_("GWP set"))
    gas = models.CharField(_("gas"), max_length=32)  # CO2, CH4, N2O, SF6, NF3, HFC-134a, R-410A …
    value = models.DecimalField(_("GWP (100 years)"), max_digits=12, decimal_places=3)

    class Meta:
        verbose_name = _("GWP value")
        verbose_name_plural = _("GWP values")
        ordering = ["gwp_set", "gas"]
        constraints = [
            models.UniqueConstraint(fields=["gwp_set", "gas"], name="gwp_one_value_per_gas"),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="gwp_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.gwp_set} {self.gas} = {self.value}"


@audited()
class FactorSet(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.JSONField(_("title"))
    source_document = models.CharField(_("source document"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year of announcement"))
    # Taiwan announces its electricity factor a year after the year it measures (0.495, announced in 2023,
    # is the 2022 figure); documents name factors by either year, so both are kept and shown.
    data_year = models.PositiveSmallIntegerField(
        _("data year"),
        null=True,
        blank=True,
        help_text=_("The year whose data the factors describe, when they are year-bound."),
    )
    note = models.JSONField(
        _("note"), default=dict, blank=True, null=True, help_text=_("In both languages: zh-hant and en.")
    )

    class Meta:
        verbose_name = _("emission factor set")
        verbose_name_plural = _("emission factor sets")
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def title_text(self) -> str:
        return text_in_language(self.title)


class FactorKind(models.TextChoices):
    STATIONARY = "stationary", _("Stationary combustion")
    MOBILE = "mobile", _("Mobile combustion")
    ELECTRICITY = "electricity", _("Imported electricity")
    WATER = "water", _("Water")
    PROCESS = "process", _("Process")
    FUGITIVE = "fugitive", _("Fugitive")
    OTHER = "other", _("Other")


@audited()
class Factor(models.Model):
    """One factor: kg of each gas per unit of activity (CO2e where the source gives an equivalent)."""

    factor_set = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="factors", verbose_name=_("set"))
    code = models.CharField(_("code"), max_length=80, unique=True)
    name = models.JSONField(_("name"))
    ipcc_name = models.CharField(_("IPCC name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=FactorKind.choices)
    unit = models.CharField(_("activity unit"), max_length=8)  # kWh, L, m3, kg, GJ, tkm, km
    uncertainty = models.DecimalField(_("uncertainty (± %, 95 %)"), max_digits=6, decimal_places=2, default=0)
    quality = models.PositiveSmallIntegerField(_("factor quality level (1 best – 3)"), default=2)

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        ordering = ["factor_set", "code"]
        indexes = [models.Index(fields=["kind"], name="factor_kind_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(quality__gte=1, quality__lte=3), name="factor_quality_1_to_3"),
            models.CheckConstraint(condition=models.Q(uncertainty__gte=0), name="factor_uncertainty_not_negative"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name_text(self) -> str:
        return text_in_language(self.name)


@audited()
class FactorGas(models.Model):
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="gases", verbose_name=_("factor"))
    gas = models.CharField(_("gas"), max_length=32)  # CO2, CH4, N2O … or CO2e
    value = models.DecimalField(_("kg per unit"), max_digits=16, decimal_places=8)

    class Meta:
        verbose_name = _("factor gas value")
        verbose_name_plural = _("factor gas values")
        ordering = ["factor", "gas"]
        constraints = [
            models.UniqueConstraint(fields=["factor", "gas"], name="factor_one_value_per_gas"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="factor_gas_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.factor} {self.gas} {self.value}"
