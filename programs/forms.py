import datetime

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import CodeListField, parse_money
from portal.limits import MONEY_MAX
from portal.models import RegistrationKind
from portal.validators import validate_business_items, validate_industry_codes
from programs.models import Edition
from programs.rules_yaml import rules_yaml_load

BOOL_CHOICES = [("false", _("No")), ("true", _("Yes"))]


class YesNoField(forms.TypedChoiceField):
    """A declaration answered yes or no explicitly (no default that could hide a wrong answer)."""

    def __init__(self, **kwargs):
        super().__init__(choices=BOOL_CHOICES, coerce=lambda v: v == "true", widget=forms.RadioSelect, **kwargs)


class ScreenerForm(forms.Form):
    registration = forms.ChoiceField(label=_("Registration kind"), choices=RegistrationKind.choices)
    factory_registered = YesNoField(label=_("Holds a factory registration"))
    industry_codes = CodeListField(
        label=_("Industry codes (ROC SIC)"),
        list_validators=[validate_industry_codes],
        help_text=_("2 to 4 digits each, separated by commas, e.g. 2912, 2919."),
    )
    business_items = CodeListField(
        label=_("Business-item codes"),
        list_validators=[validate_business_items],
        upper=True,
        help_text=_("e.g. CB01, CA01010"),
    )
    employees = forms.IntegerField(label=_("Regular employees"), min_value=0, max_value=10_000_000)
    paid_in_capital = forms.IntegerField(label=_("Paid-in capital (NT$)"), min_value=0, max_value=MONEY_MAX)
    net_worth = forms.IntegerField(label=_("Net worth (NT$)"), min_value=-MONEY_MAX, max_value=MONEY_MAX)
    site_in_roc = YesNoField(label=_("The counselling / verification site is in the ROC"))
    prc_capital = YesNoField(label=_("Has mainland-China (PRC) capital"))
    bank_refused = YesNoField(label=_("The company or its responsible person is refused by a bank"))
    tax_arrears_3y = YesNoField(label=_("Unpaid taxes in the last 3 years"))
    pcc_refused = YesNoField(label=_("On the PCC refused-vendor list"))
    serious_violation_3y = YesNoField(
        label=_("Serious environmental, labour, food-safety or disability-rights violation in 3 years")
    )

    FACT_NAMES = (
        "registration",
        "factory_registered",
        "industry_codes",
        "business_items",
        "employees",
        "paid_in_capital",
        "net_worth",
        "site_in_roc",
        "prc_capital",
        "bank_refused",
        "tax_arrears_3y",
        "pcc_refused",
        "serious_violation_3y",
    )

    @classmethod
    def initial_from_company(cls, company) -> dict:
        initial = {name: getattr(company, name) for name in cls.FACT_NAMES}
        for name, value in initial.items():
            if isinstance(value, bool):
                initial[name] = "true" if value else "false"
        return initial

    def facts(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FACT_NAMES}


class BudgetLineFormSet:
    """The budget table of an edition: one gov and one self amount per line, plus the context facts."""

    def __init__(self, *, lines, context_facts, labels: dict[str, str], data=None):
        self.lines = lines
        self.context_facts = context_facts
        self.labels = labels  # form name → what the user sees it called (rulesets.budget_field_labels)
        self.data = data
        self.errors: dict[str, str] = {}
        self.values: dict[str, dict] = {}
        self.context: dict = {}

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        for line in self.lines:
            row = {}
            for side in ("gov", "self"):
                key = f"{line.code}-{side}"
                raw = (self.data.get(key) or "").strip()
                try:
                    row[side] = parse_money(raw) if raw else 0
                except ValidationError as exc:
                    self.errors[key] = exc.messages[0]
            self.values[line.code] = row
        for name, kind in self.context_facts:
            raw = (self.data.get(f"fact-{name}") or "").strip()
            if raw == "":
                continue
            try:
                self.context[name] = _fact_value(kind, raw)
            except (ValueError, ValidationError):
                self.errors[f"fact-{name}"] = _("Enter a valid value.")
        return not self.errors

    @property
    def error_messages(self) -> list[str]:
        """Each error with the name of its input as the user sees it (never the form name)."""
        return [
            _("%(field)s: %(message)s") % {"field": self.labels.get(key, _("an amount")), "message": message}
            for key, message in self.errors.items()
        ]

    def rows(self) -> list[dict]:
        return [
            {"code": code, "gov": row.get("gov", 0), "self": row.get("self", 0)}
            for code, row in self.values.items()
            if row.get("gov") or row.get("self")
        ]


