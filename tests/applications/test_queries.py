"""The case lists (the API's and the "my cases" page) run the same number of queries at 5 and at 500 cases."""

import itertools

import pytest
from django.urls import reverse

from applications.models import Case, CaseStatus
from portal.models import Company
from programs.models import Edition
from tests.applications.api_support import CASES
from tests.applications.builders import machinery_case
from tests.factories import CompanyFactory, EditionFactory, ProgrammeFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

SIZES = (5, 500)


def bulk_cases(model: Case, count: int, *, companies=None, editions=None) -> None:
    """``count`` more cases like ``model`` (its stored check, budget and unit), written in one statement:
    of other companies (the unit's list) or under other editions (the company's list), in every status."""
    statuses = itertools.cycle(CaseStatus.values)
    start = Case.objects.count()
    rows = []
    for n in range(count):
        edition = editions[n] if editions else model.edition
        rows.append(
            Case(
                reference=f"{edition.code}-{start + n + 1:05d}",
                edition=edition,
                edition_code=edition.code,
                company=companies[n] if companies else model.company,
                unit=model.unit,
                created_by=model.created_by,
                drafted_by_unit=model.drafted_by_unit,
                title=f"{model.title} {n}",
                period_start=model.period_start,
                period_end=model.period_end,
                budget_lines=model.budget_lines,
                requested_gov=model.requested_gov,
                requested_self=model.requested_self,
                facts=model.facts,
                status=next(statuses),
                check_result=model.check_result,
            )
        )
    Case.objects.bulk_create(rows)


def grow_for_unit(model: Case):
    def grow(size: int) -> None:
        missing = size - Case.objects.filter(unit=model.unit).count()
        companies = Company.objects.bulk_create(CompanyFactory.build_batch(missing))
        bulk_cases(model, missing, companies=companies)

    return grow


def grow_for_company(model: Case):
    programme = ProgrammeFactory()

    def grow(size: int) -> None:
        missing = size - Case.objects.filter(company=model.company).count()
        editions = Edition.objects.bulk_create(EditionFactory.build_batch(missing, programme=programme))
        bulk_cases(model, missing, editions=editions)

    return grow


def test_the_unit_s_api_list_is_constant(api_client):
    model = machinery_case()
    api_client.force_authenticate(model.counsellor)
    queries = assert_constant_queries(lambda: api_client.get(CASES), grow_for_unit(model), sizes=SIZES)
    assert api_client.get(CASES).json()["count"] == SIZES[1]
    assert queries <= 6


def test_the_company_s_api_list_is_constant(api_client):
    model = machinery_case()
    api_client.force_authenticate(model.applicant)
    assert_constant_queries(lambda: api_client.get(CASES), grow_for_company(model), sizes=SIZES)
    body = api_client.get(CASES).json()
    assert body["count"] == SIZES[1] and len({c["edition"] for c in body["results"]}) == len(body["results"])


def test_the_unit_s_my_cases_page_is_constant(client):
    model = machinery_case()
    client.force_login(model.counsellor)
    assert_constant_queries(lambda: client.get(reverse("case-list")), grow_for_unit(model), sizes=SIZES)
    page = client.get(reverse("case-list")).content.decode()
    assert Case.objects.filter(unit=model.unit).order_by("-created_at", "-id").first().reference in page


def test_the_company_s_my_cases_page_is_constant(client):
    model = machinery_case()
    client.force_login(model.applicant)
    assert_constant_queries(lambda: client.get(reverse("case-list")), grow_for_company(model), sizes=SIZES)


def test_a_filtered_list_is_constant_too(api_client, client):
    model = machinery_case()
    api_client.force_authenticate(model.counsellor)
    assert_constant_queries(
        lambda: api_client.get(CASES, {"status": "draft", "edition": "machinery-2025"}),
        grow_for_unit(model),
        sizes=SIZES,
    )
    client.force_login(model.counsellor)
    assert_constant_queries(lambda: client.get(reverse("case-list"), {"status": "draft"}), lambda size: None)
