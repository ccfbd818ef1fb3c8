"""The government working-day calendar: the pure rules, overrides through the service, the public
deadline endpoint (happy path, bad input, nothing stored, anonymous, throttled) and its query count."""

import datetime
import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import calendar, services
from portal.calendar import DAY_OFF, WORKING_DAY, OutsideCalendar, deadline_due, is_working_day
from portal.models import AuditEvent, CalendarOverride
from portal.selectors import calendar_overrides_between
from tests.factories import CalendarOverrideFactory
from tests.helpers import count_queries

D = datetime.date
URL = "/api/v1/calendar/deadline/"


# --- the pure rules (no database) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 1, 24), True),  # Friday before the Lunar New Year break
        (D(2025, 1, 25), False),  # Saturday
        (D(2025, 1, 27), False),  # bridge day off, made up on 2025-02-08
        (D(2025, 1, 29), False),  # 春節
        (D(2025, 2, 8), True),  # make-up working Saturday
        (D(2025, 2, 15), False),  # ordinary Saturday
        (D(2025, 2, 28), False),  # 和平紀念日
        (D(2025, 10, 24), False),  # observed day of 10/25 (Saturday)
        (D(2014, 12, 27), True),  # make-up Saturday for 2015-01-02, a year earlier
    ],
)
def test_is_working_day_follows_the_government_calendar(day, working):
    assert is_working_day(day) is working
    assert is_working_day(day, {}) is working


def test_make_up_saturdays_come_from_the_package():
    assert D(2025, 2, 8) in calendar.government_holidays(2025, 2025).weekend_workdays


def test_overrides_win_over_the_package():
    assert is_working_day(D(2025, 1, 27), {D(2025, 1, 27): WORKING_DAY})
    assert not is_working_day(D(2025, 2, 8), {D(2025, 2, 8): DAY_OFF})
    assert not is_working_day(D(2025, 3, 5), {D(2025, 3, 5): DAY_OFF})  # a typhoon Wednesday
    assert is_working_day(D(2025, 3, 8), {D(2025, 3, 8): WORKING_DAY})  # an ordinary Saturday


def test_holidays_objects_are_cached_per_year_range():
    assert calendar.government_holidays(2020, 2029) is calendar.government_holidays(2020, 2029)
    before = calendar.government_holidays.cache_info().hits
    deadline_due(start=D(2025, 1, 2), working_days=300)
    assert calendar.government_holidays.cache_info().hits > before


def test_the_lunar_new_year_example():
    # 1/24 is day 1; 1/27–1/31 are off; Saturday 2/8 is a make-up working day.
    assert deadline_due(start=D(2025, 1, 24), working_days=10, overrides={}) == D(2025, 2, 12)


@pytest.mark.parametrize(
    ("start", "working_days", "due"),
    [
        (D(2025, 1, 28), 1, D(2025, 2, 3)),  # starts on 農曆除夕: counting starts at the next working day
        (D(2025, 1, 28), 3, D(2025, 2, 5)),
        (D(2025, 2, 8), 1, D(2025, 2, 8)),  # a make-up Saturday is day 1
        (D(2025, 2, 8), 2, D(2025, 2, 10)),
        (D(2025, 3, 5), 1, D(2025, 3, 5)),  # working_days=1 on a working day is that day
        (D(2025, 3, 8), 1, D(2025, 3, 10)),  # ... and on a Saturday the next Monday
        (D(2019, 12, 31), 2, D(2020, 1, 2)),  # across a year (and cache block) boundary, past New Year's Day
        # December 2025 has 22 working days (12/25 off), January 2026 has 21 (1/1 off) and February 2026
        # 14 before 2/27 (2/16–2/20 Lunar New Year, 2/27 observed for Saturday 2/28).
        (D(2025, 12, 1), 23, D(2026, 1, 2)),
        (D(2025, 12, 1), 43, D(2026, 1, 30)),
        (D(2025, 12, 1), 57, D(2026, 2, 26)),
    ],
)
def test_deadline_due(start, working_days, due):
    assert deadline_due(start=start, working_days=working_days, overrides={}) == due


