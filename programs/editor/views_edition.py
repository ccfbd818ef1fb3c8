"""The editor's home (the draft's own fields and its sections), the YAML view, import and export of a whole
edition, and the sign-off of the readings a clone carries over."""

from __future__ import annotations

import datetime

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from programs import services
from programs.forms import EditionForm, EditionMetaForm, json_safe, parse_yaml
from programs.models import Edition
from programs.rules.layout import rule_list
from programs.rules.schema_text import SECTION_TITLES
from programs.rules.text import pick

from .common import Draft, draft_view, error_messages, require_admin
from .sections import SECTIONS, section_item_lists, section_rule_lists

MAX_IMPORT_BYTES = 2 * 1024 * 1024
EDITION_FILE_FIELDS = (
    "year",
    "track",
    "title",
    "application_opens",
    "application_closes",
    "legal_source",
    "document_ref",
)


def _sections(draft) -> list[dict]:
    data = draft.data
    rows = []
    for key, section in SECTIONS.items():
        rules = sum(len(rule_list(data, k)) for k in section_rule_lists(section, data))
        rows.append(
            {
                "key": key,
                "title": pick(SECTION_TITLES.get(key), draft.lang, key),
                "rules": rules,
                "lists": len(section_item_lists(section, data)),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
@draft_view
def editor_home(request, draft: Draft):
    form = EditionMetaForm(request.POST or None, instance=draft.edition)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_update_draft(
                actor=request.user, edition=draft.edition, data=form.changes(), lang=draft.lang
            )
        except ValidationError as exc:
            problems = error_messages(exc)
        else:
            messages.success(request, _("The draft's details were saved."))
            return redirect("staff-edition-edit", pk=draft.edition.pk)
    return render(
        request,
        "programs/staff/editor_home.html",
        {
            "edition": draft.edition,
            "draft": draft,
            "form": form,
            "problems": problems,
            "sections": _sections(draft),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@draft_view
def editor_yaml(request, draft: Draft):
    """The advanced view: the whole rule set as YAML, validated as a whole before it is saved."""
    form = EditionForm(request.POST or None, instance=draft.edition)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data, rules = form.changes()
        try:
            services.edition_update_draft(
                actor=request.user,
                edition=draft.edition,
                data=data,
                rules=rules,
                lang=draft.lang,
                expected=request.POST.get("base") or None,
            )
        except ValidationError as exc:
            problems = error_messages(exc)
        else:
            messages.success(request, _("The draft was saved; its rule set is valid."))
            return redirect("staff-edition", pk=draft.edition.pk)
    return render(
        request,
        "programs/staff/edition_edit.html",
        {
            "edition": draft.edition,
            "form": form,
            "problems": problems,
            "fingerprint": draft.fingerprint,
        },
    )


def edition_file(edition: Edition) -> dict:
    """A whole edition as its YAML file holds it (the format of programs/editions/<code>.yaml)."""

    def day(value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    return {
        "code": edition.code,
        "programme": edition.programme.code,
        "year": edition.year,
        "track": edition.track,
        "title": edition.title,
        "application_opens": day(edition.application_opens),
        "application_closes": day(edition.application_closes),
        "legal_source": edition.legal_source,
        "document_ref": edition.document_ref,
        "rules": edition.rules,
    }


@login_required
def edition_export(request, pk: int):
    require_admin(request)
    edition = get_object_or_404(Edition.objects.select_related("programme"), pk=pk)
    text = yaml.safe_dump(edition_file(edition), allow_unicode=True, sort_keys=False, width=120)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.code}-v{edition.version}.yaml"'
    return response


def _imported(upload) -> dict:
    """The uploaded edition file's fields and rules, or a ValidationError saying what is wrong with it."""
    if upload is None:
        raise ValidationError(_("Choose an edition file (YAML) to import."))
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than 2 MB: it cannot be an edition file."))
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text: export an edition file and edit that.")) from None
    data = parse_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), dict):
        raise ValidationError(
            _("This is not an edition file: it needs a rules mapping (export one to see the format).")
        )
    data = json_safe(data)
    fields = {name: data[name] for name in EDITION_FILE_FIELDS if name in data}
    for name in ("application_opens", "application_closes"):
        if fields.get(name):
            try:
                fields[name] = datetime.date.fromisoformat(str(fields[name]))
            except ValueError:
                raise ValidationError(_("%(field)s must be a date YYYY-MM-DD.") % {"field": name}) from None
    return {"fields": fields, "rules": data["rules"]}


@login_required
@require_POST
@draft_view
def edition_import(request, draft: Draft):
    """A whole edition file (as exported) replaces the draft's fields and rule set, if it validates."""
    try:
        imported = _imported(request.FILES.get("file"))
        services.edition_update_draft(
            actor=request.user, edition=draft.edition, data=imported["fields"], rules=imported["rules"], lang=draft.lang
        )
    except ValidationError as exc:
        for message in error_messages(exc)[:50]:
            messages.error(request, message)
    else:
        messages.success(request, _("The edition file was imported into the draft."))
    return redirect("staff-edition-edit", pk=draft.edition.pk)


@login_required
@require_POST
def edition_sign_off(request, pk: int, key: str):
    require_admin(request)
    edition = get_object_or_404(Edition, pk=pk)
    try:
        services.edition_sign_off(
            actor=request.user, edition=edition, key=key, comment=request.POST.get("comment", "")[:2000]
        )
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The reading is signed off."))
    return redirect(f"{reverse('staff-edition', kwargs={'pk': edition.pk})}#checklist")


__all__ = ["edition_export", "edition_file", "edition_import", "edition_sign_off", "editor_home", "editor_yaml"]
