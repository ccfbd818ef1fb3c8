"""Forms of the programme office's pages: the queue's filters, a document verdict, a supplement request.
They only read and shape what a person typed; the services decide and refuse."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import CaseStatus, DocumentVerdict
from applications.selectors import SEARCH_MAX
from programs.models import text_in_language


def edition_choices(editions) -> list[tuple[str, str]]:
    """One choice per edition code (the newest version's label), in the order given: ``editions`` are
    (code, year, track) rows."""
    seen: dict[str, str] = {}
    label = str(_("%(track)s (%(year)s)"))
    for code, year, track in editions:
        if code not in seen:
            seen[code] = label % {"track": text_in_language(track), "year": year}
    return [("", _("All editions")), *seen.items()]


class QueueFilterForm(forms.Form):
    SORTS = (
        ("", _("Newest first")),
        ("submitted", _("Last submitted first")),
        ("due", _("Due date, soonest first")),
        ("reference", _("Reference")),
    )

    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX)
    edition = forms.ChoiceField(label=_("Edition"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    due_soon = forms.BooleanField(label=_("Due within 7 days"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORTS)

    def __init__(self, data, *, editions):
        super().__init__(data)
        self.fields["edition"].choices = edition_choices(editions)
        self.fields["status"].choices = [("", _("All statuses")), *CaseStatus.choices]
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Reference, title, company or UBN"))

    def options(self) -> dict[str, list[tuple[str, str, bool]]]:
        """The choices of each list as plain text with the one asked for marked (the filter bar is written
        out in the template: Django's widget templates would cost more than the rest of the page)."""
        return {
            name: [(value, str(label), value == self.data.get(name, "")) for value, label in self.fields[name].choices]
            for name in ("edition", "status", "sort")
        }

    def filters(self) -> dict:
        """The valid filters (an invalid one is reported on the form and not applied)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "edition": cleaned.get("edition", ""),
            "status": cleaned.get("status", ""),
            "due_soon": bool(cleaned.get("due_soon")),
            "search": cleaned.get("q", ""),
            "sort": cleaned.get("sort", ""),
        }


class DocumentCheckForm(forms.Form):
    """The verdict on one document of the checklist (prefixed with the document's code on the page)."""

    verdict = forms.ChoiceField(label=_("Verdict"), choices=DocumentVerdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the document is missing or wrong."),
    )


class SupplementRequestForm(forms.Form):
    reason = forms.CharField(label=_("What is to be supplied and why"), widget=forms.Textarea(attrs={"rows": 3}))
    documents = forms.MultipleChoiceField(
        label=_("Documents to upload again"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other = forms.CharField(
        label=_("Other items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line."),
    )
    due = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("This edition sets no supplement deadline: the programme office sets the date."),
    )

    def __init__(self, *args, documents: list[tuple[str, str]], due_fixed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = documents
        if due_fixed:
            del self.fields["due"]  # the edition's deadline decides; the date is shown, not asked

    def clean_other(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["other"].splitlines() if line.strip()]

    def payload(self) -> dict:
        """What ``request_supplement`` takes; it checks the items and the date itself."""
        items = [*self.cleaned_data["documents"], *self.cleaned_data["other"]]
        data = {"reason": self.cleaned_data["reason"], "items": items}
        due = self.cleaned_data.get("due")
        if isinstance(due, datetime.date):
            data["due"] = due.isoformat()
        return data
