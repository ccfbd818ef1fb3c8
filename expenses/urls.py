from django.urls import path

from . import accountant_views, import_views, views

urlpatterns = [
    path("cases/<int:pk>/expenses/", views.ledger_page, name="expense-ledger"),
    path("cases/<int:pk>/expenses/<int:expense>/verify/", views.verify, name="expense-verify"),
    path("cases/<int:pk>/expenses/<int:expense>/receipt/", views.receipt_download, name="expense-receipt"),
    path("cases/<int:pk>/expenses/import/", import_views.import_page, name="expense-import"),
    path("cases/<int:pk>/expenses/import/<int:job_id>/", import_views.import_job_page, name="expense-import-job"),
    path("cases/<int:pk>/expenses/template.xlsx", views.template_download, name="expense-template"),
    path("cases/<int:pk>/expenses/report/", views.report_page, name="expense-report"),
    path("cases/<int:pk>/expenses/report.xlsx", views.report_xlsx, name="expense-report-xlsx"),
    path("cases/<int:pk>/expenses/report.pdf", views.report_pdf, name="expense-report-pdf"),
    path("office/expenses/", views.queue_page, name="expense-queue"),
    path("cases/<int:pk>/expenses/accountants/", accountant_views.assign, name="expense-accountant-assign"),
    path(
        "cases/<int:pk>/expenses/accountants/<int:accountant>/remove/",
        accountant_views.unassign,
        name="expense-accountant-unassign",
    ),
    path("office/accountants/", accountant_views.accountants_page, name="expense-accountants"),
    path("accountant/cases/", accountant_views.assigned_cases_page, name="expense-assigned-cases"),
]