def _fact_value(kind: str, raw: str):
    if kind in ("int", "money", "signed_money"):
        return parse_money(raw, allow_negative=kind == "signed_money")
    if kind == "bool":
        if raw not in ("true", "false"):
            raise ValueError
        return raw == "true"
    if kind == "date":
        return datetime.date.fromisoformat(raw)
    if kind == "str_list":
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw[:200]


class EditionMetaForm(forms.ModelForm):
    """A draft edition's own fields: titles, year, application window, document reference, what changed."""

    title_zh = forms.CharField(label=_("Title (Traditional Chinese)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    track_zh = forms.CharField(label=_("Track (Traditional Chinese)"), max_length=300)
    track_en = forms.CharField(label=_("Track (English)"), max_length=300)

    class Meta:
        model = Edition
        fields = ["year", "application_opens", "application_closes", "document_ref", "change_note"]
        widgets = {
            "application_opens": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "application_closes": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "change_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, instance: Edition, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if not self.is_bound:
            self.initial.update(
                title_zh=instance.title.get("zh-hant", ""),
                title_en=instance.title.get("en", ""),
                track_zh=instance.track.get("zh-hant", ""),
                track_en=instance.track.get("en", ""),
            )

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("application_opens"), cleaned.get("application_closes")
        if opens and closes and closes < opens:
            self.add_error("application_closes", _("Applications cannot close before they open."))
        return cleaned

    def changes(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["title"] = {"zh-hant": self.cleaned_data["title_zh"], "en": self.cleaned_data["title_en"]}
        data["track"] = {"zh-hant": self.cleaned_data["track_zh"], "en": self.cleaned_data["track_en"]}
        return data


def parse_yaml(text: str):
    """YAML text as data (read with bounds: programs/rules_yaml.py), or a ValidationError saying where it breaks."""
    try:
        return rules_yaml_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            _(" (line %(line)s, column %(column)s)") % {"line": mark.line + 1, "column": mark.column + 1}
            if mark
            else ""
        )
        raise ValidationError(
            _("This is not valid YAML%(where)s: %(problem)s")
            % {"where": where, "problem": getattr(exc, "problem", exc)}
        ) from None


class EditionForm(EditionMetaForm):
    """The advanced view of a draft: its fields and its whole rule set as YAML."""

    rules_yaml = forms.CharField(
        label=_("Rule set (YAML)"), widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"})
    )

    def __init__(self, *args, instance: Edition, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if not self.is_bound:
            self.initial["rules_yaml"] = yaml.safe_dump(instance.rules, allow_unicode=True, sort_keys=False, width=120)

    def clean_rules_yaml(self):
        data = parse_yaml(self.cleaned_data["rules_yaml"])
        if not isinstance(data, dict):
            raise ValidationError(_("The rule set must be a mapping of sections."))
        return json_safe(data)

    def changes(self) -> tuple[dict, dict]:  # type: ignore[override]
        return super().changes(), self.cleaned_data["rules_yaml"]


def json_safe(value):
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return str(value)
    return value


class CloneForm(forms.Form):
    code = forms.RegexField(
        label=_("New edition code"),
        regex=r"^[a-z0-9]+(-[a-z0-9]+)+$",
        max_length=64,
        help_text=_("Lower-case words joined by hyphens, e.g. lean-2027-basic."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
