"""Administrators maintain the factor library here: a new announcement is a new set (old ones stay)."""

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from carbon.models import Factor, FactorGas, FactorSet, GwpSet, GwpValue


class FactorGasInline(admin.TabularInline):
    model = FactorGas
    extra = 1


@admin.register(Factor)
class FactorAdmin(ObjectPermissionsModelAdmin):
    list_display = ["code", "factor_set", "kind", "unit", "uncertainty", "quality"]
    list_filter = ["kind", "factor_set"]
    search_fields = ["code", "ipcc_name"]
    list_select_related = ["factor_set"]
    inlines = [FactorGasInline]

    def get_readonly_fields(self, request, obj=None):
        # a factor already used by an inventory keeps its code and unit (old inventories stay explainable)
        return ["code", "unit"] if obj is not None else []


class FactorInline(admin.TabularInline):
    model = Factor
    extra = 0
    fields = ["code", "kind", "unit", "uncertainty", "quality"]
    show_change_link = True


@admin.register(FactorSet)
class FactorSetAdmin(ObjectPermissionsModelAdmin):
    list_display = ["code", "year", "data_year", "source_document"]
    search_fields = ["code"]
    inlines = [FactorInline]


class GwpValueInline(admin.TabularInline):
    model = GwpValue
    extra = 1


@admin.register(GwpSet)
class GwpSetAdmin(ObjectPermissionsModelAdmin):
    list_display = ["code", "year", "source"]
    inlines = [GwpValueInline]
