from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications and contracts")

    def ready(self):
        from applications import permissions, services  # noqa: F401  (registers rules and action handlers)
