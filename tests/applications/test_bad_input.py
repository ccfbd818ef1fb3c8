"""Every bad input to the case API is refused with a clear 400 (409 for a case no longer editable), never a
500, and changes nothing: no case, no event, no audit row, the case row and its staffing as they were."""

import datetime
from decimal import Decimal

import pytest

from applications import services
from applications.models import Case, CaseStatus
from applications.workspace import section_codes
from programs import services as programme_services
from programs.rulesets import ruleset_for
from programs.selectors import edition_current
from tests.applications.api_support import (
    CASES,
    action_url,
    assert_create_refused,
    assert_patch_refused,
    case_url,
    errors_of,
    machinery_body,
    refused,
    send,
    state,
)
from tests.applications.builders import applicant_for, machinery_case, machinery_counsellor

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    return applicant_for()


@pytest.fixture
def draft():
    return machinery_case()


# --- unknown names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, key",
    [
        ({"colour": "blue"}, "colour"),
        ({"status": "submitted"}, "status"),  # the status is the transition service's alone
        ({"requested_gov": 1}, "requested_gov"),  # derived from the budget, never given
        ({"reference": "machinery-2025-9999"}, "reference"),
        ({"period": {"start": "2025-03-01", "end": "2025-10-31", "middle": "2025-06-01"}}, "period.middle"),
        ({"budget": {"lines": [], "total": 5}}, "budget.total"),
        (
            {"budget": {"lines": [{"code": "direct_salary", "gov": 1, "self": 1, "colour": "x"}]}},
            "budget.lines.0.colour",
        ),
        ({"staff": [{"name": "王", "email": "w@x.tw", "person_months": "1", "age": 40}]}, "staff.0.age"),
        ({"checkpoints": [{"date": "2025-05-01", "item": "x", "percent": "100", "owner": "x"}]}, "checkpoints.0.owner"),
    ],
)
def test_unknown_fields_are_refused(api_client, applicant, draft, extra, key):
    assert_create_refused(api_client, applicant, machinery_body(**extra), key)
    assert_patch_refused(api_client, draft, extra, key)


@pytest.mark.parametrize("name", ["colour", "cases_this_year_typo", "prc_capital", ""])
def test_unknown_fact_names_are_refused(api_client, applicant, draft, name):
    facts = {**machinery_body()["facts"], name: True}
    assert_create_refused(api_client, applicant, machinery_body(facts=facts), f"facts.{name}")
    assert_patch_refused(api_client, draft, {"facts": {name: True}}, f"facts.{name}")


@pytest.mark.parametrize("name", ["max_person_months_per_month", "cases_this_year"])
def test_facts_the_portal_counts_cannot_be_entered(api_client, draft, name):
    errors = assert_patch_refused(api_client, draft, {"facts": {name: 0}}, f"facts.{name}")
    assert errors[f"facts.{name}"]


@pytest.mark.parametrize(
    "name, value",
    [
        ("site_visits", "2"),  # int
        ("site_visits", 2.5),
        ("site_visits", -1),
        ("site_visits", True),
        ("site_visits", [2]),
        ("site_visits", 10**30),
        ("energy_module", "yes"),  # bool
        ("energy_module", 1),
        ("energy_module", "true"),
        ("part1_work", "smart"),  # list of catalogue codes
        ("part1_work", [["smart"]]),
        ("part1_work", [{"code": "smart"}]),
        ("part1_work", ["robots"]),  # not in the edition's catalogue
        ("part1_work", ["smart", "x" * 101]),
    ],
)
def test_facts_of_the_wrong_type_are_refused(api_client, applicant, draft, name, value):
    facts = {**machinery_body()["facts"], name: value}
    assert_create_refused(api_client, applicant, machinery_body(facts=facts), f"facts.{name}")
    assert_patch_refused(api_client, draft, {"facts": {name: value}}, f"facts.{name}")