def test_deadline_due_with_an_override_day_off_and_working_day():
    start = D(2025, 1, 24)
    assert deadline_due(start=start, working_days=10, overrides={D(2025, 2, 10): DAY_OFF}) == D(2025, 2, 13)
    assert deadline_due(start=start, working_days=10, overrides={D(2025, 1, 27): WORKING_DAY}) == D(2025, 2, 11)
    # an override day off on the start day moves day 1 to the next working day
    assert deadline_due(start=start, working_days=1, overrides={start: DAY_OFF}) == D(2025, 2, 3)


def test_a_large_count_spans_years():
    due = deadline_due(start=D(2025, 1, 2), working_days=calendar.MAX_WORKING_DAYS, overrides={})
    assert D(2039, 1, 1) < due < D(2040, 12, 31)
    assert is_working_day(due)
    assert deadline_due(start=D(2025, 1, 2), working_days=calendar.MAX_WORKING_DAYS - 1) < due


def test_the_pure_function_refuses_what_it_cannot_answer():
    with pytest.raises(ValueError):
        deadline_due(start=D(2025, 1, 2), working_days=0)
    with pytest.raises(OutsideCalendar):
        deadline_due(start=D(1997, 12, 31), working_days=1)
    with pytest.raises(OutsideCalendar):
        deadline_due(start=D(2100, 6, 1), working_days=calendar.MAX_WORKING_DAYS)
    with pytest.raises(OutsideCalendar):
        is_working_day(D(2101, 1, 3))


# --- the model, its permissions and the service ------------------------------------------------------


@pytest.mark.django_db
def test_overrides_change_the_deadline_through_the_service():
    start = D(2025, 1, 24)
    assert services.deadline_compute(start=start, working_days=10) == D(2025, 2, 12)
    typhoon = CalendarOverrideFactory(date=D(2025, 2, 10), kind=DAY_OFF, reason="颱風停止上班")
    assert services.deadline_compute(start=start, working_days=10) == D(2025, 2, 13)
    CalendarOverrideFactory(date=D(2025, 1, 27), kind=WORKING_DAY, reason="補行上班")
    assert services.deadline_compute(start=start, working_days=10) == D(2025, 2, 12)
    typhoon.delete()
    assert services.deadline_compute(start=start, working_days=10) == D(2025, 2, 11)
    CalendarOverrideFactory(date=D(2025, 1, 23), kind=DAY_OFF)  # before the start: no effect
    assert services.deadline_compute(start=start, working_days=10) == D(2025, 2, 11)


@pytest.mark.django_db
def test_the_selector_returns_the_overrides_in_range_in_one_query():
    CalendarOverrideFactory(date=D(2025, 2, 10), kind=DAY_OFF)
    CalendarOverrideFactory(date=D(2025, 2, 15), kind=WORKING_DAY)
    CalendarOverrideFactory(date=D(2025, 3, 1), kind=DAY_OFF)
    queries, overrides = count_queries(lambda: calendar_overrides_between(start=D(2025, 2, 10), end=D(2025, 2, 28)))
    assert queries == 1
    assert overrides == {D(2025, 2, 10): DAY_OFF, D(2025, 2, 15): WORKING_DAY}


