from django.urls import path

from . import views

urlpatterns = [
    path("inventories/<int:pk>/reports/", views.report_jobs, name="carbon-report-jobs"),
    path("reports/<int:pk>/download/", views.report_download, name="carbon-report-download"),
    path("reports/<int:pk>/retry/", views.report_retry, name="carbon-report-retry"),
]
