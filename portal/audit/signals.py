"""The audit trail on databases without our trigger (SQLite): the same rows, written from model
signals. Bulk ``update()`` and raw SQL are not seen here; on PostgreSQL the trigger sees them."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save

from .context import current_audit_state
from .registry import AuditOptions, audited_models

MASK = "***"


class _RowEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, FieldFile):  # an uploaded file's column holds its name, as the trigger records it
            return o.name or ""
        return super().default(o)


def _row(instance) -> dict:
    raw = {f.column: f.value_from_object(instance) for f in instance._meta.concrete_fields}
    return json.loads(json.dumps(raw, cls=_RowEncoder))


def _uses_trigger(instance) -> bool:
    return connections[instance._state.db or "default"].vendor == "postgresql"


def _write(instance, action: str, changes: dict) -> None:
    from portal.models import AuditEvent

    state = current_audit_state()
    AuditEvent.objects.using(instance._state.db or "default").create(
        actor_id=state.actor_id if state else None,
        action=action,
        table_name=instance._meta.db_table,
        object_id=str(instance.pk),
        changes=changes,
        context=state.context if state else {},
    )


def _filtered(row: dict, options: AuditOptions) -> dict:
    return {k: (MASK if k in options.mask else v) for k, v in row.items() if k not in options.ignore}


def connect_signal_fallback() -> None:
    for model, options in audited_models().items():

        def before(sender, instance, raw=False, _options=options, **kwargs):
            if raw or _uses_trigger(instance) or instance._state.adding:
                instance._audit_before = None
                return
            old = sender._default_manager.using(instance._state.db).filter(pk=instance.pk).first()
            instance._audit_before = _row(old) if old else None

        def after(sender, instance, created, raw=False, _options=options, **kwargs):
            if raw or _uses_trigger(instance):
                return
            new = _row(instance)
            before_row = getattr(instance, "_audit_before", None)
            if created or before_row is None:
                _write(instance, "insert", _filtered(new, _options))
                return
            changes = {
                k: ([MASK, MASK] if k in _options.mask else [before_row.get(k), v])
                for k, v in new.items()
                if k not in _options.ignore and before_row.get(k) != v
            }
            if changes:
                _write(instance, "update", changes)

        def deleted(sender, instance, _options=options, **kwargs):
            if not _uses_trigger(instance):
                _write(instance, "delete", _filtered(_row(instance), _options))

        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(before, sender=model, weak=False, dispatch_uid=f"{uid}-pre")
        post_save.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}-post")
        post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
