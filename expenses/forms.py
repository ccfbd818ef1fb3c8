"""Forms of the expense pages: they shape what a person typed; the services decide and refuse, with the same
messages as the API."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from disbursements.forms import DATE, MoneyField

from .models import ExpenseStatus, ReceiptKind


class ExpenseForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    receipt_kind = forms.ChoiceField(label=_("Kind of receipt"), choices=ReceiptKind.choices)
    receipt_no = forms.CharField(
        label=_("Invoice or receipt number"),
        max_length=40,
        help_text=_("A uniform invoice: two letters and eight digits, e.g. AB12345678."),
    )
    vendor_ubn = forms.CharField(label=_("Vendor's Unified Business Number"), max_length=8)
    item = forms.CharField(label=_("Item (in full, as on the receipt)"), max_length=200)
    line = forms.ChoiceField(label=_("Budget line"))
    amount_untaxed = MoneyField(label=_("Amount without tax (NT$)"))
    amount_taxed = MoneyField(label=_("Amount with tax (NT$)"))
    receipt = forms.FileField(label=_("Scanned receipt (PDF or image)"), required=False)

    def __init__(self, *args, lines: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = list(lines.items())

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("receipt", None)
        return data


class FilterForm(forms.Form):
    line = forms.ChoiceField(label=_("Budget line"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ExpenseStatus.choices]
    )
    q = forms.CharField(label=_("Receipt number or item"), required=False, max_length=60)

    def __init__(self, *args, lines: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("Every line")), *lines.items()]


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept the expense")), ("reject", _("Reject the expense"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=4000)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, max_rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Up to %(rows)s rows, as the template.") % {"rows": f"{max_rows:,}"}


class AssignForm(forms.Form):
    accountant = forms.ChoiceField(label=_("External accountant"))

    def __init__(self, *args, accountants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accountant"].choices = [
            (str(user.pk), f"{user.full_name}（{user.affiliation}）" if user.affiliation else user.full_name)
            for user in accountants
        ]


class AccountantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    firm_name = forms.CharField(label=_("Accounting firm"), max_length=200)
    firm_ubn = forms.CharField(label=_("Firm's Unified Business Number"), max_length=8)
