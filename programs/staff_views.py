"""The programme administrator's pages: every edition version, drafts to edit, publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.language import current_lang
from programs import selectors, services
from programs.forms import CloneForm, EditionForm
from programs.models import Edition


def _require_admin(request) -> None:
    if not request.user.has_perm("programs.change_edition"):
        raise PermissionDenied


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [message for messages_ in exc.message_dict.values() for message in messages_]
    return list(exc.messages)


@login_required
def edition_list(request):
    _require_admin(request)
    return render(request, "programs/staff/edition_list.html", {"editions": selectors.editions_for_staff()})


@login_required
def edition_manage(request, pk: int):
    _require_admin(request)
    edition = get_object_or_404(Edition.objects.select_related("programme", "based_on"), pk=pk)
    problems = services.ruleset_problems(edition.rules, current_lang()) if edition.is_draft else []
    return render(
        request,
        "programs/staff/edition_manage.html",
        {"edition": edition, "versions": selectors.edition_versions(code=edition.code),
         "events": selectors.edition_events(edition=edition)[:50], "problems": problems,
         "to_configure": (edition.rules or {}).get("to_configure") or [], "clone_form": CloneForm(
             initial={"year": edition.year + 1, "code": edition.code.replace(str(edition.year), str(edition.year + 1))})},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def edition_edit(request, pk: int):
    _require_admin(request)
    edition = get_object_or_404(Edition.objects.select_related("programme"), pk=pk)
    if not edition.is_draft:
        messages.error(request, _("Published and retired editions cannot change: make a new version."))
        return redirect("staff-edition", pk=edition.pk)
    form = EditionForm(request.POST or None, instance=edition)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data, rules = form.changes()
        try:
            services.edition_update_draft(
                actor=request.user, edition=edition, data=data, rules=rules, lang=current_lang()
            )
        except ValidationError as exc:
            problems = _errors(exc)
        else:
            messages.success(request, _("The draft was saved; its rule set is valid."))
            return redirect("staff-edition", pk=edition.pk)
    return render(request, "programs/staff/edition_edit.html", {"edition": edition, "form": form, "problems": problems})


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
