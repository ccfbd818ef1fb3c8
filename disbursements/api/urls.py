from django.urls import path

from . import views

urlpatterns = [
    path("cases/<int:pk>/instalments/", views.InstalmentsView.as_view(), name="case-instalments"),
    path("cases/<int:pk>/instalments/<int:no>/release/", views.ReleaseView.as_view(), name="case-instalment-release"),
    path("cases/<int:pk>/progress-reports/", views.ProgressReportsView.as_view(), name="case-progress-reports"),
    path("cases/<int:pk>/ledger/", views.LedgerView.as_view(), name="case-ledger"),
]
