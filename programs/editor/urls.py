from django.urls import path

from programs.impact import views as impact_views

from . import views_edition, views_history, views_items, views_rules

E = "staff/editions/<int:pk>/"

urlpatterns = [
    path(f"{E}edit/", views_edition.editor_home, name="staff-edition-edit"),
    path(f"{E}edit/yaml/", views_edition.editor_yaml, name="staff-editor-yaml"),
    path(f"{E}edit/import/", views_edition.edition_import, name="staff-editor-import"),
    path(f"{E}edit/section/<str:section>/", views_rules.editor_section, name="staff-editor-section"),
    path(f"{E}edit/rules/<str:key>/new/", views_rules.rule_new, name="staff-editor-rule-new"),
    path(f"{E}edit/rules/<str:key>/<str:address>/", views_rules.rule_edit, name="staff-editor-rule"),
    path(
        f"{E}edit/rules/<str:key>/<str:address>/<str:action>/", views_rules.rule_action, name="staff-editor-rule-action"
    ),
    path(f"{E}edit/items/<str:key>/", views_items.items_edit, name="staff-editor-items"),
    path(f"{E}edit/catalogues/", views_items.catalogue_add, name="staff-editor-catalogue-add"),
    path(f"{E}export.yaml", views_edition.edition_export, name="staff-edition-export"),
    path(f"{E}diff/", views_history.edition_diff, name="staff-edition-diff"),
    path(f"{E}diff.xlsx", views_history.edition_diff_download, name="staff-edition-diff-download"),
    path(f"{E}history/", views_history.edition_history, name="staff-edition-history"),
    path(f"{E}impact/", impact_views.impact_panel, name="staff-edition-impact"),
    path(f"{E}checklist/<str:key>/sign/", views_edition.edition_sign_off, name="staff-edition-sign-off"),
    path("staff/impact/<int:job>/", impact_views.impact_report, name="staff-impact-report"),
    path("staff/impact/<int:job>/retry/", impact_views.impact_retry, name="staff-impact-retry"),
]
