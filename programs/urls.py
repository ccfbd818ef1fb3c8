from django.urls import path

from . import staff_views, views
from .editor.urls import urlpatterns as editor_urls

urlpatterns = [
    path("programmes/", views.catalogue, name="catalogue"),
    path("programmes/<str:code>/", views.edition_detail, name="edition-detail"),
    path("programmes/<str:code>/budget/", views.budget_checker, name="budget-checker"),
    path("programmes/<str:code>/budget.xlsx", views.budget_download, name="budget-download"),
    path("screener/", views.screener, name="screener"),
    path("staff/editions/", staff_views.edition_list, name="staff-editions"),
    path("staff/editions/<int:pk>/", staff_views.edition_manage, name="staff-edition"),
    *editor_urls,  # before the actions: their paths would read as an action's
    path("staff/editions/<int:pk>/<str:action>/", staff_views.edition_action, name="staff-edition-action"),
]
