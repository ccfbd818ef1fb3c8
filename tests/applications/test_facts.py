"""Facts counted from the database, never taken from the form."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications import services
from applications.checks import case_check
from applications.facts import CaseFacts, derived_facts
from applications.models import CaseStatus, Debarment, DebarmentScope
from programs.rulesets import ruleset_for
from programs.selectors import edition_current
from tests.applications.builders import applicant_for, machinery_case, machinery_counsellor, machinery_proposal
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _filed(case):
    """Put a built case in a filed status without the whole story (the count reads the status)."""
    type(case).objects.filter(pk=case.pk).update(status=CaseStatus.SUBMITTED)
    case.refresh_from_db()
    return case


def _lean_case(applicant, code):
    return services.case_create(actor=applicant, edition=edition_current(code=code), data={"title": code})


def test_cases_this_year_counts_both_tracks_of_one_programme_and_only_filed_ones():
    applicant = applicant_for()
    basic = _lean_case(applicant, "lean-2026-basic")
    advanced = _lean_case(applicant, "lean-2026-advanced")
    ruleset = ruleset_for(advanced.edition)
    assert derived_facts(advanced, ruleset)["cases_this_year"] == 0  # a draft does not count
    _filed(basic)
    assert derived_facts(advanced, ruleset)["cases_this_year"] == 1
    type(basic).objects.filter(pk=basic.pk).update(status=CaseStatus.WITHDRAWN)
    assert derived_facts(advanced, ruleset)["cases_this_year"] == 0


def test_the_form_cannot_set_a_counted_fact():
    applicant = applicant_for()
    case = _lean_case(applicant, "lean-2026-basic")
    with pytest.raises(ValidationError) as refused:
        services.case_update(actor=applicant, case=case, data={"facts": {"cases_this_year": 0}})
    assert "facts.cases_this_year" in refused.value.message_dict


def test_person_months_per_month_add_up_over_overlapping_cases():
    counsellor = machinery_counsellor()
    pi = {"name": "王大明", "email": "busy@unit.example.tw", "role": "pi", "person_months": Decimal("4")}
    first = machinery_case(counsellor=counsellor, staff=[pi], documents=False)
    ruleset = ruleset_for(first.edition)
    # 4 person-months over March–October (8 months) is 0.5 a month
    assert derived_facts(first, ruleset)["max_person_months_per_month"] == Decimal("0.50")
    _filed(first)
    second = machinery_case(counsellor=counsellor, staff=[{**pi, "person_months": Decimal("6")}], documents=False)
    # the second case adds 6 / 8 = 0.75 in the same months: 1.25 a month, over the one person-month limit
    assert derived_facts(second, ruleset)["max_person_months_per_month"] == Decimal("1.25")
    outcome = next(o for o in case_check(second, lang="en").outcomes if o.rule == "person_month_limit")
    assert not outcome.passed and "1.25" in outcome.message


def test_a_principal_investigator_counts_every_case_of_the_edition():
    counsellor = machinery_counsellor()
    pi = {"name": "王大明", "email": "pi@unit.example.tw", "role": "pi", "person_months": Decimal("1")}
    cases = [machinery_case(counsellor=counsellor, staff=[pi], documents=False) for _ in range(3)]
    # (carbon-inventory declares pi_cases; the count itself does not depend on the edition declaring it)
    assert CaseFacts(cases[0]).pi_cases() == 1
    for case in cases[1:]:
        _filed(case)
    assert CaseFacts(cases[0]).pi_cases() == 3
    type(cases[2]).objects.filter(pk=cases[2].pk).update(status=CaseStatus.REJECTED)
    assert CaseFacts(cases[0]).pi_cases() == 2


def test_debarments_kept_by_the_office_are_facts_of_the_case():
    applicant = applicant_for()
    case = _lean_case(applicant, "lean-2026-basic")
    ruleset = ruleset_for(case.edition)
    assert derived_facts(case, ruleset)["debarred_this_subsidy"] is False
    today = datetime.date.today()
    Debarment.objects.create(
        company=case.company,
        scope=DebarmentScope.PROGRAMME,
        programme=case.edition.programme,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=1000),
        reason="八(十)",
    )
    facts = derived_facts(case, ruleset)
    assert facts["debarred_this_subsidy"] is True
    assert facts["debarred_government_plans"] is False
    other = CompanyFactory()
    assert derived_facts(_lean_case(applicant_for(other), "lean-2026-basic"), ruleset)["debarred_this_subsidy"] is False


def test_a_counsellor_outside_the_edition_s_units_cannot_draft_for_a_programme_without_units():
    counsellor = machinery_counsellor()
    with pytest.raises(ValidationError):
        services.case_create(
            actor=counsellor,
            edition=edition_current(code="lean-2026-basic"),
            company=CompanyFactory(),
            data=machinery_proposal(),
        )
