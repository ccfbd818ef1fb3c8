"""What the editor's views share: who may use them, the draft being edited, and saving a changed rule set."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from portal.language import current_lang
from programs import services
from programs.models import Edition
from programs.rules import RuleSet, RuleSetInvalid, compile_ruleset, validate_ruleset
from programs.rulesets import rules_fingerprint

from .schema import Pickers


class NotADraft(Exception):
    """Published and retired versions are never edited: the view sends the user to the edition's page."""

    def __init__(self, edition: Edition):
        super().__init__(edition.pk)
        self.edition = edition


def require_admin(request) -> None:
    if not request.user.has_perm("programs.change_edition"):
        raise PermissionDenied


def error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [message for messages_ in exc.message_dict.values() for message in messages_]
    return list(exc.messages)


@dataclass
class Draft:
    """The draft under edit, its rule set compiled (None when it does not compile: the YAML view fixes it)."""

    edition: Edition
    ruleset: RuleSet | None
    lang: str

    @property
    def data(self) -> dict:
        return self.edition.rules if isinstance(self.edition.rules, dict) else {}

    @property
    def fingerprint(self) -> str:
        return rules_fingerprint(self.edition.rules)

    @property
    def pickers(self) -> Pickers:
        return Pickers(self.ruleset, self.lang)


def load_draft(request, pk: int) -> Draft:
    require_admin(request)
    edition = get_object_or_404(Edition.objects.select_related("programme", "based_on"), pk=pk)
    if not edition.is_draft:
        raise NotADraft(edition)
    try:
        ruleset = compile_ruleset(edition.rules)
    except RuleSetInvalid:
        ruleset = None
    return Draft(edition, ruleset, current_lang())


def not_a_draft(request, exc: NotADraft):
    messages.error(request, _("Published and retired editions cannot change: make a new version."))
    return redirect("staff-edition", pk=exc.edition.pk)


def draft_view(view):
    """The view is given the draft under edit in place of its pk (administrators only; a published or retired
    version sends the user to its page instead)."""

    @functools.wraps(view)
    def wrapper(request, pk: int, *args, **kwargs):
        try:
            draft = load_draft(request, pk)
        except NotADraft as exc:
            return not_a_draft(request, exc)
        return view(request, draft, *args, **kwargs)

    return wrapper


def save_rules(request, draft: Draft, rules: dict, *, on_problems) -> list[str] | None:
    """Validate and save the changed rule set. None when saved; otherwise the messages to show, after
    ``on_problems(problems)`` has placed what it can beside its fields and returned the rest."""
    problems = validate_ruleset(rules)
    if problems:
        return [p.text(draft.lang) for p in on_problems(problems)]
    try:
        services.edition_update_draft(
            actor=request.user,
            edition=draft.edition,
            data={},
            rules=rules,
            lang=draft.lang,
            expected=request.POST.get("base") or None,
        )
    except ValidationError as exc:
        return error_messages(exc)
    messages.success(request, _("Saved: the draft's rule set is valid."))
    return None
