from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpensesConfig(AppConfig):
    name = "expenses"
    verbose_name = _("Expenses and their verification")

    def ready(self):
        # the predicates, and the verified ledger as the disbursements' source of spending
        from disbursements.conditions import spending_source_register
        from expenses import permissions  # noqa: F401
        from expenses.selectors import verified_spending, verified_spending_many

        spending_source_register(verified_spending, many=verified_spending_many)
