"""The decision letter's contents (審查結果通知函): the case, the decision with its numbers and reasons, the
reviewers' comments as released to the applicant, and what follows an approval. Rendered to HTML here and
to PDF by portal's WeasyPrint helper in the worker."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from portal.language import text_in_language
from portal.models import ProgrammeOffice
from programs.rulesets import ruleset_for
from reviews.models import DecisionLetter, ReviewComment


def letter_context(job: DecisionLetter) -> dict:
    decision = job.decision
    case = decision.case
    office = getattr(decision.decided_by, "programme_office", None) or ProgrammeOffice.objects.order_by("id").first()
    edition = case.edition
    return {
        "lang": job.language,
        "case": case,
        "decision": decision,
        "comments": list(ReviewComment.objects.filter(case=case).order_by("number")),
        "office": office.name if office else "",
        "issued": timezone.localtime(decision.decided_at).date(),
        "programme": f"{text_in_language(edition.programme.title, job.language)}："
        f"{text_in_language(edition.track, job.language)}",
        "tax_inclusive": ruleset_for(edition).tax_inclusive,
    }


def letter_html(context: dict) -> str:
    return render_to_string("reviews/letter.html", context)


def letter_file_name(job: DecisionLetter) -> str:
    return f"letters/case-{job.decision.case_id}-letter-{job.pk}.pdf"
