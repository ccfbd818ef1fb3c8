from django.urls import path

from . import accountants, views

urlpatterns = [
    path("cases/<int:pk>/expenses/", views.ExpensesView.as_view(), name="case-expenses"),
    path("cases/<int:pk>/expenses/summary/", views.SummaryView.as_view(), name="case-expenses-summary"),
    path("cases/<int:pk>/expenses/import/", views.ImportView.as_view(), name="case-expenses-import"),
    path("cases/<int:pk>/expenses/import/<int:job>/", views.ImportJobView.as_view(), name="case-expenses-import-job"),
    path("cases/<int:pk>/expenses/<int:expense>/verify/", views.VerifyView.as_view(), name="case-expense-verify"),
    path(
        "cases/<int:pk>/expenses/accountants/",
        accountants.CaseAccountantsView.as_view(),
        name="case-expense-accountants",
    ),
    path(
        "cases/<int:pk>/expenses/accountants/<int:accountant>/",
        accountants.CaseAccountantView.as_view(),
        name="case-expense-accountant",
    ),
    path("accountants/", accountants.AccountantsView.as_view(), name="accountants"),
    path("accountant/cases/", accountants.AssignedCasesView.as_view(), name="accountant-cases"),
]