@pytest.mark.parametrize(
    "edition, name, value",
    [
        ("dmmap-2023-green-mfg", "annual_saving", 1.5),  # money
        ("dmmap-2023-green-mfg", "annual_saving", "1000"),
        ("dmmap-2023-green-mfg", "annual_saving", -1000),
        ("dmmap-2023-green-mfg", "course_hours", "many"),  # number
        ("dmmap-2023-green-mfg", "course_hours", "NaN"),
        ("dmmap-2023-lean", "seed_teacher_raise", "101"),  # percent
        ("dmmap-2023-lean", "seed_teacher_raise", -1),
        ("dmmap-2023-lean", "seed_teacher_raise", "Infinity"),
    ],
)
def test_money_numbers_and_percentages_in_facts_are_typed(api_client, edition, name, value):
    user = applicant_for()
    api_client.force_authenticate(user)
    case = Case.objects.get(pk=send(api_client, "post", CASES, {"edition": edition, "title": "試"}).json()["id"])
    before = state(case)
    refused(api_client, "patch", case_url(case), {"facts": {name: value}}, key=f"facts.{name}")
    assert state(case) == before


# --- budget lines and money -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, key",
    [
        ({"code": "rocket_fuel", "gov": 1, "self": 1}, "budget.lines.0.code"),
        ({"code": "", "gov": 1, "self": 1}, "budget.lines.0.code"),
        ({"code": "direct_salary", "gov": -1, "self": 1}, "budget.lines.0.gov"),
        ({"code": "direct_salary", "gov": 1.5, "self": 1}, "budget.lines.0.gov"),
        ({"code": "direct_salary", "gov": 100.0, "self": 1}, "budget.lines.0.gov"),
        ({"code": "direct_salary", "gov": "100", "self": 1}, "budget.lines.0.gov"),
        ({"code": "direct_salary", "gov": "1,000", "self": 1}, "budget.lines.0.gov"),
        ({"code": "direct_salary", "gov": True, "self": 1}, "budget.lines.0.gov"),
        ({"code": "direct_salary", "gov": None, "self": 1}, "budget.lines.0.gov"),
        ({"code": "direct_salary", "gov": 10**13, "self": 1}, "budget.lines.0.gov"),
        ({"code": "direct_salary", "gov": 1, "self": -5}, "budget.lines.0.self"),
        ({"code": "direct_salary", "gov": 1}, "budget.lines.0.self"),
    ],
)
def test_budget_lines_are_codes_of_the_edition_with_whole_nt_dollars(api_client, applicant, draft, line, key):
    budget = {"lines": [line]}
    assert_create_refused(api_client, applicant, machinery_body(budget=budget), key)
    assert_patch_refused(api_client, draft, {"budget": budget}, key)


def test_a_budget_line_given_twice_is_refused(api_client, draft):
    line = {"code": "direct_salary", "gov": 1, "self": 1}
    assert_patch_refused(api_client, draft, {"budget": {"lines": [line, dict(line)]}}, "budget.lines.1.code")


def test_too_many_budget_lines_are_refused(api_client, draft):
    lines = [{"code": "direct_salary", "gov": 1, "self": 1}] * 101
    assert_patch_refused(api_client, draft, {"budget": {"lines": lines}}, "budget.lines")


# --- checkpoints, staffing, period --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "percents, key",
    [
        (["50", "50", "100"], "checkpoints.1.percent"),  # not strictly rising
        (["60", "40", "100"], "checkpoints.1.percent"),
        (["0", "100"], "checkpoints.0.percent"),  # a checkpoint has progress
        (["50", "101"], "checkpoints.1.percent"),
        (["50", "-1"], "checkpoints.1.percent"),
        (["50", "abc"], "checkpoints.1.percent"),
    ],
)
def test_checkpoints_must_rise_strictly(api_client, draft, percents, key):
    days = ["2025-04-30", "2025-06-30", "2025-10-31"]
    rows = [
        {"date": day, "item": f"查核點 {n}", "percent": p}
        for n, (day, p) in enumerate(zip(days, percents, strict=False))
    ]
    errors = assert_patch_refused(api_client, draft, {"checkpoints": rows}, key)
    if percents[:2] == ["50", "50"]:
        assert "50" in errors[key][0]  # the message names the numbers


def test_checkpoint_dates_must_be_in_order(api_client, draft):
    rows = [
        {"date": "2025-08-31", "item": "A", "percent": "50"},
        {"date": "2025-05-31", "item": "B", "percent": "100"},
    ]
    assert_patch_refused(api_client, draft, {"checkpoints": rows}, "checkpoints.1.date")


