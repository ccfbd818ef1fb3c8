"""External accountants (會計師) of the expense audit: the programme office registers one (a user of the role
``accountant`` with their firm's UBN) and assigns them to a case's expense ledger, or removes them. An
accountant whose firm is the case's company or counselling unit is refused (a conflict of interest). Every
change is one transaction, attributed in the audit trail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Case
from applications.services import CaseRefused, TransitionNotAllowed
from portal import services as portal_services
from portal.audit import audit_context
from portal.models import Role, User
from portal.validators import validate_ubn

from ..models import AccountantAssignment, AccountantProfile
from ..selectors import accountant_conflicts


def _text(value, limit: int) -> str:
    return str(value or "").replace("\x00", "").strip()[:limit]


def _checked(data: dict) -> dict:
    cleaned = {
        "email": _text(data.get("email"), 254).lower(),
        "full_name": _text(data.get("full_name"), 100),
        "firm_name": _text(data.get("firm_name"), 200),
        "firm_ubn": _text(data.get("firm_ubn"), 20),
    }
    errors: dict[str, list[str]] = {}
    for key in ("email", "full_name", "firm_name", "firm_ubn"):
        if not cleaned[key]:
            errors[key] = [_("This field is required.")]
    if cleaned["firm_ubn"] and "firm_ubn" not in errors:
        try:
            validate_ubn(cleaned["firm_ubn"])
        except ValidationError as exc:
            errors["firm_ubn"] = list(exc.messages)
    if cleaned["email"] and User.objects.filter(email__iexact=cleaned["email"]).exists():
        errors["email"] = [_("A user with this e-mail already exists.")]
    if errors:
        raise CaseRefused(errors)
    return cleaned


@transaction.atomic
def accountant_register(*, actor: User, data: dict) -> User:
    """A new external accountant (``email``, ``full_name``, ``firm_name``, ``firm_ubn``) with no password: they
    set one through "forgot your password". Raises PermissionDenied or CaseRefused (nothing stored)."""
    if not actor.has_perm("expenses.manage_accountants"):
        raise PermissionDenied(_("Only the programme office registers external accountants."))
    cleaned = _checked(data)
    with audit_context(actor=actor, action="accountant_register"):
        try:
            user = portal_services.user_create(
                actor=actor,
                email=cleaned["email"],
                full_name=cleaned["full_name"],
                role=Role.ACCOUNTANT,
                password=None,
                affiliation=cleaned["firm_name"],
            )
        except ValidationError as exc:
            raise CaseRefused({key: list(texts) for key, texts in exc.message_dict.items()}) from None
        AccountantProfile.objects.create(user=user, firm_ubn=cleaned["firm_ubn"])
    return user


@transaction.atomic
def accountant_assign(*, actor: User, case: Case, accountant_id) -> AccountantAssignment:
    """Give an active external accountant read-and-verify access to ``case``'s expenses. Raises
    PermissionDenied, CaseRefused (not an accountant, a conflict of interest) or TransitionNotAllowed
    (already assigned)."""
    if not actor.has_perm("expenses.assign_accountant", case):
        raise PermissionDenied(_("Only the programme office assigns external accountants."))
    accountant = None
    if isinstance(accountant_id, int) or (
        isinstance(accountant_id, str) and accountant_id.isascii() and accountant_id.isdigit()
    ):
        accountant = User.objects.filter(pk=int(accountant_id), role=Role.ACCOUNTANT, is_active=True).first()
    if accountant is None:
        raise CaseRefused({"accountant": [_("Choose one of the active external accountants.")]})
    case = Case.objects.select_for_update(of=("self",)).select_related("company", "unit").get(pk=case.pk)
    conflicts = accountant_conflicts(case=case, accountant=accountant)
    if conflicts:
        raise CaseRefused({"accountant": conflicts})
    if AccountantAssignment.objects.filter(case=case, accountant=accountant).exists():
        raise TransitionNotAllowed(_("This accountant is already assigned to the case."))
    with audit_context(actor=actor, action="accountant_assign", case=case.pk, accountant=accountant.pk):
        return AccountantAssignment.objects.create(case=case, accountant=accountant, assigned_by=actor)


@transaction.atomic
def accountant_unassign(*, actor: User, case: Case, accountant_id: int) -> None:
    """Take an accountant off ``case``. Raises PermissionDenied, or AccountantAssignment.DoesNotExist (404)."""
    if not actor.has_perm("expenses.assign_accountant", case):
        raise PermissionDenied(_("Only the programme office assigns external accountants."))
    assignment = AccountantAssignment.objects.select_for_update().get(case_id=case.pk, accountant_id=accountant_id)
    with audit_context(actor=actor, action="accountant_unassign", case=case.pk, accountant=accountant_id):
        assignment.delete()
