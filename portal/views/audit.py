from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from portal import selectors
from portal.audit import audited_models

from .pages import paginate


def audited_tables() -> list[tuple[str, str]]:
    """(table, human label) of every audited model, for the filter and the list."""
    return sorted(((m._meta.db_table, str(m._meta.verbose_name)) for m in audited_models()), key=lambda t: t[1])


@login_required
def audit_list(request):
    if not request.user.has_perm("portal.view_auditevent"):
        raise PermissionDenied
    tables = audited_tables()
    table = request.GET.get("table", "")
    if table not in dict(tables):
        table = ""
    object_id = request.GET.get("object", "")[:64]
    page = paginate(request, selectors.audit_events_list(table=table, object_id=object_id), per_page=50)
    labels = dict(tables)
    for event in page.object_list:
        event.table_label = labels.get(event.table_name, event.table_name)
    return render(
        request,
        "portal/audit_list.html",
        {"page": page, "table": table, "object_id": object_id, "tables": tables},
    )
