"""The reviewer pool in the admin site (administrators set the editions a reviewer serves). Assignments, sheets
and decisions are read-only here: they change only through the services (conflicts, immutability, events)."""

from django import forms
from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from portal.models import Role, User
from programs.admin import ReadOnlyAdmin
from reviews.models import Assignment, ConflictDeclaration, Decision, ReviewerProfile, ScoreSheet
from reviews.services.pool import edition_codes_clean


class ReviewerProfileForm(forms.ModelForm):
    class Meta:
        model = ReviewerProfile
        fields = ["user", "affiliation", "organisation_ubn", "expertise", "editions"]

    def clean_editions(self):
        return edition_codes_clean(self.cleaned_data["editions"])


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(ObjectPermissionsModelAdmin):
    form = ReviewerProfileForm
    list_display = ["user", "affiliation", "organisation_ubn", "editions"]
    search_fields = ["user__email", "user__full_name", "affiliation", "expertise"]
    list_select_related = ["user"]

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(role=Role.REVIEWER).order_by("full_name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["declared_at", "reviewer", "company", "unit", "reason"]
    list_select_related = ["reviewer", "company", "unit"]
    search_fields = ["reviewer__email", "company__ubn", "unit__ubn"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["assigned_at", "case", "reviewer", "round", "confirmed_no_conflict_at", "withdrawn_at"]
    list_select_related = ["case", "reviewer"]
    search_fields = ["case__reference", "reviewer__email"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "total", "submitted_at"]
    list_select_related = ["assignment__case", "assignment__reviewer"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "case", "verdict", "approved_gov", "mean"]
    list_select_related = ["case"]
