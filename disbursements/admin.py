"""The admin site's view of contracts and disbursements: read-only for the programme office, because every
change of money goes through the services (pages and API), with its checks and its audit trail."""

from django.contrib import admin

from programs.admin import ReadOnlyAdmin as NoWrites

from .models import Clawback, Contract, FollowUp, Instalment, PlanChange, ProgressReport, Release


class ReadOnlyAdmin(NoWrites):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["case", "gov_amount", "self_amount", "signed_on", "accepted_on", "terminated_on"]
    search_fields = ["case__reference", "case__title"]


@admin.register(Instalment)
class InstalmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "no", "share", "planned_amount", "status"]
    list_filter = ["status"]
    search_fields = ["case__reference"]


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["case", "instalment", "amount", "released_on", "released_by"]
    search_fields = ["case__reference"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "as_of", "progress", "spent_gov", "spent_self"]
    search_fields = ["case__reference"]


@admin.register(PlanChange)
class PlanChangeAdmin(ReadOnlyAdmin):
    list_display = ["case", "status", "major", "requested_at"]
    list_filter = ["status"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["case", "no", "due", "submitted_at", "reminders"]


@admin.register(Clawback)
class ClawbackAdmin(ReadOnlyAdmin):
    list_display = ["case", "amount", "recorded_on", "recorded_by"]
