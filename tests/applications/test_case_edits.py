"""Edits of a draft by the two parties drafting it together."""

import pytest
from django.core.exceptions import ValidationError

from applications import services
from tests.applications.builders import machinery_case, machinery_unit

pytestmark = pytest.mark.django_db


def test_the_company_cannot_move_a_plan_away_from_the_unit_that_drafted_it():
    case = machinery_case(documents=False)
    before = case.version
    with pytest.raises(ValidationError) as refused:
        services.case_update(actor=case.applicant, case=case, data={"unit": machinery_unit()})
    assert "unit" in refused.value.message_dict
    case.refresh_from_db()
    assert case.unit_id == case.counsellor.counselling_unit_id and case.version == before


def test_an_empty_edit_writes_nothing():
    case = machinery_case(documents=False)
    before = case.version
    services.case_update(actor=case.counsellor, case=case, data={})
    case.refresh_from_db()
    assert case.version == before


def test_an_edit_from_an_older_copy_is_refused_and_keeps_the_newer_one():
    case = machinery_case(documents=False)
    services.case_update(actor=case.counsellor, case=case, data={"title": "新版名稱"}, expected_version=case.version)
    with pytest.raises(services.StaleCase):
        services.case_update(actor=case.applicant, case=case, data={"title": "舊版覆蓋"}, expected_version=case.version)
    case.refresh_from_db()
    assert case.title == "新版名稱"


def test_the_queue_search_survives_a_nul(client, officer):
    machinery_case(documents=False)
    client.force_login(officer)
    assert client.get("/office/cases/", {"q": "abc\x00def"}).status_code == 200
