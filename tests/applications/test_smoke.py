import pytest

from applications import services
from applications.checks import case_check
from applications.models import CaseStatus
from tests.applications.builders import machinery_case

pytestmark = pytest.mark.django_db


def test_machinery_case_submits():
    case = machinery_case()
    check = case_check(case, lang="zh-hant")
    assert [o.message for o in check.blocking()] == []
    case = services.case_transition(actor=case.counsellor, case=case, action="submit")
    assert case.status == CaseStatus.SUBMITTED
