"""Who may see and change programmes and editions (rules predicates, as in portal.permissions)."""

import rules

from portal.permissions import is_admin, is_office

rules.add_perm("programs", is_admin)  # the admin site's app index
rules.add_perm("programs.view_programme", rules.always_allow)
rules.add_perm("programs.change_programme", is_admin)
rules.add_perm("programs.view_edition", rules.always_allow)  # published ones are public; views filter drafts
rules.add_perm("programs.view_draft_edition", is_office)
rules.add_perm("programs.add_edition", is_admin)
rules.add_perm("programs.change_edition", is_admin)
rules.add_perm("programs.publish_edition", is_admin)
rules.add_perm("programs.view_editionevent", is_admin)
rules.add_perm("programs.view_ruleevaluation", is_office)
