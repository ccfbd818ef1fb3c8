"""The public working-day calendar page: the due day of a deadline, the month with its days off and make-up
working Saturdays, the administrators' overrides, bad input as form errors."""

import datetime
import re

import factory
import pytest

from tests.factories import CalendarOverrideFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def cells(html: str) -> dict[int, str]:
    """Day of the month → the classes of its cell."""
    return {
        int(day): classes
        for classes, day in re.findall(r'<td class="day ([^"]+)"[^>]*>\s*<span class="date">(\d+)', html)
    }


def test_the_page_is_public_and_shows_this_month(client):
    response = client.get("/calendar/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "工作天" in html and 'id="deadline-result"' not in html
    assert len(cells(html)) >= 28


def test_ten_working_days_over_the_lunar_new_year(client):
    html = client.get("/calendar/", {"start": "2025-01-24", "working_days": "10"}).content.decode()
    assert "民國 114 年 2 月 12 日" in html and "民國 114 年 2 月" in html
    february = cells(html)
    assert "make_up" in february[8]  # Saturday 8 February 2025 is a make-up working day
    assert "due" in february[12] and "weekend" in february[9] and "holiday" in february[28]
    assert ">#10</span>" in html and "補行上班日" in html and "和平紀念日" in html
    january = cells(
        client.get("/calendar/", {"start": "2025-01-24", "working_days": "10", "month": "2025-01"}).content.decode()
    )
    assert all("holiday" in january[d] for d in (27, 28, 29, 30, 31)) and "start" in january[24]


def test_an_administrator_s_day_off_moves_the_due_day_and_is_marked(client):
    CalendarOverrideFactory(date=datetime.date(2025, 2, 10), kind="day_off")
    html = client.get("/calendar/", {"start": "2025-01-24", "working_days": "10"}).content.decode()
    assert "民國 114 年 2 月 13 日" in html and "holiday" in cells(html)[10]
    assert "計畫辦公室設定" in html


def test_in_english_the_days_are_named_in_english(client):
    client.post("/i18n/setlang/", {"language": "en"})
    html = client.get("/calendar/", {"start": "2025-01-24", "working_days": "10"}).content.decode()
    assert "12 February 2025 (ROC 114)" in html and "February 2025" in html
    assert "Peace Memorial Day" in html and "make-up working day" in html and "和平紀念日" not in html


@pytest.mark.parametrize(
    ("query", "field"),
    [({"start": "24/01/2025", "working_days": "10"}, "start"), ({"start": "2025-01-24", "working_days": "0"}, "working_days"),  # noqa: E501
     ({"start": "1990-01-01", "working_days": "10"}, "start"), ({"start": "2100-12-20", "working_days": "300"}, "working_days"),  # noqa: E501
     ({"start": "2025-01-24", "working_days": "x", "month": "garbage"}, "working_days")],
)  # fmt: skip
def test_bad_input_is_a_form_error(client, query, field):
    response = client.get("/calendar/", query)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert 'id="deadline-result"' not in response.content.decode()


def test_the_page_reads_the_overrides_in_a_constant_number_of_queries(client):
    query = {"start": "2025-01-24", "working_days": "10"}
    few, _ = count_queries(lambda: client.get("/calendar/", query))
    february = datetime.date(2025, 2, 1)
    CalendarOverrideFactory.create_batch(20, date=factory.Sequence(lambda n: february + datetime.timedelta(days=n)))
    many, _ = count_queries(lambda: client.get("/calendar/", query))
    assert few == many
