from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from portal import selectors

from .pages import paginate


@login_required
def audit_list(request):
    if not request.user.has_perm("portal.view_auditevent"):
        raise PermissionDenied
    table = request.GET.get("table", "")[:100]
    object_id = request.GET.get("object", "")[:64]
    page = paginate(request, selectors.audit_events_list(table=table, object_id=object_id), per_page=50)
    return render(request, "portal/audit_list.html", {"page": page, "table": table, "object_id": object_id})
