from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        # the reviewer's view of assigned cases, the permissions and the decide action's handler
        from reviews import permissions, services  # noqa: F401
