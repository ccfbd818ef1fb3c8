from django.urls import path

from . import views

urlpatterns = [
    path("inventories/<int:pk>/import/", views.import_panel, name="carbon-import"),
    path("inventories/<int:pk>/import/template.xlsx", views.import_template_download, name="carbon-import-template"),
    path("inventories/<int:pk>/import/<int:job_id>/", views.import_job, name="carbon-import-job"),
]
