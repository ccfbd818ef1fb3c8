from django.urls import path

from . import staff_views, views

urlpatterns = [
    path("programmes/", views.catalogue, name="catalogue"),
    path("programmes/<str:code>/", views.edition_detail, name="edition-detail"),
    path("programmes/<str:code>/budget/", views.budget_checker, name="budget-checker"),
    path("programmes/<str:code>/budget.xlsx", views.budget_download, name="budget-download"),
    path("screener/", views.screener, name="screener"),
    path("staff/editions/", staff_views.edition_list, name="staff-editions"),
    path("staff/editions/<int:pk>/", staff_views.edition_manage, name="staff-edition"),
    path("staff/editions/<int:pk>/edit/", staff_views.edition_edit, name="staff-edition-edit"),
    path("staff/editions/<int:pk>/<str:action>/", staff_views.edition_action, name="staff-edition-action"),
]
