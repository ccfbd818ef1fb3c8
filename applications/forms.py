"""Forms of the proposal workspace, one per section. They type what people type; the services judge it.
Every form carries the case version it was read at, so that two people drafting together never silently
overwrite each other."""

from __future__ import annotations

import contextlib
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.facts import declared_fact_names
from applications.models import StaffRole
from applications.validation import DECLARATIONS
from portal.forms import CodeListField
from portal.language import text_in_language
from portal.limits import MONEY_MAX
from portal.models import CounsellingUnit
from programs.rules import RuleSet
from programs.rules.proposal import fact_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER_MAX = Decimal(10**12)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NewCaseForm(forms.Form):
    edition = forms.ChoiceField(label=_("Programme and track"))
    company_ubn = forms.RegexField(
        label=_("Unified Business Number of the company"),
        regex=r"^\d{8}$",
        required=False,
        help_text=_("The company you draft this plan for; it will be asked to consent."),
        error_messages={"invalid": _("Enter the 8 digits of the Unified Business Number.")},
    )
    title = forms.CharField(label=_("Project title"), max_length=200)

    def __init__(self, *args, editions, counsellor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.editions = {e.code: e for e in editions}
        self.fields["edition"].choices = [("", "—")] + [
            (e.code, f"{e.programme.title_text}：{e.track_text}") for e in editions
        ]
        if counsellor:
            self.fields["company_ubn"].required = True
        else:
            del self.fields["company_ubn"]

    def clean_edition(self):
        return self.editions[self.cleaned_data["edition"]]


class BasicForm(VersionedForm):
    title = forms.CharField(label=_("Project title"), max_length=200)
    unit = forms.ModelChoiceField(
        label=_("Counselling / executing unit"), queryset=CounsellingUnit.objects.none(), required=False
    )
    period_start = forms.DateField(label=_("Project start"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("Project end"), required=False, widget=DATE)

    def __init__(self, *args, has_unit: bool, unit_fixed: bool, units, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_unit:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
            self.fields["unit"].disabled = unit_fixed

    def service_data(self) -> dict:
        data = {
            "title": self.cleaned_data["title"],
            "period": {"start": self.cleaned_data["period_start"], "end": self.cleaned_data["period_end"]},
        }
        if "unit" in self.fields and not self.fields["unit"].disabled:
            data["unit"] = self.cleaned_data["unit"]
        return data


class PlanForm(VersionedForm):
    needs = forms.CharField(
        label=_("Needs and problems"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        help_text=_("The firm's current state and problems, with numbers where you have them."),
    )
    solution = forms.CharField(
        label=_("Proposed solution"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=20000,
        help_text=_("What will be done, how, and what it will achieve."),
    )

    def service_data(self) -> dict:
        return {"needs": self.cleaned_data["needs"], "solution": self.cleaned_data["solution"]}


YES_NO = [("", "—"), ("true", _("Yes")), ("false", _("No"))]


def _fact_field(kind: str, label: str, choices):
    if kind == "bool":
        return forms.TypedChoiceField(
            label=label, choices=YES_NO, coerce=lambda v: v == "true", empty_value=None, required=False
        )
    if kind == "int":
        return forms.IntegerField(label=label, min_value=0, max_value=10**9, required=False)
    if kind in ("money", "signed_money"):
        low = 0 if kind == "money" else -MONEY_MAX
        return forms.IntegerField(label=label, min_value=low, max_value=MONEY_MAX, required=False)
    if kind == "number":
        return forms.DecimalField(label=label, max_digits=16, decimal_places=4, required=False)
    if kind == "percent":
        return forms.DecimalField(label=label, min_value=0, max_value=100, decimal_places=2, required=False)
    if kind == "date":
        return forms.DateField(label=label, required=False, widget=DATE)
    if kind == "str_list":
        if choices:
            return forms.MultipleChoiceField(
                label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
        return CodeListField(label=label, help_text=_("Separate the entries with commas."))
    if kind == "number_list":
        return forms.CharField(label=label, required=False, help_text=_("Numbers separated by commas."))
    if choices:
        return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False)
    return forms.CharField(label=label, max_length=200, required=False)


class FactsForm(VersionedForm):
    """The edition's declared facts, built from its ``facts`` and ``catalogues`` (counts the portal keeps are
    not asked)."""

    def __init__(self, *args, ruleset: RuleSet, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {}
        for name in declared_fact_names(ruleset):
            spec = ruleset.facts[name]
            raw = fact_choices(ruleset, name)
            choices = [(code, text_in_language(label, lang) or code) for code, label in raw] if raw else None
            self.fields[f"fact_{name}"] = _fact_field(
                spec["type"], text_in_language(spec["label"], lang) or name, choices
            )
            self.kinds[name] = spec["type"]

    @staticmethod
    def initial_from(case, ruleset: RuleSet) -> dict:
        initial = {"version": case.version}
        for name, value in case.facts.items():
            kind = ruleset.facts.get(name, {}).get("type")
            if kind == "bool":
                value = "true" if value else "false"
            elif kind == "number_list":
                value = ", ".join(value)
            initial[f"fact_{name}"] = value
        return initial

    def clean(self):
        cleaned = super().clean()
        for name, kind in self.kinds.items():
            key = f"fact_{name}"
            if kind == "number_list" and cleaned.get(key):
                try:
                    cleaned[key] = [Decimal(part.strip()) for part in cleaned[key].split(",") if part.strip()]
                except ArithmeticError:
                    self.add_error(key, _("Enter numbers separated by commas."))
        return cleaned

    def service_data(self) -> dict:
        facts = {}
        for name, kind in self.kinds.items():
            value = self.cleaned_data.get(f"fact_{name}")
            if value in ("", [], None):
                value = None
            elif kind in ("number",) and isinstance(value, Decimal):
                value = value.normalize() if value == value.to_integral() else value
            facts[name] = value
        return {"facts": facts}

    def field_for(self, fact: str) -> str:
        return f"fact_{fact}"


class DeclarationsForm(VersionedForm):
    truthful = forms.BooleanField(
        label=_("I declare that the information in this proposal and its attachments is true and complete."),
        required=False,
    )
    personal_data = forms.BooleanField(
        label=_(
            "The people named in this proposal consent to the collection and use of their personal data for this "
            "programme."
        ),
        required=False,
    )

    def service_data(self) -> dict:
        return {"declarations": {name: bool(self.cleaned_data[name]) for name in DECLARATIONS}}


# --- tables: one form per row ---------------------------------------------------------------------------


class RowForm(forms.Form):
    """A row of a table section; an all-blank row is skipped."""

    def is_blank(self) -> bool:
        return not any(value not in (None, "", [], False) for value in self.cleaned_data.values())


class CheckpointRow(RowForm):
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)
    item = forms.CharField(label=_("Checkpoint"), max_length=300, required=False)
    percent = forms.DecimalField(
        label=_("Cumulative progress (%)"), min_value=Decimal("0.01"), max_value=100, decimal_places=2, required=False
    )
    code = forms.ChoiceField(label=_("Mandatory item"), required=False)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        if codes:
            self.fields["code"].choices = [("", "—"), *codes]
        else:
            del self.fields["code"]

    def row(self) -> dict:
        data = self.cleaned_data
        return {"date": data["date"], "item": data["item"], "percent": data["percent"], "code": data.get("code", "")}


class KpiRow(RowForm):
    code = forms.ChoiceField(label=_("Indicator"), required=False)
    name = forms.CharField(label=_("Indicator (your own)"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    before = forms.DecimalField(label=_("Before"), max_digits=16, decimal_places=4, required=False)
    after = forms.DecimalField(label=_("Target after"), max_digits=16, decimal_places=4, required=False)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        if codes:
            self.fields["code"].choices = [("", "—"), *codes]
        else:
            del self.fields["code"]

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            k: data.get(k) if data.get(k) is not None else ("" if k in ("code", "name", "unit") else None)
            for k in ("code", "name", "unit", "before", "after")
        }


class StaffRow(RowForm):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices, initial=StaffRole.STAFF, required=False)
    rank = forms.ChoiceField(label=_("Rank"), required=False)
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    person_months = forms.DecimalField(
        label=_("Person-months"), min_value=Decimal("0.01"), max_value=600, decimal_places=2, required=False
    )
    labour_insured = forms.BooleanField(label=_("Labour insurance with the firm"), required=False, initial=True)

    def __init__(self, *args, ranks=(), **kwargs):
        super().__init__(*args, **kwargs)
        if ranks:
            self.fields["rank"].choices = [("", "—"), *ranks]
        else:
            del self.fields["rank"]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("name") or data.get("email") or data.get("person_months"))

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "role": data["role"] or StaffRole.STAFF,
            "rank": data.get("rank", ""),
            "title": data["title"],
            "person_months": data["person_months"],
            "labour_insured": data["labour_insured"],
        }


class RowTable:
    """A section that is a table: the row forms (with blank rows to add), their rows for the service, and the
    service's messages put back on the row and field they name (``checkpoints.2.percent``)."""

    BLANK_ROWS = 3
    MAX_ROWS = 200

    def __init__(self, *, name: str, row_form, rows: list[dict], data=None, version: int, **row_kwargs):
        self.name = name
        self.version_form = VersionedForm(data=data, initial={"version": version}, prefix=name)
        count = len(rows) + self.BLANK_ROWS
        if data is not None:
            with contextlib.suppress(ValueError):
                count = min(int(data.get(f"{name}-rows", count)), self.MAX_ROWS)
            if f"{name}-add" in data:
                count = min(count + self.BLANK_ROWS, self.MAX_ROWS)
        self.forms = [
            row_form(data=data, initial=rows[i] if i < len(rows) else None, prefix=f"{name}-{i}", **row_kwargs)
            for i in range(count)
        ]
        self.non_field_errors: list[str] = []
        self._positions: list[int] = []

    @property
    def row_count(self) -> int:
        return len(self.forms)

    def is_valid(self) -> bool:
        valid = self.version_form.is_valid()
        rows_valid = [form.is_valid() for form in self.forms]  # every row, so that each shows its errors
        return all(rows_valid) and valid

    @property
    def version(self) -> int:
        return self.version_form.cleaned_data["version"]

    def rows(self) -> list[dict]:
        rows, self._positions = [], []
        for index, form in enumerate(self.forms):
            if not form.is_blank():
                rows.append(form.row())
                self._positions.append(index)
        return rows

    def add_service_errors(self, messages: dict[str, list[str]]) -> None:
        for key, texts in messages.items():
            parts = key.split(".")
            if parts[0] == self.name and len(parts) >= 2 and parts[1].isdigit():
                index = int(parts[1])
                form = self.forms[self._positions[index]] if index < len(self._positions) else None
                field = parts[2] if len(parts) > 2 else None
                if form is not None and field in form.fields:
                    for text in texts:
                        form.add_error(field, text)
                    continue
            self.non_field_errors.extend(texts)
