"""The rule set typed as YAML by an administrator (issue 15, point 4): hostile or mistyped text is a form error
that says where, never a 500, and the draft is left as it was."""

import pytest
import yaml

from programs.models import Edition
from programs.rules_yaml import MAX_DEPTH, rules_yaml_load
from tests.factories import SMALL_RULESET, EditionFactory
from tests.programs.test_pages import edit_form

pytestmark = pytest.mark.django_db

HOSTILE = {
    "3,000 nested [": "a: " + "[" * 3000,
    "3,000 nested {": "a: " + "{a: " * 3000,
    "a 5,000-digit integer": "a: " + "9" * 5000,
    "a 40-digit hexadecimal": "a: 0x" + "f" * 40,
    "30 February": "a: 2025-02-30",
    "month 13": "a: 2025-13-01",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_yaml_is_refused_with_its_line(text):
    with pytest.raises(yaml.YAMLError) as caught:
        rules_yaml_load(text)
    assert caught.value.problem_mark.line == 0


def test_a_rule_set_within_the_bounds_reads_as_safe_load_reads_it():
    text = yaml.safe_dump({**SMALL_RULESET, "dates": ["2025-02-28"], "deep": [[[[1]]]], "big": 10**29})
    assert rules_yaml_load(text) == yaml.safe_load(text)
    nested = "a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    assert rules_yaml_load(nested) is not None


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_edit_page_shows_a_form_error_and_keeps_the_draft(client, admin_user, text):
    published = EditionFactory(code="demo-2026-hostile")
    client.force_login(admin_user)
    client.post(f"/staff/editions/{published.pk}/new-version/")
    draft = Edition.objects.get(code="demo-2026-hostile", version=2)
    response = client.post(
        f"/staff/editions/{draft.pk}/edit/yaml/", {**edit_form(draft, SMALL_RULESET), "rules_yaml": text}
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["rules_yaml"]
    assert "第 1 行" in error  # where, in the reader's language
    draft.refresh_from_db()
    assert draft.rules == SMALL_RULESET
