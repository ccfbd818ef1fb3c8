"""The programme administrator's pages: every edition version, drafts to edit, publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.language import current_lang
from portal.views.pages import paginate
from programs import selectors, services
from programs.editor.common import error_messages as _errors
from programs.editor.common import require_admin as _require_admin
from programs.forms import CloneForm
from programs.impact import selectors as impact_selectors
from programs.impact.views import panel_context as impact_panel_context
from programs.models import Edition
from programs.views import EDITIONS_PER_PAGE


@login_required
def edition_list(request):
    _require_admin(request)
    q = request.GET.get("q", "")
    page = paginate(request, selectors.editions_search(selectors.editions_for_staff(), q), EDITIONS_PER_PAGE)
    return render(request, "programs/staff/edition_list.html", {"page": page, "editions": page.object_list, "q": q})


@login_required
def edition_manage(request, pk: int):
    _require_admin(request)
    edition = get_object_or_404(Edition.objects.select_related("programme", "based_on"), pk=pk)
    problems = services.ruleset_problems(edition.rules, current_lang()) if edition.is_draft else []
    clone_initial = {"year": edition.year + 1, "code": edition.code.replace(str(edition.year), str(edition.year + 1))}
    return render(
        request,
        "programs/staff/edition_manage.html",
        {
            "edition": edition,
            "page": paginate(request, selectors.edition_versions_light(code=edition.code), 25),
            "events": selectors.edition_events(edition=edition)[:10],
            "problems": problems,
            "clone_form": CloneForm(initial=clone_initial),
            "checklist": selectors.edition_checklist(edition=edition) if edition.is_draft else [],
            "clone": edition.based_on is not None and edition.based_on.code != edition.code,
            "impact": impact_panel_context(edition) if edition.is_draft else None,
            "to_configure": (edition.rules or {}).get("to_configure") or [],
        },
    )


@login_required
@require_POST
def edition_action(request, pk: int, action: str):
    _require_admin(request)
    edition = get_object_or_404(Edition, pk=pk)
    note = request.POST.get("note", "")[:2000]
    try:
        if action == "new-version":
            draft = services.edition_new_version(actor=request.user, edition=edition, note=note)
            messages.success(request, _("Draft version %(version)s created.") % {"version": draft.version})
            return redirect("staff-edition-edit", pk=draft.pk)
        if action == "clone":
            form = CloneForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            clone = services.edition_clone_to_year(actor=request.user, edition=edition, **form.cleaned_data)
            messages.success(request, _("%(code)s created as a draft.") % {"code": clone.code})
            return redirect("staff-edition-edit", pk=clone.pk)
        if action == "publish":
            if edition.is_draft and not impact_selectors.impact_is_current(
                impact_selectors.impact_latest(edition=edition), edition
            ):
                raise ValidationError(_("Work out the impact of the draft as it stands now before publishing it."))
            services.edition_publish(actor=request.user, edition=edition, note=note, lang=current_lang())
            messages.success(request, _("%(edition)s is published.") % {"edition": edition})
        elif action == "retire":
            services.edition_retire(actor=request.user, edition=edition, note=note)
            messages.success(request, _("%(edition)s is retired.") % {"edition": edition})
        elif action == "discard":
            services.edition_discard_draft(actor=request.user, edition=edition)
            messages.success(request, _("The draft was discarded."))
            return redirect("staff-editions")
        else:
            raise PermissionDenied
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("staff-edition", pk=edition.pk)
