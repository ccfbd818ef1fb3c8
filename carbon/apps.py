from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarbonConfig(AppConfig):
    name = "carbon"
    verbose_name = _("Carbon inventories")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