def test_rising_checkpoints_are_saved(api_client, draft):
    rows = [
        {"date": "2025-05-31", "item": "A", "percent": "30"},
        {"date": "2025-08-31", "item": "B", "percent": 70},
        {"date": "2025-10-31", "item": "C", "percent": "100"},
    ]
    api_client.force_authenticate(draft.counsellor)
    assert send(api_client, "patch", case_url(draft), {"checkpoints": rows}).status_code == 200
    assert [row["percent"] for row in Case.objects.get(pk=draft.pk).checkpoints] == ["30.00", "70.00", "100.00"]


@pytest.mark.parametrize(
    "staff, key",
    [
        ([{"name": "王", "email": "not-an-email", "person_months": "1"}], "staff.0.email"),
        ([{"name": "王", "email": "w@x.tw", "person_months": "0"}], "staff.0.person_months"),
        ([{"name": "王", "email": "w@x.tw", "person_months": "-1"}], "staff.0.person_months"),
        ([{"name": "王", "email": "w@x.tw", "person_months": "601"}], "staff.0.person_months"),
        ([{"name": "王", "email": "w@x.tw", "person_months": "1", "role": "boss"}], "staff.0.role"),
        ([{"name": "", "email": "w@x.tw", "person_months": "1"}], "staff.0.name"),
        (
            [{"name": "王", "email": "w@x.tw", "person_months": "1"}, {"name": "王", "email": "W@x.tw", "person_months": "2"}],  # noqa: E501
            "staff.1.email",
        ),
        (
            [{"name": "王", "email": "a@x.tw", "person_months": "1", "role": "pi"},
             {"name": "林", "email": "b@x.tw", "person_months": "1", "role": "pi"}],
            "staff",
        ),
    ],
)  # fmt: skip
def test_staffing_rows_are_checked(api_client, draft, staff, key):
    assert_patch_refused(api_client, draft, {"staff": staff}, key)


@pytest.mark.parametrize(
    "period, key",
    [
        ({"start": "2025-10-01", "end": "2025-03-01"}, "period.end"),
        ({"start": "2025-02-30"}, "period.start"),
        ({"start": "01/03/2025"}, "period.start"),
        ({"start": 20250301}, "period.start"),
        ("2025-03-01/2025-10-31", "period"),
    ],
)
def test_periods_are_dates_in_order(api_client, draft, period, key):
    assert_patch_refused(api_client, draft, {"period": period}, key)


@pytest.mark.parametrize(
    "body, key",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"needs": "x" * 20001}, "needs"),
        ({"declarations": {"truthful": "yes"}}, "declarations.truthful"),
        ({"declarations": {"everything_fine": True}}, "declarations.everything_fine"),
        ({"unit": "abc"}, "unit"),
        ({"unit": 987654}, "unit"),
    ],
)
def test_text_and_choices_are_checked(api_client, draft, body, key):
    assert_patch_refused(api_client, draft, body, key)


@pytest.mark.parametrize("other", [True, False])
def test_a_counsellor_cannot_move_the_case_out_of_its_unit(api_client, draft, other):
    unit = machinery_counsellor().counselling_unit_id if other else None
    assert_patch_refused(api_client, draft, {"unit": unit}, "unit")


# --- one case per company and edition, across versions ------------------------------------------------------


def test_a_second_case_for_the_same_company_and_edition_is_refused(api_client, applicant, admin_user):
    api_client.force_authenticate(applicant)
    first = send(api_client, "post", CASES, machinery_body())
    assert first.status_code == 201
    errors = assert_create_refused(api_client, applicant, machinery_body(title="第二案"), "edition")
    assert errors["edition"]
    # a counsellor drafting for the same company is refused the same way
    counsellor = machinery_counsellor()
    assert_create_refused(api_client, counsellor, machinery_body(company=applicant.company_id), "edition")
    # a new version of the edition is the same edition
    current = edition_current(code="machinery-2025")
    draft_version = programme_services.edition_new_version(actor=admin_user, edition=current, note="修正")
    programme_services.edition_publish(actor=admin_user, edition=draft_version)
    assert edition_current(code="machinery-2025").version == 2
    assert_create_refused(api_client, applicant, machinery_body(title="第三案"), "edition")
    assert Case.objects.filter(company=applicant.company).count() == 1


