from django.urls import path

from .views import changes, contracts, office, payments

urlpatterns = [
    path("cases/<int:pk>/contract/", contracts.contract_page, name="money-contract"),
    path("cases/<int:pk>/contract/self-funding/", contracts.self_funding_add, name="money-self-funding"),
    path("cases/<int:pk>/terminate/", contracts.terminate_page, name="money-terminate"),
    path("cases/<int:pk>/ledger/", contracts.ledger_page, name="money-ledger"),
    path("cases/<int:pk>/ledger.xlsx", contracts.ledger_export, name="money-ledger-export"),
    path("cases/<int:pk>/follow-ups/<int:no>/", contracts.follow_up_page, name="money-follow-up"),
    path("cases/<int:pk>/instalments/", payments.instalments_page, name="money-instalments"),
    path("cases/<int:pk>/instalments/<int:no>/release/", payments.release, name="money-release"),
    path("cases/<int:pk>/instalments/<int:no>/withhold/", payments.withhold, name="money-withhold"),
    path("cases/<int:pk>/progress/", payments.reports_page, name="money-reports"),
    path("cases/<int:pk>/changes/", changes.changes_page, name="money-changes"),
    path("cases/<int:pk>/changes/<int:change>/decide/", changes.change_decide, name="money-change-decide"),
    path("office/money/", office.money_dashboard, name="money-dashboard"),
    path("office/money/<slug:code>/", office.edition_ledger, name="money-edition"),
    path("office/money/<slug:code>/ledger.xlsx", office.edition_export, name="money-edition-export"),
]
