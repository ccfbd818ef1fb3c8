"""The public working-day calendar: the due day of a deadline counted in government working days, and the
month around it with its days off and make-up working Saturdays — what a company counting a supplement
deadline wants to see. Stores nothing."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from portal import calendar, selectors, services
from portal.language import current_lang


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label=_("Day of the notice"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Counted as day 1 when it is a working day."),
    )
    working_days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=calendar.MAX_WORKING_DAYS)


def _month_asked(value: str) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return None
    return day if calendar.FIRST_DAY <= day <= calendar.LAST_DAY else None


def _shift(month: datetime.date, by: int) -> datetime.date | None:
    index = month.year * 12 + month.month - 1 + by
    shifted = datetime.date(index // 12, index % 12 + 1, 1)
    return shifted if calendar.FIRST_DAY <= shifted <= calendar.LAST_DAY else None


def _counted(start: datetime.date, due: datetime.date, month: list, overrides) -> dict[datetime.date, int]:
    """The number each working day of the shown month has in the count from ``start`` to ``due``."""
    numbers, number, day = {}, 0, start
    last = min(due, month[-1].day)
    while day <= last:
        if calendar.is_working_day(day, overrides):
            number += 1
            if day >= month[0].day:
                numbers[day] = number
        day += calendar.ONE_DAY
    return numbers


@require_GET
def working_day_calendar(request):
    form = DeadlineForm(request.GET or None)
    start = due = None
    if form.is_bound and form.is_valid():
        start, working_days = form.cleaned_data["start"], form.cleaned_data["working_days"]
        try:
            due = services.deadline_compute(start=start, working_days=working_days)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
            start = None
    month = _month_asked(request.GET.get("month", "")) or (due or timezone.localdate()).replace(day=1)
    month_end = _shift(month, 1) - calendar.ONE_DAY if _shift(month, 1) else calendar.LAST_DAY
    overrides = selectors.calendar_overrides_between(start=min(month, start or month), end=max(month_end, due or month))
    days = calendar.month_days(month.year, month.month, lang=current_lang(), overrides=overrides)
    counted = _counted(start, due, days, overrides) if due and start <= month_end and due >= month else {}
    weeks, week = [], [None] * days[0].day.weekday()
    for info in days:
        week.append({"info": info, "number": counted.get(info.day), "start": info.day == start, "due": info.day == due})
        if len(week) == 7:
            weeks.append(week)
            week = []
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    query = request.GET.copy()
    links = {}
    for name, target in (("previous", _shift(month, -1)), ("next", _shift(month, 1))):
        if target:
            query["month"] = target.strftime("%Y-%m")
            links[name] = "?" + query.urlencode()
    return render(
        request,
        "portal/calendar.html",
        {
            "form": form,
            "start": start,
            "due": due,
            "month": month,
            "month_name": MONTHS[month.month],
            "weeks": weeks,
            "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
            "links": links,
            "days_off": [d for d in days if d.kind in (calendar.HOLIDAY, calendar.MAKE_UP)],
        },
    )