def test_the_database_holds_one_case_per_company_and_edition(applicant):
    from django.db import IntegrityError, transaction

    case = services.case_create(actor=applicant, edition=edition_current(code="machinery-2025"), data={"title": "x"})
    twin = Case.objects.filter(pk=case.pk).values().get()
    for name in ("id", "reference"):
        twin.pop(name)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(**twin, reference="machinery-2025-9999")


# --- rules decided at submission: refused with the rule's own message and numbers ---------------------------


def test_person_months_over_the_limit_across_cases_are_refused_at_submit(api_client):
    shared = "shared@unit.example.tw"

    def staffed(months):
        return [{"name": "共用人員", "email": shared, "role": "pi", "person_months": Decimal(months)}]

    first = machinery_case(staff=staffed("4"))  # 8 calendar months, 0.5 a month
    second = machinery_case(staff=staffed("6"))  # 0.75 a month in the same months
    api_client.force_authenticate(second.counsellor)
    # while the first is a draft it does not count
    assert next(
        o for o in api_client.get(case_url(second)).json()["check"]["outcomes"] if o["rule"] == "person_month_limit"
    )["passed"]
    services.case_transition(actor=first.counsellor, case=first, action="submit")

    before = state(second)
    response = send(api_client, "post", action_url(second, "submit"), {})
    assert response.status_code == 400
    body = response.json()
    (limit,) = [o for o in body["outcomes"] if o["rule"] == "person_month_limit"]
    assert limit["passed"] is False and limit["level"] == "error"
    assert Decimal(str(limit["values"]["max_person_months_per_month"])) == Decimal("1.25")
    assert Decimal(str(limit["values"]["max"])) == 1
    assert limit["message"] in body["errors"]["check"]
    assert "1.25" in limit["message"]
    assert state(second) == before


def test_person_months_in_months_that_do_not_overlap_pass(api_client):
    shared = "shared@unit.example.tw"
    row = {"name": "共用人員", "email": shared, "role": "pi", "person_months": Decimal("4")}
    spring = {"start": datetime.date(2025, 3, 1), "end": datetime.date(2025, 6, 30)}
    autumn = {"start": datetime.date(2025, 7, 1), "end": datetime.date(2025, 10, 31)}
    first = machinery_case(staff=[row], period=spring)  # one person-month a month: at the limit
    services.case_transition(actor=first.counsellor, case=first, action="submit")
    second = machinery_case(staff=[row], period=autumn)
    api_client.force_authenticate(second.counsellor)
    response = send(api_client, "post", action_url(second, "submit"), {})
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    "lines, rules",
    [
        (
            [{"code": "direct_salary", "gov": 3_000_000, "self": 1_000_000}],  # 75 % government
            {"gov_share_max", "self_share_min"},
        ),
        (
            [{"code": "direct_salary", "gov": 1_400_000, "self": 600_000},
             {"code": "capital_equipment", "gov": 70_000, "self": 30_000}],
            {"no_capital_equipment"},
        ),
        (
            [{"code": "direct_salary", "gov": 4_200_000, "self": 1_800_000}],  # over both caps
            {"total_cap", "gov_cap"},
        ),
    ],
)  # fmt: skip
def test_a_budget_that_breaks_a_rule_is_refused_at_submit(api_client, lines, rules):
    case = machinery_case(budget={"lines": lines})
    api_client.force_authenticate(case.counsellor)
    before = state(case)
    response = send(api_client, "post", action_url(case, "submit"), {})
    assert response.status_code == 400
    failing = {o["rule"]: o for o in response.json()["outcomes"] if not o["passed"] and o["level"] == "error"}
    assert rules <= set(failing), sorted(failing)
    for rule in rules:
        assert failing[rule]["message"] in response.json()["errors"]["check"]
        assert any(isinstance(v, int) or any(c.isdigit() for c in str(v)) for v in failing[rule]["values"].values())
    assert state(case) == before
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT


# --- edits after submission ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"title": "改標題"},
        {"budget": {"lines": [{"code": "direct_salary", "gov": 1, "self": 1}]}},
        {"facts": {"site_visits": 9}},
        {"staff": []},
    ],
)
def test_an_edit_after_submission_is_409(api_client, draft, body):
    services.case_transition(actor=draft.counsellor, case=draft, action="submit")
    errors = assert_patch_refused(api_client, draft, body, "detail", status=409)
    assert errors["detail"]
    api_client.force_authenticate(draft.applicant)
    assert send(api_client, "patch", case_url(draft), body).status_code == 409


