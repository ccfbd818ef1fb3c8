"""Forms of the review pages. They type the input; the services judge it (the score sheet's ranges and
missing criteria are the rule engine's messages, the decision's limits the decide handler's)."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.language import text_in_language
from portal.models import Company, CounsellingUnit
from portal.validators import validate_ubn
from programs.rules import RuleSet
from reviews.models import ReviewComment, ReviewerProfile, Verdict
from reviews.services.pool import REASON_MAX
from reviews.services.revisions import NOTE_MAX, PAGE_MAX, REPLY_MAX
from reviews.services.sheets import COMMENT_MAX, GENERAL_COMMENT_MAX


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ReviewerProfile
        fields = ["affiliation", "organisation_ubn", "expertise"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3})}


class ConflictForm(forms.Form):
    TARGETS = [("company", _("A company")), ("unit", _("A counselling unit"))]

    target = forms.ChoiceField(label=_("Conflict with"), choices=TARGETS, widget=forms.RadioSelect, initial="company")
    ubn = forms.CharField(label=_("Its Unified Business Number"), max_length=8, validators=[validate_ubn])
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        ubn, target = data.get("ubn"), data.get("target")
        if ubn and target:
            model = Company if target == "company" else CounsellingUnit
            data["organisation"] = model.objects.filter(ubn=ubn).first()
            if data["organisation"] is None:
                self.add_error("ubn", _("No organisation of this kind with this number is registered on the portal."))
        return data


class CaseConflictForm(forms.Form):
    """Declaring a conflict with the case's own company or unit, from the confirmation page."""

    target = forms.ChoiceField(label=_("Conflict with"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("company", _("The company: %(name)s") % {"name": case.company.name})]
        if case.unit_id:
            choices.append(("unit", _("The counselling unit: %(name)s") % {"name": case.unit.name}))
        self.fields["target"].choices = choices
        self.fields["target"].initial = "company"


def _score_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "score"}),
    )


class SheetForm(forms.Form):
    """One score per criterion of the edition version's rubric, a comment per criterion, bonus items where
    the rubric has them, and a general comment. Scores left empty are missing (the engine says so)."""

    comment = forms.CharField(
        label=_("General comment"),
        required=False,
        max_length=GENERAL_COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, ruleset: RuleSet, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = ruleset.rubric
        self.rows = []
        for criterion in self.rubric.criteria:
            label = text_in_language(criterion.label, lang) or criterion.code
            self.fields[f"score_{criterion.code}"] = _score_field(label)
            self.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": label},
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append(
                {
                    "criterion": criterion,
                    "label": label,
                    "points": [text_in_language(p, lang) for p in criterion.points],
                    "score": f"score_{criterion.code}",
                    "comment": f"comment_{criterion.code}",
                }
            )
        self.bonus_rows = []
        for item in self.rubric.bonus:
            label = text_in_language(item.label, lang) or item.code
            self.fields[f"bonus_{item.code}"] = _score_field(label)
            self.bonus_rows.append({"item": item, "label": label, "field": f"bonus_{item.code}"})

    @classmethod
    def initial_from(cls, sheet) -> dict:
        if sheet is None:
            return {}
        initial = {"comment": sheet.comment}
        initial.update({f"score_{code}": value for code, value in sheet.scores.items()})
        initial.update({f"bonus_{code}": value for code, value in sheet.bonus.items()})
        initial.update({f"comment_{code}": text for code, text in sheet.comments.items()})
        return initial

    def service_data(self) -> dict:
        data = self.cleaned_data
        scores = {
            c.code: data[f"score_{c.code}"] for c in self.rubric.criteria if data.get(f"score_{c.code}") is not None
        }
        bonus = {b.code: data[f"bonus_{b.code}"] for b in self.rubric.bonus if data.get(f"bonus_{b.code}") is not None}
        comments = {c.code: data.get(f"comment_{c.code}", "") for c in self.rubric.criteria}
        return {"scores": scores, "bonus": bonus, "comments": comments, "comment": data.get("comment", "")}

    @property
    def labels(self) -> dict[str, str]:
        """Criterion and bonus codes → their names, for the computed rows."""
        return {
            **{r["criterion"].code: r["label"] for r in self.rows},
            **{r["item"].code: r["label"] for r in self.bonus_rows},
        }

    def labelled(self, errors: dict[str, list[str]]) -> list[tuple[str, str]]:
        """(the field's label, message) for messages keyed by a service (``scores.needs``) or by the form."""
        result = []
        for key, texts in errors.items():
            name = self.field_for(key) or (key if key in self.fields else None)
            label = str(self.fields[name].label) if name else ""
            result.extend((label, str(text)) for text in texts)
        return result

    def field_for(self, key: str) -> str | None:
        """The form field a service message key names: ``scores.needs`` → ``score_needs``."""
        group, _dot, code = key.partition(".")
        name = {"scores": "score_", "bonus": "bonus_", "comments": "comment_"}.get(group, "") + code
        return name if name in self.fields else ("comment" if key == "comment" else None)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Verdict.choices, widget=forms.RadioSelect)
    approved_gov = forms.CharField(
        label=_("Government funds approved (NT$)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "At most the amount requested and within the programme's caps; reduce it where the reviewers' "
            "scores call for it."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject, and to approve less than the amount requested."),
    )

    def payload(self) -> dict:
        data = self.cleaned_data
        # full-width digits from a Chinese input method read as digits; thousands separators are dropped
        amount = unicodedata.normalize("NFKC", data.get("approved_gov") or "").replace(",", "").replace(" ", "")
        payload = {"decision": data["decision"], "reason": data.get("reason", "")}
        if data["decision"] == Verdict.APPROVE:
            # whole NT$ as an integer, as the API takes it; anything else goes on for the decision's own message
            payload["approved_gov"] = int(amount) if re.fullmatch(r"[0-9]{1,15}", amount) else amount
        return payload


class RepliesForm(forms.Form):
    """The 審查意見回覆表: a reply and a page of the revised plan for every released comment."""

    def __init__(self, *args, comments: list[ReviewComment], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for comment in comments:
            self.fields[f"reply_{comment.number}"] = forms.CharField(
                label=_("Reply to comment %(number)s") % {"number": comment.number},
                required=False,
                max_length=REPLY_MAX,
                initial=comment.reply,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"page_{comment.number}"] = forms.CharField(
                label=_("Page of the revised plan for comment %(number)s") % {"number": comment.number},
                required=False,
                max_length=PAGE_MAX,
                initial=comment.page,
            )
            self.rows.append({"comment": comment, "reply": f"reply_{comment.number}", "page": f"page_{comment.number}"})

    def replies(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            row["comment"].number: {"reply": data.get(row["reply"], ""), "page": data.get(row["page"], "")}
            for row in self.rows
        }


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("Revised plan (PDF or Word)"))


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
