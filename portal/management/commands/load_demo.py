"""Load the demo data of every app: each app of the project may have a ``demo.py`` with ``load_demo()``,
which creates what is missing (running it twice changes nothing) and returns the logins it made as
(role, email, password). Apps are run in INSTALLED_APPS order, so an app's demo data may build on that of
the apps before it; portal never names them (a lower floor does not import a higher one).

With ``--cases`` (``scripts/run.sh`` asks for them), each app's ``load_demo_cases()`` runs after every
``load_demo()``, in the same order: applications drafts and screens the demo cases, reviews scores and
decides them, disbursements contracts and pays them — each through the services, each step taken only from
the status before it, so loading again changes nothing. Without it the demo has no cases (cases-api.md)."""

import importlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

Login = tuple[str, str, str]


def demo_loaders(name: str = "load_demo") -> list[tuple[str, Callable[[], list[Login] | None]]]:
    """(app label, ``name``) of each project app whose ``demo`` module has it, in INSTALLED_APPS order."""
    loaders = []
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != Path(settings.BASE_DIR).resolve():
            continue  # Django's and third-party apps: the project's apps are the folders beside manage.py
        if importlib.util.find_spec(f"{config.name}.demo") is None:
            continue
        module = importlib.import_module(f"{config.name}.demo")
        if hasattr(module, name):
            loaders.append((config.label, getattr(module, name)))
    return loaders


class Command(BaseCommand):
    help = "Load the demo data of every app: office, counselling units, companies, one user per role, and more."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow loading demo users with DEBUG off.")
        parser.add_argument(
            "--cases",
            action="store_true",
            help="Also the demo cases: a draft, one in screening, one under review, "
            "one in progress with an instalment paid, one closed.",
        )
        parser.add_argument(
            "--url",
            default=f"http://{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}/",
            help="Where the portal is served, for the login address printed (default from HOST and PORT).",
        )

    def handle(self, *args, force: bool = False, cases: bool = False, url: str = "", **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo users have a published password: refusing with DEBUG off (use --force).")
        logins: list[Login] = []
        with translation.override("zh-hant"), transaction.atomic():
            for _label, load in demo_loaders():
                logins.extend(load() or [])
            for _label, load in demo_loaders("load_demo_cases") if cases else []:
                load()
        login = urljoin(url, reverse("login"))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {login} as:"))
        width = max((len(email) for _, email, _ in logins), default=0)
        for role, email, password in logins:
            self.stdout.write(f"  {email.ljust(width)}  {password}  ({role})")