# --- shapes no service should ever see -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 100_000 + "]" * 100_000,  # deeper than the parser can follow
        '{"facts": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}",
        '{"facts": {"part1_work": ' + "[" * 5000 + "]" * 5000 + "}}",
        '{"title": ' + "[" * 1000 + "]" * 1000 + "}",
        "{bad json",
        '{"title": "x",}',
        "NaN",
        '{"budget": {"lines": [{"code": "direct_salary", "gov": NaN, "self": 1}]}}',
        '{"budget": {"lines": [{"code": "direct_salary", "gov": Infinity, "self": 1}]}}',
        '{"budget": {"lines": [{"code": "direct_salary", "gov": 1e999, "self": 1}]}}',
        "[]",
        '"title"',
        "null",
    ],
)
def test_malformed_or_deeply_nested_json_is_a_clear_400(api_client, applicant, draft, raw):
    for user, method, url, case in (
        (applicant, "post", CASES, None),
        (draft.counsellor, "patch", case_url(draft), draft),
    ):
        api_client.force_authenticate(user)
        before = state(case)
        response = send(api_client, method, url, raw)
        assert response.status_code == 400, (method, raw[:40], response.status_code)
        assert errors_of(response)
        assert state(case) == before


def test_a_huge_body_is_a_clear_400(api_client, applicant, settings):
    body = machinery_body(needs="需" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2))
    errors = assert_create_refused(api_client, applicant, body)
    assert errors


@pytest.mark.parametrize("size", [201, 5000])
def test_huge_lists_are_refused(api_client, draft, size):
    rows = [{"name": f"人員 {n}", "email": f"p{n}@x.tw", "person_months": "1"} for n in range(size)]
    assert_patch_refused(api_client, draft, {"staff": rows}, "staff")


JUNK = [None, True, 1.5, -1, 10**40, "\x00", "x" * 10_000, "", [], {}, [{"a": 1}], {"a": {"b": []}}]
FIELDS = [
    "edition",
    "company",
    "unit",
    "title",
    "period",
    "budget",
    "facts",
    "needs",
    "solution",
    "kpis",
    "checkpoints",
    "declarations",
    "staff",
]


@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_junk_in_any_field_is_never_a_500(api_client, draft, junk):
    """One field at a time replaced by junk: a 400 that changes nothing, or (where the junk happens to be a
    valid value, like a long text) an ordinary answer."""
    user = applicant_for()
    for field in FIELDS:
        api_client.force_authenticate(user)
        before = state()
        response = send(api_client, "post", CASES, machinery_body(**{field: junk}))
        assert response.status_code in (201, 400), (field, response.status_code)
        if response.status_code == 400:
            assert errors_of(response) and state() == before
        else:
            Case.objects.filter(pk=response.json()["id"]).delete()
        if field in ("edition", "company"):
            continue
        api_client.force_authenticate(draft.counsellor)
        before = state(draft)
        response = send(api_client, "patch", case_url(draft), {field: junk})
        assert response.status_code in (200, 400), (field, response.status_code)
        if response.status_code == 400:
            assert errors_of(response) and state(draft) == before


@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_junk_in_an_action_body_is_never_a_500(api_client, officer, junk):
    case = machinery_case()
    services.case_transition(actor=case.counsellor, case=case, action="submit")
    services.case_transition(actor=officer, case=case, action="start_screening")
    attempts = [
        (officer, "request_supplement", {"reason": junk, "items": ["plan"]}),
        (officer, "request_supplement", {"reason": "補件", "items": junk}),
        (officer, "request_supplement", {"reason": "補件", "items": [junk]}),
        (case.applicant, "withdraw", {"reason": junk}),
    ]
    for user, action, body in attempts:
        api_client.force_authenticate(user)
        before = state(case)
        response = send(api_client, "post", action_url(case, action), body)
        assert response.status_code == 400, (action, body, response.status_code)
        assert errors_of(response) and state(case) == before


# --- the application window ---------------------------------------------------------------------------------


