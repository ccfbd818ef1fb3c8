"""Who may see and change inventories and the factor library (one place, as portal.permissions)."""

import rules
from django.db.models import QuerySet

from portal.models import Role
from portal.permissions import is_admin, is_applicant, is_office

from .models import Inventory


@rules.predicate
def is_inventory_company_member(user, inventory) -> bool:
    return (
        inventory is not None and user.is_authenticated and user.is_active and user.company_id == inventory.company_id
    )


rules.add_perm("carbon", is_admin)  # the admin site's app index
for model in ("factorset", "factor", "factorgas", "gwpset", "gwpvalue"):
    rules.add_perm(f"carbon.view_{model}", rules.always_allow)
    rules.add_perm(f"carbon.add_{model}", is_admin)
    rules.add_perm(f"carbon.change_{model}", is_admin)
    rules.add_perm(f"carbon.delete_{model}", is_admin)
rules.add_perm("carbon.add_inventory", is_applicant)
rules.add_perm("carbon.view_inventory", is_office | is_inventory_company_member)
rules.add_perm("carbon.change_inventory", is_admin | is_inventory_company_member)
rules.add_perm("carbon.view_reportjob", is_office | is_inventory_company_member)


def inventories_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Inventory.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.role in (Role.OFFICER, Role.ADMIN):
        return queryset
    if user.role == Role.APPLICANT:
        return queryset.filter(company_id=user.company_id)
    return queryset.none()
