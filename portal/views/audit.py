from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from portal import selectors
from portal.audit import audited_models
from portal.permissions import audit_events_visible_to, audit_tables_visible_to

from .pages import paginate


def _column_labels() -> dict[str, dict[str, str]]:
    """Per audited table, each column as the user sees it named (the field's verbose name), never its key."""
    return {
        model._meta.db_table: {field.column: str(field.verbose_name) for field in model._meta.concrete_fields}
        for model in audited_models()
    }


@login_required
def audit_list(request):
    if not request.user.has_perm("portal.view_auditevent"):
        raise PermissionDenied
    tables = sorted(audit_tables_visible_to(request.user).items(), key=lambda t: t[1])
    table = request.GET.get("table", "")
    if table not in dict(tables):
        table = ""
    object_id = request.GET.get("object", "")[:64]
    events = audit_events_visible_to(request.user, selectors.audit_events_list(table=table, object_id=object_id))
    page = paginate(request, events, per_page=50)
    labels, columns = dict(tables), _column_labels()
    for event in page.object_list:
        event.table_label = labels.get(event.table_name, event.table_name)
        named = columns.get(event.table_name, {})
        event.named_changes = [(named.get(key, key), value) for key, value in (event.changes or {}).items()]
    return render(
        request,
        "portal/audit_list.html",
        {"page": page, "table": table, "object_id": object_id, "tables": tables},
    )
