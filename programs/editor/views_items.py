"""A list of coded items (documents, deadlines, budget lines, a catalogue, the rubric, instalments, KPIs, the
readings to confirm) or a mapping (the edition's facts, the names of quantities), edited as a table: one row a
item, its fields generated from the list's schema, an empty row to add one, a box to remove one and a number
to put it elsewhere. The rule set is compiled as a whole before it is saved, as for rules."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet, formset_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from programs.rules.layout import ItemList, NotFound, item_list, items_of, section_of, with_items
from programs.rules.schema_text import SECTION_TITLES
from programs.rules.text import pick

from .common import Draft, draft_view, save_rules
from .fields import MISSING, SchemaForm
from .schema import item_fields, item_from_form

MAX_ROWS = 200


class RowForm(SchemaForm):
    origin = forms.IntegerField(required=False, min_value=0, max_value=MAX_ROWS, widget=forms.HiddenInput)
    position = forms.IntegerField(
        label=gettext_lazy("Order"),
        required=False,
        min_value=1,
        max_value=MAX_ROWS,
        widget=forms.NumberInput(attrs={"class": "num", "size": 3}),
    )
    remove = forms.BooleanField(label=gettext_lazy("Remove"), required=False)


class RowFormSet(BaseFormSet):
    def __init__(self, *args, spec: ItemList, rows: list[dict], pickers, **kwargs):
        self.spec, self.rows, self.pickers = spec, rows, pickers
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        values = self.rows[index] if index is not None and index < len(self.rows) else {}
        return {"specs": item_fields(self.spec, self.pickers), "values": values}


def _rows(spec: ItemList, entries) -> list[dict]:
    """Each entry as its row's values (a mapping's entries named by their key)."""
    if spec.key == "facts":
        return [{"name": name, **(value if isinstance(value, dict) else {})} for name, value in entries.items()]
    if spec.key == "labels":
        return [{"name": name, "label": value} for name, value in entries.items()]
    return [entry if isinstance(entry, dict) else {} for entry in entries]


def _formset(spec, rows, pickers, data=None) -> RowFormSet:
    factory = formset_factory(RowForm, formset=RowFormSet, extra=1, max_num=MAX_ROWS, validate_max=True)
    initial = [{"origin": index, "position": index + 1} for index in range(len(rows))]
    return factory(data, spec=spec, rows=rows, pickers=pickers, initial=initial, prefix="row")


def _kept(formset: RowFormSet) -> list[tuple[RowForm, dict | None]]:
    """The rows to keep, in their new order, each with the entry it was (None: a new one)."""
    kept = []
    for index, form in enumerate(formset.forms):
        origin = form.cleaned_data.get("origin")
        if form.cleaned_data.get("remove") or (origin is None and not form.has_changed()):
            continue
        original = formset.rows[origin] if origin is not None and origin < len(formset.rows) else None
        kept.append((form.cleaned_data.get("position") or index + 1, index, form, original))
    return [(form, original) for _p, _i, form, original in sorted(kept, key=lambda row: (row[0], row[1]))]


def _entries(spec: ItemList, kept) -> tuple[list | dict, list[tuple[RowForm, str]]]:
    """The new list (or mapping) and each row's form with the path the compiler will name it by."""
    if spec.mapping:
        entries: dict = {}
        placed = []
        for form, original in kept:
            result = form.result()
            name = result.pop("name")
            if name is MISSING or not isinstance(name, str):
                form.add_error("name", _("Give the name."))
                continue
            if name in entries:
                form.add_error("name", _("This name is used twice."))
                continue
            label = result.get("label")
            if spec.key == "labels":
                entries[name] = None if label is MISSING else label
            else:
                entries[name] = item_from_form({k: v for k, v in (original or {}).items() if k != "name"}, spec, result)
            placed.append((form, f"{spec.path}.{name}"))
        return entries, placed
    items, placed = [], []
    for position, (form, original) in enumerate(kept):
        item = item_from_form(original, spec, form.result())
        if spec.keyed_by == "number":
            item = {"number": position + 1, **{k: v for k, v in item.items() if k != "number"}}
        if spec.keyed_by == "path":
            for name in ("path", "note"):  # the checklist's own fields: the compiler does not read them
                if item.get(name) in (None, ""):
                    form.add_error(name, _("This field is required."))
        items.append(item)
        placed.append((form, f"{spec.path}[{position}]"))
    return items, placed


@login_required
@require_http_methods(["GET", "POST"])
@draft_view
def items_edit(request, draft: Draft, key: str):
    try:
        spec = item_list(key)
    except NotFound:
        raise Http404 from None
    if spec.key.startswith("catalogue:") and not spec.key.partition(":")[2]:
        raise Http404
    rows = _rows(spec, items_of(draft.data, spec))
    formset = _formset(spec, rows, draft.pickers, request.POST if request.method == "POST" else None)
    problems: list[str] = []
    if request.method == "POST" and formset.is_valid():
        entries, placed = _entries(spec, _kept(formset))
        if not any(form.errors for form in formset.forms):
            new = with_items(draft.data, spec, entries)

            def place(found):
                left = found
                for form, path in placed:
                    left = form.attach(left, draft.lang, path)
                return left

            problems = save_rules(request, draft, new, on_problems=place) or []
            if not problems and not any(f.errors for f in formset.forms):
                return redirect("staff-editor-section", pk=draft.edition.pk, section=section_of(spec.section))
    return render(
        request,
        "programs/staff/editor_items.html",
        {
            "edition": draft.edition,
            "draft": draft,
            "spec": spec,
            "formset": formset,
            "problems": problems,
            "section_title": pick(SECTION_TITLES.get(spec.section), draft.lang, spec.section),
            "list_name": spec.key.partition(":")[2] if spec.key.startswith("catalogue:") else "",
        },
    )


@login_required
@require_http_methods(["POST"])
@draft_view
def catalogue_add(request, draft: Draft):
    """A new, empty catalogue is only a name: it is saved with its first entries on its own page."""
    name = request.POST.get("name", "").strip()
    try:
        item_list(f"catalogue:{name}")
    except NotFound:
        messages.error(request, _("A catalogue's name is lower-case letters, digits and _."))
        return redirect("staff-editor-section", pk=draft.edition.pk, section="catalogues")
    return redirect("staff-editor-items", pk=draft.edition.pk, key=f"catalogue:{name}")
