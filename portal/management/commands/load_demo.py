from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from portal.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo programme office, counselling units, companies and one user per role."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow loading demo users with DEBUG off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo users have a published password: refusing with DEBUG off (use --force).")
        with translation.override("zh-hant"):
            logins = demo_load()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/accounts/login/ as:"))
        width = max(len(email) for _, email, _ in logins)
        for role, email, password in logins:
            self.stdout.write(f"  {email.ljust(width)}  {password}  ({role})")