@pytest.mark.django_db
def test_the_service_loads_more_overrides_when_they_push_the_deadline_past_its_range():
    start = D(2030, 1, 1)
    CalendarOverride.objects.bulk_create(
        CalendarOverride(date=start + datetime.timedelta(days=n), kind=DAY_OFF, reason="停止上班") for n in range(90)
    )
    first_working = D(2030, 4, 1)  # Monday after the 90 days off (1/1–3/31)
    assert services.deadline_compute(start=start, working_days=1) == first_working
    assert services.deadline_compute(start=start, working_days=2) == D(2030, 4, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("working_days", [1, 10, 250, calendar.MAX_WORKING_DAYS])
def test_the_service_runs_one_query_whatever_the_count(working_days):
    CalendarOverrideFactory.create_batch(5)
    queries, due = count_queries(lambda: services.deadline_compute(start=D(2025, 1, 24), working_days=working_days))
    assert queries == 1
    assert due >= D(2025, 1, 24)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "working_days", "field"),
    [
        (D(1997, 12, 31), 10, "start"),
        (D(2101, 1, 1), 10, "start"),
        (D(2025, 1, 24), 0, "working_days"),
        (D(2025, 1, 24), calendar.MAX_WORKING_DAYS + 1, "working_days"),
        (D(2100, 6, 1), calendar.MAX_WORKING_DAYS, "working_days"),  # would be due after 2100
    ],
)
def test_the_service_refuses_what_the_calendar_cannot_answer(start, working_days, field):
    with pytest.raises(ValidationError) as caught:
        services.deadline_compute(start=start, working_days=working_days)
    assert set(caught.value.message_dict) == {field}


@pytest.mark.django_db
def test_an_override_is_validated_and_audited(admin_user):
    override = CalendarOverride(date=D(2025, 7, 7), kind=DAY_OFF, reason="颱風停止上班")
    override.full_clean()
    override.save()
    assert AuditEvent.objects.filter(table_name="portal_calendaroverride", object_id=str(override.pk)).exists()
    with pytest.raises(ValidationError) as caught:
        CalendarOverride(date=D(2025, 7, 7), kind=WORKING_DAY, reason="x").full_clean()
    assert "date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        CalendarOverride(date=D(2200, 1, 1), kind="holiday", reason="").full_clean()
    assert set(caught.value.message_dict) == {"date", "kind", "reason"}


@pytest.mark.django_db
def test_only_admins_keep_the_overrides(admin_user, officer, applicant, counsellor, reviewer):
    from django.contrib.auth.models import AnonymousUser

    override = CalendarOverrideFactory()
    for user in (admin_user, officer, applicant, counsellor, reviewer):
        assert user.has_perm("portal.view_calendaroverride", override)
    for user in (officer, applicant, counsellor, reviewer):
        for verb in ("add", "change", "delete"):
            assert not user.has_perm(f"portal.{verb}_calendaroverride", override)
    for verb in ("add", "change", "delete"):
        assert admin_user.has_perm(f"portal.{verb}_calendaroverride", override)
    assert not AnonymousUser().has_perm("portal.view_calendaroverride", override)


