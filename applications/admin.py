"""The admin site's view of the case apps: the office's registers (debarments) are kept here; cases are
read-only here, because every change of a case goes through its services (pages and API)."""

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from applications.models import Case, CaseEvent, Debarment


class EventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "actor", "reason", "occurred_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ObjectPermissionsModelAdmin):
    list_display = ["reference", "title", "company", "status", "requested_gov", "created_at"]
    list_filter = ["status", "edition_code"]
    search_fields = ["reference", "title", "company__name", "company__ubn"]
    inlines = [EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Case._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Debarment)
class DebarmentAdmin(ObjectPermissionsModelAdmin):
    list_display = ["company", "scope", "programme", "starts_on", "ends_on"]
    list_filter = ["scope", "programme"]
    search_fields = ["company__name", "company__ubn"]
    autocomplete_fields = ["company"]
    readonly_fields = ["decided_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if obj.decided_by_id is None:
            obj.decided_by = request.user
        super().save_model(request, obj, form, change)
