"""Editions are versioned: published versions never change, drafts are edited and published."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from programs import services
from programs.models import Edition, EditionEvent, EditionStatus, RuleEvaluation
from programs.rules import Outcome
from tests.factories import SMALL_RULESET, EditionFactory

pytestmark = pytest.mark.django_db


def test_a_new_version_is_a_draft_copy_and_the_published_one_stays(admin_user):
    published = EditionFactory()
    draft = services.edition_new_version(actor=admin_user, edition=published, note="raise the cap")
    assert (draft.code, draft.version, draft.status) == (published.code, 2, EditionStatus.DRAFT)
    assert draft.rules == published.rules
    assert draft.based_on == published
    assert EditionEvent.objects.filter(edition=draft, action="created", actor=admin_user).exists()


def test_only_one_draft_per_edition(admin_user):
    published = EditionFactory()
    services.edition_new_version(actor=admin_user, edition=published)
    with pytest.raises(ValidationError):
        services.edition_new_version(actor=admin_user, edition=published)


def test_editing_a_draft_validates_the_whole_rule_set(admin_user):
    draft = services.edition_new_version(actor=admin_user, edition=EditionFactory())
    bad = {
        **SMALL_RULESET,
        "budget": {
            **SMALL_RULESET["budget"],
            "rules": [{"id": "gov_cap", "kind": "amount_max", "params": {"quantity": "gov_total", "max": "a lot"}}],
        },
    }
    with pytest.raises(ValidationError) as exc:
        services.edition_update_draft(actor=admin_user, edition=draft, data={}, rules=bad)
    assert "budget.rules[0] (gov_cap).params.max" in str(exc.value)
    draft.refresh_from_db()
    assert draft.rules == SMALL_RULESET  # nothing stored


def test_publishing_a_draft_retires_the_version_it_replaces(admin_user):
    published = EditionFactory()
    draft = services.edition_new_version(actor=admin_user, edition=published)
    new_rules = {
        **SMALL_RULESET,
        "budget": {
            **SMALL_RULESET["budget"],
            "rules": [{"id": "gov_cap", "kind": "amount_max", "params": {"quantity": "gov_total", "max": 700000}}],
        },
    }
    services.edition_update_draft(actor=admin_user, edition=draft, data={"change_note": "cap 700k"}, rules=new_rules)
    services.edition_publish(actor=admin_user, edition=draft)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.status == EditionStatus.RETIRED
    assert draft.status == EditionStatus.PUBLISHED
    assert draft.published_at is not None
    actions = list(EditionEvent.objects.filter(edition__code=draft.code).values_list("edition__version", "action"))
    assert (1, "retired") in actions and (2, "published") in actions


def test_published_and_retired_editions_cannot_be_edited_through_the_service(admin_user):
    published = EditionFactory()
    with pytest.raises(ValidationError):
        services.edition_update_draft(actor=admin_user, edition=published, data={"year": 2030})
    retired = services.edition_retire(actor=admin_user, edition=published)
    with pytest.raises(ValidationError):
        services.edition_publish(actor=admin_user, edition=retired)
    with pytest.raises(ValidationError):
        services.edition_discard_draft(actor=admin_user, edition=retired)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard is a PostgreSQL trigger")
def test_the_database_refuses_changes_to_published_editions_whatever_the_code():
    published = EditionFactory()
    with pytest.raises(DatabaseError), transaction.atomic():
        Edition.objects.filter(pk=published.pk).update(rules={"schema": 1})
    with pytest.raises(DatabaseError), transaction.atomic():
        Edition.objects.filter(pk=published.pk).delete()
    with transaction.atomic():  # a status change alone is allowed (publish / retire)
        Edition.objects.filter(pk=published.pk).update(status="retired")
    with pytest.raises(DatabaseError), transaction.atomic():
        Edition.objects.filter(pk=published.pk).update(status="published")


def test_clone_to_next_year(admin_user):
    published = EditionFactory(code="lean-2026-basic-test", year=2026)
    clone = services.edition_clone_to_year(actor=admin_user, edition=published, code="lean-2027-basic-test", year=2027)
    assert (clone.code, clone.version, clone.year, clone.status) == ("lean-2027-basic-test", 1, 2027, "draft")
    assert clone.rules == published.rules
    with pytest.raises(ValidationError):
        services.edition_clone_to_year(actor=admin_user, edition=published, code="lean-2027-basic-test", year=2027)


def test_discarding_a_draft(admin_user):
    draft = services.edition_new_version(actor=admin_user, edition=EditionFactory())
    services.edition_discard_draft(actor=admin_user, edition=draft)
    assert not Edition.objects.filter(pk=draft.pk).exists()


def test_the_window_must_be_in_order(admin_user):
    draft = services.edition_new_version(actor=admin_user, edition=EditionFactory())
    import datetime

    with pytest.raises(ValidationError):
        services.edition_update_draft(
            actor=admin_user,
            edition=draft,
            data={"application_opens": datetime.date(2026, 5, 1), "application_closes": datetime.date(2026, 4, 1)},
        )


def test_a_decision_keeps_the_edition_version_inputs_and_outcomes(applicant):
    edition = EditionFactory()
    outcome = Outcome("no_prc_capital", True, "error", "陸資投資成分：否（符合）", {"prc_capital": "false"})
    from decimal import Decimal

    record = services.evaluation_record(
        edition=edition,
        purpose="submission",
        subject_type="case",
        subject_id=42,
        inputs={"prc_capital": False, "progress": Decimal("60.00")},
        outcomes=[outcome],
        passed=True,
        lang="zh-hant",
        actor=applicant,
    )
    stored = RuleEvaluation.objects.get(pk=record.pk)
    assert stored.edition_id == edition.pk
    assert stored.inputs == {"prc_capital": False, "progress": "60.00"}
    assert stored.outcomes == [outcome.as_dict()]
    with pytest.raises(ValueError):
        services.evaluation_record(
            edition=edition,
            purpose="whim",
            subject_type="case",
            subject_id=1,
            inputs={},
            outcomes=[],
            passed=True,
            lang="en",
        )
