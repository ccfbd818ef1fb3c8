from django.urls import include, path

from . import views

urlpatterns = [
    path("factors/", views.factor_library, name="carbon-factors"),
    path("inventories/", views.inventory_list, name="carbon-inventories"),
    path("inventories/new/", views.inventory_create, name="carbon-inventory-new"),
    path("inventories/<int:pk>/", views.inventory_workspace, name="carbon-inventory"),
    path("inventories/<int:pk>/edit/", views.inventory_edit, name="carbon-inventory-edit"),
    path("inventories/<int:pk>/sources/new/", views.source_edit, name="carbon-source-new"),
    path("inventories/<int:pk>/sources/<int:source_id>/", views.source_edit, name="carbon-source"),
    path("inventories/<int:pk>/sources/<int:source_id>/delete/", views.source_delete, name="carbon-source-delete"),
    path("inventories/<int:pk>/sources/<int:source_id>/activity/", views.activity_edit, name="carbon-activity"),
    path("inventories/<int:pk>/calculate/", views.inventory_calculate, name="carbon-calculate"),
    path("savings/", include("carbon.savings.urls")),
    path("", include("carbon.reports.urls")),
    path("", include("carbon.imports.urls")),
]
