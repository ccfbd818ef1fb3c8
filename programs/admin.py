"""Read-only admin views: editions change only through the edition pages (services, events, validation)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from programs.models import Edition, EditionEvent, Programme, RuleEvaluation


class ReadOnlyAdmin(ObjectPermissionsModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ObjectPermissionsModelAdmin):
    list_display = ["code", "__str__"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "programme", "year", "status", "published_at", "manage"]
    list_filter = ["status", "programme", "year"]
    search_fields = ["code"]
    list_select_related = ["programme"]

    @admin.display(description=_("Manage"))
    def manage(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("staff-edition", args=[obj.pk]), _("Open the edition page"))


@admin.register(EditionEvent)
class EditionEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "edition", "action", "from_status", "to_status", "actor"]
    list_filter = ["action"]
    list_select_related = ["edition", "actor"]


@admin.register(RuleEvaluation)
class RuleEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "purpose", "subject_type", "subject_id", "edition", "passed"]
    list_filter = ["purpose", "passed"]
    list_select_related = ["edition"]
