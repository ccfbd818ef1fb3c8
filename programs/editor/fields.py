"""Form fields generated from parameter schemas (programs.rules.params.Param): a money field for money, a share
field for a percentage, a date picker for a date, pickers for facts, budget lines and catalogues, two inputs
for a bilingual text, and so on.

The fields do not validate: they turn what was typed into the value the rule set stores, and the rule set is
then compiled as a whole, so a bad value is refused with the compiler's own message, shown beside the field
whose path the compiler names. A field left as it was shown keeps the stored value exactly as it was."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.rules.params import Param
from programs.rules.text import EN, ZH

MISSING = object()  # the field was left empty: the key is left out (a default, if any, applies)
SPLIT = re.compile(r"[,，、\n]+")
SEPARATOR = "|"


@dataclass
class SchemaField:
    """One value of the data (a parameter, a rule's label, an item's field) and its form widgets."""

    key: str  # the name in the data
    param: Param
    title: str
    path: str  # as the compiler names it, after the path of what holds it (``params.max``, ``label``)
    choices: list[tuple[str, str]] | None = None  # pickers: (value, label)
    help: str = ""
    prefix: str = ""  # form field names start with it (several schema fields in one form)
    required: bool = False
    multiline: bool = False

    @property
    def name(self) -> str:
        return f"{self.prefix}{self.key}".replace(".", "-")

    def names(self) -> list[str]:
        return [f"{self.name}_zh", f"{self.name}_en"] if self.param.type == "text" else [self.name]

    def form_fields(self) -> dict[str, forms.Field]:
        kind, title = self.param.type, self.title
        if kind == "text":
            return {
                f"{self.name}_zh": _char(f"{title}（中文）", forms.TextInput(attrs={"lang": "zh-Hant"})),
                f"{self.name}_en": _char(f"{title} (English)", forms.TextInput(attrs={"lang": "en"})),
            }
        return {self.name: self._field()}

    def _field(self) -> forms.Field:
        kind = self.param.type
        if kind == "lines":
            return AnyChoices(
                label=self.title,
                required=False,
                choices=self.choices or [],
                widget=forms.CheckboxSelectMultiple,
                help_text=self.help,
            )
        if self.choices is not None or kind == "bool":
            choices = self.choices if self.choices is not None else [("true", _("Yes")), ("false", _("No"))]
            return _char(self.title, forms.Select(choices=[("", "—"), *choices]), self.help)
        if kind == "date":
            return _char(self.title, forms.DateInput(attrs={"type": "date"}), self.help)
        if kind in ("money", "int", "number", "percent"):
            attrs = {"inputmode": "decimal" if kind in ("number", "percent") else "numeric", "class": "num"}
            return _char(self.title, forms.TextInput(attrs=attrs), self.help)
        if kind in ("bands", "value_labels", "texts") or self.multiline:
            return _char(self.title, forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}), self.help)
        return _char(self.title, forms.TextInput(), self.help)

    # --- stored value ↔ what the form shows --------------------------------------------------------------

    def initial(self, value: Any) -> dict[str, Any]:
        kind = self.param.type
        if kind == "text":
            text = value if isinstance(value, dict) else ({ZH: value, EN: value} if isinstance(value, str) else {})
            return {f"{self.name}_zh": text.get(ZH, ""), f"{self.name}_en": text.get(EN, "")}
        return {self.name: shown(kind, value)}

    def value(self, cleaned: dict[str, Any], original: Any) -> Any:
        """What the data holds after the form: the original when the field shows what it showed, else what
        was typed, converted where it reads as the type (left as typed otherwise, for the compiler to refuse)."""
        given = {name: _lf(cleaned.get(name)) for name in self.names()}
        if given == self.initial(original) and original is not None:
            return original
        if self.param.type == "text":
            zh, en = (str(given[n] or "").strip() for n in self.names())
            return MISSING if not zh and not en else {ZH: zh, EN: en}
        return parsed(self.param.type, given[self.name])


class AnyChoices(forms.MultipleChoiceField):
    """Checkboxes whose values the compiler judges (an unknown line is refused in its words, not Django's)."""

    def valid_value(self, value) -> bool:
        return True


def _lf(value: Any) -> Any:
    """Text as the data keeps it: a browser sends a textarea's line ends as CR LF."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _char(label: str, widget: forms.Widget, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text, strip=False)


def shown(kind: str, value: Any) -> Any:
    """A stored value as its field shows it."""
    if value is None:
        return [] if kind == "lines" else ""
    if kind == "bool":
        return "true" if value is True else "false" if value is False else str(value)
    if kind == "money" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if kind in ("str_list",) and isinstance(value, list):
        return ", ".join(map(str, value))
    if kind == "lines":
        return list(value) if isinstance(value, list) else [str(value)]
    if kind == "bands" and isinstance(value, list):
        return "\n".join(
            SEPARATOR.join(
                [
                    str(b.get("code", "")),
                    *_text_parts(b.get("label")),
                    str(b.get("min", "")),
                    "" if b.get("max") is None else str(b["max"]),
                ]
            )
            for b in value
            if isinstance(b, dict)
        )
    if kind == "value_labels" and isinstance(value, dict):
        return "\n".join(SEPARATOR.join([str(k), *_text_parts(v)]) for k, v in value.items())
    if kind == "texts" and isinstance(value, list):
        return "\n".join(SEPARATOR.join(_text_parts(v)) for v in value)
    return str(value)


def _text_parts(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(value.get(ZH, "")), str(value.get(EN, ""))]
    return [str(value or ""), str(value or "")]


def parsed(kind: str, raw: Any) -> Any:
    """What was typed as the data's value; MISSING when nothing was typed."""
    if kind == "lines":
        return list(raw) if raw else MISSING
    text = str(raw or "").strip()
    if not text:
        return MISSING
    if kind in ("money", "int"):
        bare = re.sub(r"[,，\s]|NT\$|元", "", text)
        return int(bare) if re.fullmatch(r"-?\d+", bare) else text
    if kind == "number":
        bare = re.sub(r"[,，\s]", "", text)
        return int(bare) if re.fullmatch(r"-?\d+", bare) else bare
    if kind == "percent":
        return re.sub(r"[%％\s]", "", text)
    if kind == "bool":
        return {"true": True, "false": False}.get(text, text)
    if kind == "str_list":
        return [item.strip() for item in SPLIT.split(text) if item.strip()]
    if kind == "bands":
        return [_band(line) for line in text.splitlines() if line.strip()]
    if kind == "value_labels":
        rows = [[p.strip() for p in line.split(SEPARATOR)] for line in text.splitlines() if line.strip()]
        return {row[0]: _text(row[1:]) for row in rows}
    if kind == "texts":
        return [_text([p.strip() for p in line.split(SEPARATOR)]) for line in text.splitlines() if line.strip()]
    return text


def _number_or_text(text: str) -> Any:
    return int(text) if re.fullmatch(r"-?\d+", text) else (text or None)


def _text(parts: list[str]) -> Any:
    if len(parts) == 1:
        return parts[0]  # one language written: the compiler reads a plain text as both
    return {ZH: parts[0] if parts else "", EN: parts[1] if len(parts) > 1 else ""}


def _band(line: str) -> dict:
    parts = [p.strip() for p in line.split(SEPARATOR)]
    parts += [""] * (5 - len(parts))
    return {
        "code": parts[0] or None,
        "label": _text(parts[1:3]) if parts[1] or parts[2] else None,
        "min": _number_or_text(parts[3]),
        "max": _number_or_text(parts[4]),
    }


class SchemaForm(forms.Form):
    """A form of schema fields; ``values`` gives each field's stored value."""

    def __init__(self, *args, specs: list[SchemaField], values: dict[str, Any], **kwargs):
        super().__init__(*args, **kwargs)
        self.specs, self.values = specs, values
        for spec in specs:
            for name, form_field in spec.form_fields().items():
                self.fields[name] = form_field
                self.initial.setdefault(name, spec.initial(values.get(spec.key))[name])

    def result(self) -> dict[str, Any]:
        """key → the value the data holds after the form (MISSING: leave the key out)."""
        return {spec.key: spec.value(self.cleaned_data, self.values.get(spec.key)) for spec in self.specs}

    def attach(self, problems, lang: str, base: str) -> list:
        """Put each of the compiler's problems on the field it names (``base``: the path of what the form
        edits, a rule or an item); return the problems no field claims."""
        left = []
        for problem in problems:
            spec = next((s for s in self.specs if _names(problem.path, _joined(base, s.path))), None)
            if spec is None:
                left.append(problem)
                continue
            self.add_error(spec.names()[0], problem.zh if lang == ZH else problem.en)
        return left

    def rows(self):
        """(schema field, bound fields) in order, for the template."""
        return [(spec, [self[name] for name in spec.names()]) for spec in self.specs]


def _joined(base: str, path: str) -> str:
    return f"{base}.{path}" if base and path else base or path


def _names(problem_path: str, field_path: str) -> bool:
    return problem_path == field_path or problem_path.startswith((f"{field_path}.", f"{field_path}["))


__all__ = ["MISSING", "SchemaField", "SchemaForm", "parsed", "shown"]