def test_outside_the_application_window_nothing_is_filed(api_client, applicant, admin_user):
    """The programme office closes a call by publishing a version with the closing date: from then on no case
    is created or submitted, also none drafted under the earlier version."""
    from django.utils import timezone

    draft = machinery_case()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    closing = programme_services.edition_new_version(actor=admin_user, edition=draft.edition, note="收件截止")
    programme_services.edition_update_draft(actor=admin_user, edition=closing, data={"application_closes": yesterday})
    programme_services.edition_publish(actor=admin_user, edition=closing)

    errors = assert_create_refused(api_client, applicant, machinery_body(), "edition")
    assert str(yesterday.year - 1911) in errors["edition"][0]  # the closing date, as the ROC calendar writes it
    api_client.force_authenticate(draft.counsellor)
    before = state(draft)
    response = send(api_client, "post", action_url(draft, "submit"), {})
    assert response.status_code == 400
    (window,) = [o for o in response.json()["outcomes"] if o["rule"] == "application_window"]
    assert window["passed"] is False and window["values"]["closes"] == yesterday.isoformat()
    assert state(draft) == before


def test_a_call_without_a_published_version_takes_no_submission(api_client, admin_user):
    draft = machinery_case()
    programme_services.edition_retire(actor=admin_user, edition=draft.edition, note="停辦")
    api_client.force_authenticate(draft.counsellor)
    before = state(draft)
    response = send(api_client, "post", action_url(draft, "submit"), {})
    assert response.status_code == 400
    (window,) = [o for o in response.json()["outcomes"] if o["rule"] == "application_window"]
    assert window["passed"] is False and window["message"]
    assert state(draft) == before


# --- the pages: junk in any field is a form error, never a 500 ----------------------------------------------

PAGE_JUNK = [
    "\x00",
    "x" * 10_000,
    "-1",
    "1e309",
    "NaN",
    "<script>alert(1)</script>",
    "２０２５-０３-０１",
    "",
    "[]",
    "9" * 40,
]


def posted_fields(client, url: str) -> list[str]:
    """The names of the fields the page's form posts (what a browser would send)."""
    import re

    html = client.get(url).content.decode()
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html)) - {"csrfmiddlewaretoken"}
    assert names, url
    return sorted(names)


@pytest.mark.parametrize("junk", PAGE_JUNK, ids=repr)
def test_section_pages_survive_junk(client, draft, junk):
    from django.urls import reverse

    client.force_login(draft.counsellor)
    for section in section_codes(ruleset_for(draft.edition)):
        url = reverse("case-section", args=[draft.pk, section])
        fields = posted_fields(client, url)
        before = state(draft)
        response = client.post(url, dict.fromkeys(fields, junk))
        assert response.status_code in (200, 302), (section, response.status_code)
        if response.status_code == 200:
            assert state(draft) == before, section
        draft.refresh_from_db()


@pytest.mark.parametrize("junk", PAGE_JUNK, ids=repr)
def test_action_upload_and_preview_pages_survive_junk(client, junk):
    from django.urls import reverse

    draft = machinery_case(documents=False)  # its submission is refused: documents are missing
    client.force_login(draft.applicant)
    before = state(draft)
    for action in ("submit", "consent", "supplement", "start_screening", "explode"):
        response = client.post(reverse("case-action", args=[draft.pk, action]), {"reason": junk, "answer": junk})
        assert response.status_code in (200, 302, 403, 404), (action, response.status_code)
    response = client.post(reverse("case-document-upload", args=[draft.pk]), {"kind": junk, "file": junk})
    assert response.status_code == 302
    budget = {
        f"{line.code}-{side}": junk for line in ruleset_for(draft.edition).budget_lines for side in ("gov", "self")
    }
    assert client.post(reverse("case-budget-preview", args=[draft.pk]), budget).status_code == 200
    assert client.post(reverse("case-new"), {"edition": junk, "title": junk, "company_ubn": junk}).status_code == 200
    assert state(draft) == before
    response = client.post(reverse("case-action", args=[draft.pk, "withdraw"]), {"reason": junk})
    assert response.status_code in (200, 302)
    if junk in ("\x00", "", "x" * 10_000):  # not a reason: refused, nothing changed
        assert response.status_code == 200 and state(draft) == before
