from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programmes and editions")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from portal.shared_cache import stamp_watch

        from . import permissions  # noqa: F401  (registers the rules)
        from .models import Edition, Programme
        from .rulesets import PUBLISHED_STAMP, published_changed

        # the screening keeps the published editions per process until one of these changes (rulesets.py); their
        # stamp is read with the calculators' rate-limit count
        stamp_watch(PUBLISHED_STAMP)
        for model in (Edition, Programme):
            post_save.connect(published_changed, sender=model, dispatch_uid=f"published-{model.__name__}-save")
            post_delete.connect(published_changed, sender=model, dispatch_uid=f"published-{model.__name__}-delete")
