"""Forms of the money pages. They read and shape what a person typed (amounts as people type them, dates,
one row per line of text); the services decide and refuse, with the same messages as the API."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import parse_money

from .models import ChangeField, ReportKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MoneyField(forms.CharField):
    """Whole NT$ as typed: ``1,280,000``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off", maxlength=30)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 30:
            raise ValidationError(_("This amount is too large."))
        return parse_money(text)


class ContractForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    self_amount = MoneyField(
        label=_("Self-funding under the contract (NT$)"), help_text=_("The budget's self-funding unless changed.")
    )
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)

    def payload(self) -> dict:
        data = self.cleaned_data
        return {"signed_on": data["signed_on"], "self_amount": data["self_amount"], "reason": data["reason"]}


class SelfFundingForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount = MoneyField(label=_("Amount (NT$)"))
    reference = forms.CharField(label=_("Bank reference or receipt"), max_length=200)


class ReleaseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class WithholdForm(forms.Form):
    reason = forms.CharField(label=_("Why it is withheld"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for termination"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    clawback = MoneyField(label=_("Clawback (NT$)"), help_text=_("At most what was paid; 0 for none."))


def _kpi_fields(form: forms.Form, kpis: list[tuple[str, str]], initial: dict) -> None:
    for key, label in kpis:
        form.fields[f"kpi__{key}"] = forms.CharField(
            label=label, required=False, max_length=40, initial=initial.get(key)
        )


def _kpi_values(form: forms.Form, kpis: list[tuple[str, str]]) -> dict:
    return {key: form.cleaned_data[f"kpi__{key}"] for key, _label in kpis if form.cleaned_data.get(f"kpi__{key}")}


class ProgressReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    as_of = forms.DateField(label=_("As of"), widget=DATE)
    progress = forms.DecimalField(label=_("Work progress (%)"), min_value=0, max_value=100, decimal_places=2)
    spent_gov = MoneyField(label=_("Cumulative spending of government funds (NT$)"))
    spent_self = MoneyField(label=_("Cumulative spending of self-funding (NT$)"))
    site_visits = forms.IntegerField(label=_("On-site visits so far"), min_value=0, max_value=10000, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, checkpoints: list[dict], kpis: list[tuple[str, str]], visits: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.checkpoint_rows = checkpoints
        self.kpis = kpis
        if not visits:
            del self.fields["site_visits"]
        for index, row in enumerate(checkpoints):
            self.fields[f"cp{index}_done"] = forms.BooleanField(label=row.get("item") or "—", required=False)
            self.fields[f"cp{index}_evidence"] = forms.CharField(label=_("Evidence"), required=False, max_length=4000)
        _kpi_fields(self, kpis, {})

    def checkpoint_fields(self) -> list[tuple[dict, forms.BoundField, forms.BoundField]]:
        return [(row, self[f"cp{i}_done"], self[f"cp{i}_evidence"]) for i, row in enumerate(self.checkpoint_rows)]

    def kpi_fields(self) -> list[forms.BoundField]:
        return [self[f"kpi__{key}"] for key, _label in self.kpis]

    def data_for_service(self) -> dict:
        data = {
            name: self.cleaned_data.get(name)
            for name in ("kind", "as_of", "progress", "spent_gov", "spent_self", "site_visits", "note")
        }
        data["checkpoints"] = [
            {"index": i, "done": self.cleaned_data[f"cp{i}_done"], "evidence": self.cleaned_data[f"cp{i}_evidence"]}
            for i in range(len(self.checkpoint_rows))
            if self.cleaned_data[f"cp{i}_done"] or self.cleaned_data[f"cp{i}_evidence"]
        ]
        data["kpi_actuals"] = _kpi_values(self, self.kpis)
        return data


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kpis: list[tuple[str, str]], initial_values: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        _kpi_fields(self, kpis, initial_values)

    def kpi_fields(self) -> list[forms.BoundField]:
        return [self[f"kpi__{key}"] for key, _label in self.kpis]

    def kpi_values(self) -> dict:
        return _kpi_values(self, self.kpis)


def _lines(text: str, parts: int, what: str) -> list[list[str]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.replace("，", ",").split(",")]
        if len(cells) != parts:
            raise ValidationError(_("Line %(n)s: write %(what)s, separated by commas.") % {"n": number, "what": what})
        rows.append(cells)
    return rows


class PlanChangeForm(forms.Form):
    reason = forms.CharField(label=_("Why the plan changes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    change = forms.MultipleChoiceField(
        label=_("Parts of the plan that change"), choices=ChangeField.choices, widget=forms.CheckboxSelectMultiple
    )
    period_start = forms.DateField(label=_("New project start"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("New project end"), required=False, widget=DATE)
    pi_name = forms.CharField(label=_("New principal investigator"), required=False, max_length=100)
    pi_email = forms.EmailField(label=_("Their e-mail address"), required=False)
    pi_title = forms.CharField(label=_("Their job title"), required=False, max_length=100)
    pi_months = forms.DecimalField(label=_("Their person-months"), required=False, min_value=0, max_value=600)
    consultants = forms.CharField(
        label=_("Consultants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, e-mail address, person-months."),
    )
    checkpoints = forms.CharField(
        label=_("Checkpoints"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: date (YYYY-MM-DD), item, cumulative progress %."),
    )

    def __init__(self, *args, lines: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_codes = [code for code, _label in lines]
        for code, label in lines:
            self.fields[f"line__{code}__gov"] = MoneyField(label=label, required=False)
            self.fields[f"line__{code}__self"] = MoneyField(label=label, required=False)

    def budget_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"line__{c}__gov"].label, self[f"line__{c}__gov"], self[f"line__{c}__self"])
            for c in self.budget_codes
        ]

    def clean_consultants(self) -> list[dict]:
        rows = _lines(self.cleaned_data["consultants"], 3, _("name, e-mail address, person-months"))
        return [{"name": name, "email": email, "person_months": months} for name, email, months in rows]

    def clean_checkpoints(self) -> list[dict]:
        rows = _lines(self.cleaned_data["checkpoints"], 3, _("date, item, cumulative progress %"))
        return [{"date": day, "item": item, "percent": percent} for day, item, percent in rows]

    def changes(self) -> dict:
        """What ``plan_change_request`` takes: the chosen parts with their new values (JSON)."""
        data, chosen = self.cleaned_data, set(self.cleaned_data["change"])
        changes: dict = {}
        if ChangeField.PERIOD in chosen:
            changes["period"] = {
                side: data[f"period_{side}"].isoformat() if data[f"period_{side}"] else None
                for side in ("start", "end")
            }
        if ChangeField.BUDGET in chosen:
            changes["budget"] = {
                "lines": [
                    {"code": code, "gov": data[f"line__{code}__gov"] or 0, "self": data[f"line__{code}__self"] or 0}
                    for code in self.budget_codes
                ]
            }
        if ChangeField.PI in chosen:
            changes["pi"] = {
                "name": data["pi_name"],
                "email": data["pi_email"],
                "title": data["pi_title"],
                "person_months": str(data["pi_months"]) if data["pi_months"] is not None else "",
            }
        if ChangeField.CONSULTANTS in chosen:
            changes["consultants"] = data["consultants"]
        if ChangeField.CHECKPOINTS in chosen:
            changes["checkpoints"] = data["checkpoints"]
        return changes


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision on the change"),
        choices=[("approve", _("Approve the change")), ("reject", _("Do not approve the change"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
