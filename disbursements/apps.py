from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisbursementsConfig(AppConfig):
    name = "disbursements"
    verbose_name = _("Contracts and disbursements")

    def ready(self):
        # the predicates, and the handlers of the case actions after approval (contract, close, accept, terminate)
        from disbursements import permissions, services  # noqa: F401
