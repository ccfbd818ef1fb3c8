"""The admin site's view of expenses and external accountants: read-only, because an expense is recorded,
verified and counted, and an accountant registered and assigned, only through the services (pages and API),
with their checks — the conflict of interest among them — and their audit trail."""

from django.contrib import admin

from disbursements.admin import ReadOnlyAdmin

from .models import AccountantAssignment, AccountantProfile, Expense


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyAdmin):
    list_display = ["case", "spent_on", "receipt_no", "item", "line", "amount", "gov_share", "status"]
    list_filter = ["status", "receipt_kind"]
    search_fields = ["case__reference", "receipt_no", "vendor_ubn", "item"]
    list_select_related = ["case"]


@admin.register(AccountantProfile)
class AccountantProfileAdmin(ReadOnlyAdmin):
    list_display = ["user", "firm_ubn"]
    search_fields = ["user__email", "user__full_name", "firm_ubn"]
    list_select_related = ["user"]


@admin.register(AccountantAssignment)
class AccountantAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "accountant", "assigned_by", "assigned_at"]
    search_fields = ["case__reference", "accountant__email", "accountant__full_name"]
    list_select_related = ["case", "accountant"]
