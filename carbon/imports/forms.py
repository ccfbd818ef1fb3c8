from django import forms
from django.utils.translation import gettext_lazy as _

from .problems import MAX_BYTES


class ImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workbook"].help_text = _(
            "Up to %(limit)s MB. Fill in the template, or any workbook with the same columns."
        ) % {"limit": MAX_BYTES // (1024 * 1024)}

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not str(upload.name).lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."), code="extension")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."), code="size", params={"limit": MAX_BYTES // (1024 * 1024)}
            )
        return upload
