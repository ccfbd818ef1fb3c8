"""Users and their roles. A user's organisation follows from the role (design.md)."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import audited

from .organisations import Company, CounsellingUnit, ProgrammeOffice


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (manufacturer)")
    COUNSELLOR = "counsellor", _("Counsellor (counselling unit)")
    REVIEWER = "reviewer", _("Reviewer")
    OFFICER = "officer", _("Programme officer")
    ADMIN = "admin", _("Programme administrator")
    ACCOUNTANT = "accountant", _("Accountant (expense audit)")


OFFICE_ROLES = (Role.OFFICER, Role.ADMIN)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", fields.get("role") == Role.ADMIN)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("full_name", "Administrator")
        fields["is_staff"] = True
        fields["is_superuser"] = True
        if fields["role"] in OFFICE_ROLES and not fields.get("programme_office"):
            fields["programme_office"] = ProgrammeOffice.objects.order_by("id").first() or (
                ProgrammeOffice.objects.create(name="Programme office")
            )
        return self._create_user(email, password, **fields)


@audited(ignore=("last_login",), mask=("password",))
class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, db_index=True)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("company")
    )
    counselling_unit = models.ForeignKey(
        CounsellingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("counselling unit"),
    )
    programme_office = models.ForeignKey(
        ProgrammeOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("programme office"),
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(condition=Q(role__in=[r.value for r in Role]), name="user_role_known"),
            models.CheckConstraint(
                name="user_organisation_matches_role",
                violation_error_message=_(
                    "The organisation must match the role: an applicant belongs to a company, a counsellor to a "
                    "counselling unit, officers and administrators to the programme office, a reviewer or an external "
                    "accountant to none."
                ),
                condition=(
                    Q(
                        role=Role.APPLICANT,
                        company__isnull=False,
                        counselling_unit__isnull=True,
                        programme_office__isnull=True,
                    )
                    | Q(
                        role=Role.COUNSELLOR,
                        company__isnull=True,
                        counselling_unit__isnull=False,
                        programme_office__isnull=True,
                    )
                    | Q(
                        role__in=[Role.REVIEWER, Role.ACCOUNTANT],
                        company__isnull=True,
                        counselling_unit__isnull=True,
                        programme_office__isnull=True,
                    )
                    | Q(
                        role__in=[Role.OFFICER, Role.ADMIN],
                        company__isnull=True,
                        counselling_unit__isnull=True,
                        programme_office__isnull=False,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def organisation(self):
        return self.company or self.counselling_unit or self.programme_office

    @property
    def is_office(self) -> bool:
        return self.role in OFFICE_ROLES
