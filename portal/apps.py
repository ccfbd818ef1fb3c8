from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_triggers(sender, using="default", **kwargs):
    from portal.audit.postgres import install_audit_triggers
    from portal.audit.registry import audited_models

    models_options = {m: o for m, o in audited_models().items() if m._meta.app_label == sender.label}
    if sender.label == "portal" or models_options:
        install_audit_triggers(using=using, models_options=models_options)


def _push_audit_state(sender, connection, **kwargs):
    from portal.audit.context import current_audit_state, push_state_to_connection

    state = current_audit_state()
    if connection.vendor == "postgresql" and state is not None:
        push_state_to_connection(connection, state)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal.audit.signals import connect_signal_fallback

        from . import permissions  # noqa: F401  (registers the rules)

        connect_signal_fallback()
        post_migrate.connect(_install_triggers, dispatch_uid="portal-audit-triggers")
        connection_created.connect(_push_audit_state, dispatch_uid="portal-audit-connection")
        from django.contrib.auth.signals import user_logged_in

        from portal.security import session_started

        user_logged_in.connect(session_started, dispatch_uid="portal-session-started")
        from django.core.signals import request_finished, request_started

        from portal.shared_cache import stamps_drop

        request_started.connect(stamps_drop, dispatch_uid="portal-stamps-drop-start")
        request_finished.connect(stamps_drop, dispatch_uid="portal-stamps-drop-finish")
