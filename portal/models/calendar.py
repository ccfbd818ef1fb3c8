"""Administrator overrides of the government working-day calendar (``portal.calendar``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import calendar
from portal.audit import audited
from portal.validators import validate_calendar_day

from .organisations import TimeStamped


class OverrideKind(models.TextChoices):
    DAY_OFF = calendar.DAY_OFF, _("Day off")
    WORKING_DAY = calendar.WORKING_DAY, _("Working day")


@audited()
class CalendarOverride(TimeStamped):
    """One day that differs from the published calendar: an extra day off (a typhoon day, a newly
    announced holiday) or an extra working day. Overrides win over the ``holidays`` package."""

    date = models.DateField(
        _("date"),
        unique=True,
        validators=[validate_calendar_day],
        error_messages={"unique": _("This date already has a calendar override.")},
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OverrideKind.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in OverrideKind]), name="calendar_override_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