@pytest.mark.django_db
def test_admin_site_lists_and_adds_overrides(client, admin_user):
    CalendarOverrideFactory(reason="颱風停止上班")
    client.force_login(admin_user)
    assert "颱風停止上班" in client.get("/admin/portal/calendaroverride/").content.decode()
    response = client.post(
        "/admin/portal/calendaroverride/add/", {"date": "2025-07-07", "kind": DAY_OFF, "reason": "颱風停止上班"}
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.filter(date=D(2025, 7, 7), kind=DAY_OFF).exists()


# --- the public endpoint ------------------------------------------------------------------------------


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


@pytest.mark.django_db
def test_deadline_endpoint(api_client):
    response = api_client.get(URL, {"start": "2025-01-24", "working_days": "10"})
    assert response.status_code == 200, response.content
    assert response.json() == {"start": "2025-01-24", "working_days": 10, "due": "2025-02-12"}


@pytest.mark.django_db
def test_deadline_endpoint_uses_the_overrides(api_client):
    CalendarOverrideFactory(date=D(2025, 2, 10), kind=DAY_OFF)
    response = api_client.get(URL, {"start": "2025-01-24", "working_days": "10"})
    assert response.json()["due"] == "2025-02-13"


@pytest.mark.django_db
def test_deadline_endpoint_is_anonymous_and_ignores_credentials(api_client, applicant):
    assert api_client.get(URL, {"start": "2025-02-08", "working_days": "1"}).json()["due"] == "2025-02-08"
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get(URL, {"start": "2025-02-08", "working_days": "1"}).status_code == 200


@pytest.mark.django_db
def test_deadline_endpoint_stores_nothing(api_client):
    CalendarOverrideFactory(date=D(2025, 2, 10), kind=DAY_OFF)
    events, overrides = AuditEvent.objects.count(), CalendarOverride.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        assert api_client.get(URL, {"start": "2025-01-24", "working_days": "10"}).status_code == 200
        assert api_client.get(URL, {"start": "nope", "working_days": "10"}).status_code == 400
    assert _writes(ctx.captured_queries) == []
    assert (AuditEvent.objects.count(), CalendarOverride.objects.count()) == (events, overrides)


@pytest.mark.django_db
def test_deadline_endpoint_queries_do_not_grow_with_the_count(api_client):
    CalendarOverrideFactory.create_batch(3)
    counts = []
    for working_days in (1, calendar.MAX_WORKING_DAYS):
        queries, response = count_queries(
            lambda n=working_days: api_client.get(URL, {"start": "2025-01-24", "working_days": n})
        )
        assert response.status_code == 200
        counts.append(queries)
    assert counts[0] == counts[1]


LONG = "9" * 5000


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({}, {"start", "working_days"}),
        ({"working_days": "10"}, {"start"}),
        ({"start": "", "working_days": "10"}, {"start"}),
        ({"start": "2025-13-01", "working_days": "10"}, {"start"}),
        ({"start": "2025-02-30", "working_days": "10"}, {"start"}),
        ({"start": "24/01/2025", "working_days": "10"}, {"start"}),
        ({"start": "2025-01-24T00:00:00", "working_days": "10"}, {"start"}),
        ({"start": "\x00", "working_days": "10"}, {"start"}),
        ({"start": LONG, "working_days": "10"}, {"start"}),
        ({"start": "1997-12-31", "working_days": "10"}, {"start"}),
        ({"start": "0001-01-01", "working_days": "10"}, {"start"}),
        ({"start": "2101-01-01", "working_days": "10"}, {"start"}),
        ({"start": "2025-01-24"}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": ""}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": "ten"}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": "1.5"}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": "1e3"}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": "NaN"}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": "0"}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": "-1"}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": "3651"}, {"working_days"}),
        ({"start": "2025-01-24", "working_days": LONG}, {"working_days"}),
        ({"start": "1990-01-01", "working_days": "0"}, {"start", "working_days"}),
        ({"start": "2100-06-01", "working_days": "3650"}, {"working_days"}),  # due after the calendar ends
    ],
)
def test_deadline_endpoint_bad_input(api_client, params, fields):
    response = api_client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body) == ["errors"]
    assert set(body["errors"]) == fields
    for messages in body["errors"].values():
        assert messages
        assert all(isinstance(m, str) and m for m in messages)


@pytest.mark.django_db
def test_deadline_endpoint_messages_say_the_limits(api_client):
    errors = api_client.get(URL, {"start": "1990-01-01", "working_days": "3651"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert str(calendar.MAX_WORKING_DAYS) in errors["errors"]["working_days"][0]
    assert "1998-01-01" in errors["errors"]["start"][0]
    assert "2100-12-31" in errors["errors"]["start"][0]


@pytest.mark.django_db
def test_deadline_endpoint_is_throttled(api_client):
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["calculator"].split("/")[0])
    for _ in range(limit):
        assert api_client.get(URL, {"start": "2025-01-24", "working_days": "1"}).status_code == 200
    response = api_client.get(URL, {"start": "2025-01-24", "working_days": "1"})
    assert response.status_code == 429
    assert list(response.json()["errors"]) == ["detail"]


@pytest.mark.django_db
def test_deadline_endpoint_is_in_the_schema(client):
    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    operation = schema["paths"]["/api/v1/calendar/deadline/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["start"]["required"] and parameters["working_days"]["required"]
    assert parameters["working_days"]["schema"]["maximum"] == calendar.MAX_WORKING_DAYS
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/Deadline"}
    assert set(schema["components"]["schemas"]["Deadline"]["properties"]) == {"start", "working_days", "due"}
