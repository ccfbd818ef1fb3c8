"""A section of the draft (its rules in plain language, its lists, its settings) and the rules' own pages: edit
one through the form its kind's schema makes, add one, move it, remove it, group it into all_of / any_of /
none_of. Every change is compiled as a whole rule set before it is saved; nothing is saved otherwise."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from programs.rules import KINDS
from programs.rules.layout import (
    NotFound,
    item_list,
    items_of,
    locate,
    rule_list_prefix,
    section_of,
    with_rule_added,
    with_rule_moved,
    with_rule_removed,
    with_rule_replaced,
    with_rule_wrapped,
)
from programs.rules.params import CODE, RULE_ID, Invalid, convert
from programs.rules.schema_text import KIND_TITLES, SECTION_TITLES, choice_title, title
from programs.rules.text import pick

from .common import Draft, draft_view, save_rules
from .fields import MISSING, SchemaField, SchemaForm
from .schema import rule_fields, rule_from_form, rule_values
from .sections import SECTIONS, list_title, rule_rows, section_item_lists, section_rule_lists

COMPOSITES = ("all_of", "any_of", "none_of")


def _kinds(lang: str, *, composite: bool) -> list[tuple[str, str]]:
    return sorted(
        (
            (name, pick(KIND_TITLES.get(name), lang, name))
            for name, kind in KINDS.items()
            if kind.composite is composite
        ),
        key=lambda c: c[1],
    )


def _section_url(edition_pk: int, key: str) -> str:
    return reverse("staff-editor-section", kwargs={"pk": edition_pk, "section": section_of(key)})


def _settings_form(draft, section, data=None) -> SchemaForm:
    specs = [
        SchemaField(
            s.key,
            s.param,
            title(_SETTING_TITLES, s.key, draft.lang),
            s.path,
            choices=[(str(v), choice_title(s.key, v, draft.lang)) for v in s.param.choices] or None,
        )
        for s in section.settings
    ]
    values = {}
    for setting in section.settings:
        holder = draft.data
        for part in setting.where:
            holder = holder.get(part) if isinstance(holder, dict) else None
        values[setting.key] = holder
    return SchemaForm(data, specs=specs, values=values)


def _with_settings(rules: dict, section, result: dict) -> dict:
    new = copy.deepcopy(rules)
    for setting in section.settings:
        holder = new
        for part in setting.where[:-1]:
            holder = holder.setdefault(part, {})
        value = result[setting.key]
        if value is MISSING:
            holder.pop(setting.where[-1], None)
        else:
            holder[setting.where[-1]] = value
    return new


@login_required
@require_http_methods(["GET", "POST"])
@draft_view
def editor_section(request, draft: Draft, section: str):
    spec = SECTIONS.get(section)
    if spec is None:
        raise Http404
    form = _settings_form(draft, spec, request.POST if request.method == "POST" else None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = form.result()
        for field in form.specs:  # settings the compiler reads without checking: checked here, in its words
            try:
                if result[field.key] is not MISSING:
                    convert(field.param, result[field.key])
            except Invalid as exc:
                form.add_error(field.names()[0], exc.zh if draft.lang == "zh-hant" else exc.en)
        if form.is_valid():
            new = _with_settings(draft.data, spec, result)
            problems = (
                save_rules(request, draft, new, on_problems=lambda found: form.attach(found, draft.lang, "")) or []
            )
            if not problems and form.is_valid():
                return redirect("staff-editor-section", pk=draft.edition.pk, section=section)
    lists = []
    for key in section_rule_lists(spec, draft.data):
        rows = rule_rows(draft.ruleset, key, draft.lang) if draft.ruleset else []
        lists.append({"key": key, "title": list_title(key, draft.lang), "rows": rows, "prefix": rule_list_prefix(key)})
    item_lists = []
    for key in section_item_lists(spec, draft.data):
        entries = items_of(draft.data, item_list(key))
        item_lists.append(
            {
                "key": key,
                "spec": item_list(key),
                "count": len(entries),
                "entries": _entry_rows(entries, item_list(key), draft.lang),
            }
        )
    return render(
        request,
        "programs/staff/editor_section.html",
        {
            "edition": draft.edition,
            "draft": draft,
            "section": section,
            "section_title": pick(SECTION_TITLES.get(section), draft.lang, section),
            "lists": lists,
            "item_lists": item_lists,
            "settings": form if spec.settings else None,
            "problems": problems,
            "kinds": _kinds(draft.lang, composite=False),
            "composites": _kinds(draft.lang, composite=True),
            "catalogue_code": CODE.pattern,
        },
    )


def _entry_rows(entries, spec, lang: str) -> list[tuple[str, str]]:
    if spec.mapping:
        return [
            (name, pick(value.get("label") if isinstance(value, dict) and "label" in value else value, lang, ""))
            for name, value in entries.items()
        ]
    rows = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            continue
        key = entry.get("path") if spec.keyed_by == "path" else entry.get("code", str(number))
        label = entry.get("note") if spec.keyed_by == "path" else pick(entry.get("label"), lang, "")
        rows.append((str(key), str(label)))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
@draft_view
def rule_edit(request, draft: Draft, key: str, address: str):
    try:
        here = locate(draft.data, key, address)
    except NotFound:
        raise Http404 from None
    kind = here.rule.get("kind")
    if kind not in KINDS:
        raise Http404
    form = SchemaForm(
        request.POST or None, specs=rule_fields(kind, key, here.rule, draft.pickers), values=rule_values(here.rule)
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        new = with_rule_replaced(draft.data, key, address, rule_from_form(here.rule, kind, form.result()))
        base = locate(new, key, address).path
        problems = save_rules(request, draft, new, on_problems=lambda found: form.attach(found, draft.lang, base)) or []
        if not problems and form.is_valid():
            return redirect(_section_url(draft.edition.pk, key))
    every = rule_rows(draft.ruleset, key, draft.lang) if draft.ruleset else []
    rows = [row for row in every if row.address.startswith(f"{address}.")]
    itself = next((row for row in every if row.address == address), None)
    return render(
        request,
        "programs/staff/editor_rule.html",
        {
            "edition": draft.edition,
            "draft": draft,
            "key": key,
            "address": address,
            "form": form,
            "problems": problems,
            "kind": kind,
            "kind_title": pick(KIND_TITLES.get(kind), draft.lang, kind),
            "composite": KINDS[kind].composite,
            "has_condition": here.rule.get("when") is not None,
            "rows": rows,
            "kinds": _kinds(draft.lang, composite=False),
            "composites": _kinds(draft.lang, composite=True),
            "section_url": _section_url(draft.edition.pk, key),
            "is_condition": here.slot == "when",
            "rule_id": here.rule.get("id"),
            "described": itself.text if itself else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@draft_view
def rule_new(request, draft: Draft, key: str):
    """A new rule of a kind: at the end of the list, as a sub-rule of a composite (``parent``), or as a
    rule's condition (``parent`` and ``as=condition``)."""
    params = request.POST if request.method == "POST" else request.GET
    kind, parent, as_condition = params.get("kind", ""), params.get("parent") or None, params.get("as") == "condition"
    if kind not in KINDS or KINDS[kind].composite:
        raise Http404
    try:
        rule_list_prefix(key)
        parent_rule = locate(draft.data, key, parent).rule if parent else None
    except NotFound:
        raise Http404 from None
    if parent_rule is not None and not as_condition and parent_rule.get("kind") not in COMPOSITES:
        raise Http404
    form = SchemaForm(
        request.POST if request.method == "POST" else None, specs=rule_fields(kind, key, None, draft.pickers), values={}
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        rule = rule_from_form(None, kind, form.result())
        try:
            new, address = with_rule_added(draft.data, key, rule, parent=parent, as_condition=as_condition)
        except NotFound:
            raise Http404 from None
        base = locate(new, key, address).path
        problems = save_rules(request, draft, new, on_problems=lambda found: form.attach(found, draft.lang, base)) or []
        if not problems and form.is_valid():
            return redirect(_section_url(draft.edition.pk, key))
    return render(
        request,
        "programs/staff/editor_rule.html",
        {
            "edition": draft.edition,
            "draft": draft,
            "key": key,
            "form": form,
            "problems": problems,
            "kind": kind,
            "kind_title": pick(KIND_TITLES.get(kind), draft.lang, kind),
            "new": True,
            "parent": parent,
            "as_condition": as_condition,
            "section_url": _section_url(draft.edition.pk, key),
        },
    )


@login_required
@require_POST
@draft_view
def rule_action(request, draft: Draft, key: str, address: str, action: str):
    """Move a rule up or down, remove it, or group it into a new all_of / any_of / none_of."""
    try:
        if action in ("up", "down"):
            new = with_rule_moved(draft.data, key, address, -1 if action == "up" else 1)
        elif action == "remove":
            new = with_rule_removed(draft.data, key, address)
        elif action == "group":
            rule_id = request.POST.get("id", "").strip()
            if not RULE_ID.match(rule_id):
                messages.error(request, _("Give the group an id of lower-case letters, digits and _."))
                return redirect("staff-editor-rule", pk=draft.edition.pk, key=key, address=address)
            new = with_rule_wrapped(draft.data, key, address, request.POST.get("kind", ""), rule_id)
        else:
            raise Http404
    except NotFound:
        raise Http404 from None
    refused = save_rules(request, draft, new, on_problems=lambda found: found)
    for message in refused or []:
        messages.error(request, message)
    return redirect(_section_url(draft.edition.pk, key))


_SETTING_TITLES = {
    "tax_inclusive": {"zh-hant": "金額含營業稅", "en": "amounts include business tax"},
    "scale_min": {"zh-hant": "各項評分下限", "en": "lowest score of a criterion"},
    "scale_max": {"zh-hant": "各項評分上限", "en": "highest score of a criterion"},
    "bonus_max": {"zh-hant": "加分合計上限", "en": "cap on the bonus in all"},
    "tax_basis": {"zh-hant": "核銷稅基", "en": "tax basis of verified expenses"},
}
