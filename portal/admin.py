from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin as DRFTokenAdmin
from rest_framework.authtoken.models import TokenProxy
from rules.contrib.admin import ObjectPermissionsModelAdmin

from portal.models import (
    AuditEvent,
    CalendarOverride,
    Company,
    CompanyContact,
    CounsellingUnit,
    ProgrammeOffice,
    QualificationRegistration,
    User,
)
from portal.permissions import field_writable, fields_reserved

admin.site.site_header = _("Industrial programmes portal — administration")
admin.site.site_title = _("Portal administration")


class FieldPermissionsAdmin(ObjectPermissionsModelAdmin):
    """The fields reserved to others (portal.permissions) are read-only here too; so is an inline whose
    relation is reserved (a unit's qualifications)."""

    def get_readonly_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.concrete_fields]
        reserved = fields_reserved(request.user, obj or self.model, names)
        return [*super().get_readonly_fields(request, obj), *reserved]

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        accessors = {r.related_model: r.get_accessor_name() for r in self.model._meta.related_objects}
        for inline in instances:
            if not field_writable(request.user, obj or self.model, accessors.get(inline.model, "")):
                inline.has_add_permission = inline.has_change_permission = inline.has_delete_permission = _never
        return instances


def _never(*args, **kwargs) -> bool:
    return False


class ContactInline(admin.TabularInline):
    model = CompanyContact
    extra = 0


@admin.register(Company)
class CompanyAdmin(FieldPermissionsAdmin):
    list_display = ["name", "ubn", "registration", "factory_registered", "employees", "updated_at"]
    list_filter = ["registration", "factory_registered", "prc_capital"]
    search_fields = ["name", "ubn"]
    inlines = [ContactInline]


class QualificationInline(admin.TabularInline):
    model = QualificationRegistration
    extra = 0


@admin.register(CounsellingUnit)
class CounsellingUnitAdmin(FieldPermissionsAdmin):
    list_display = ["name", "ubn", "kind", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "ubn"]
    inlines = [QualificationInline]


@admin.register(ProgrammeOffice)
class ProgrammeOfficeAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "ministry_unit"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ObjectPermissionsModelAdmin):
    list_display = ["date", "kind", "reason", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "date"


@admin.register(User)
class UserAdmin(ObjectPermissionsModelAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "company", "counselling_unit", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    list_select_related = ["company", "counselling_unit"]
    autocomplete_fields = ["company", "counselling_unit"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "affiliation"]}),
        (_("Role and organisation"), {"fields": ["role", "company", "counselling_unit", "programme_office"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "email",
                    "full_name",
                    "role",
                    "company",
                    "counselling_unit",
                    "programme_office",
                    "password1",
                    "password2",
                ]
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor", "action", "table_name", "object_id"]
    list_filter = ["action", "table_name"]
    search_fields = ["object_id", "table_name"]
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("portal.view_auditevent")

    def has_module_permission(self, request):
        return request.user.has_perm("portal.view_auditevent")


# API tokens: the key is a password. The admin shows its first characters, enough to tell tokens apart, never the
# whole key (DRF's TokenAdmin already addresses a token by its user's id, not by its key); a token is only
# revoked here (deleted), never made or edited.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(ObjectPermissionsModelAdmin, DRFTokenAdmin):
    list_display = ["masked_key", "user", "created"]
    fields = ["masked_key", "user", "created"]
    readonly_fields = fields
    search_fields = ["user__email"]
    list_select_related = ["user"]
    ordering = ["-created"]

    @admin.display(description=_("key"))
    def masked_key(self, token) -> str:
        return f"{token.key[:6]}…"

    # A token's str() is its key: every place the admin would print it gets the masked key instead.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        token = self.get_object(request, object_id)
        masked = {"subtitle": self.masked_key(token)} if token else {}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **masked})

    def delete_view(self, request, object_id, extra_context=None):
        token = self.get_object(request, object_id)
        masked = {"masked_key": self.masked_key(token)} if token else {}
        return super().delete_view(request, object_id, {**(extra_context or {}), **masked})

    def get_deleted_objects(self, objs, request):
        return [f"{TokenProxy._meta.verbose_name}: {self.masked_key(t)}" for t in objs], {}, set(), []

    def log_deletions(self, request, queryset):
        from django.contrib.admin.models import DELETION, LogEntry
        from django.contrib.contenttypes.models import ContentType

        kind = ContentType.objects.get_for_model(TokenProxy, for_concrete_model=False)
        return LogEntry.objects.bulk_create(
            LogEntry(
                user_id=request.user.pk,
                content_type_id=kind.id,
                object_id=token.pk,
                object_repr=self.masked_key(token),
                action_flag=DELETION,
            )
            for token in queryset
        )

    def response_delete(self, request, obj_display, obj_id):
        return super().response_delete(request, f"{obj_display[:6]}…", obj_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
