"""With Redis stopped, and with PostgreSQL stopped (issue 15): a scripted walk of the pages and the API, in a
process of its own whose settings point at a port where nothing listens (a stopped server, without stopping the
machine's shared ones), gets no 500 and leaves no orphan job; the API answers with its JSON envelope; /healthz
says what is down."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token

from carbon.models import ImportJob, ReportJob
from portal.models import JobEvent, Role
from tests.applications.builders import machinery_case
from tests.carbon.factories import carbon_library_load, report_demo_inventory
from tests.carbon.imports.workbooks import GOOD_ROWS, xlsx
from tests.factories import UserFactory
from tests.workers import worker_database_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE = "背景服務暫時無法使用"
COMPANY = {
    "ubn": "22099131",
    "name": "鴻昇金屬",
    "registration": "company",
    "factory_registered": True,
    "industry_codes": ["2599"],
    "business_items": ["CA02"],
    "employees": 48,
    "paid_in_capital": 30000000,
    "net_worth": 12000000,
    "prc_capital": False,
    "bank_refused": False,
    "tax_arrears_3y": False,
    "pcc_refused": False,
    "serious_violation_3y": False,
    "site_in_roc": True,
}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_walk(walk: list[dict], **env) -> list[dict]:
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "PORTAL_TESTING": "1",
        "DATABASE_URL": worker_database_url(),
        "DB_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "WALK": json.dumps(walk),
        **env,
    }
    out = subprocess.run(
        [sys.executable, "-m", "tests.outage_walk"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def no_500(answers: list[dict]) -> list[str]:
    wrong = []
    for a in answers:
        where = f"{a['who']} {a['method'].upper()} {a['url']} → {a['status']}"
        if a["status"] >= 500 and a["status"] != 503:
            wrong.append(where)
        envelope = a["type"].startswith("application/json") and a["body"].startswith('{"errors":')
        if a["url"].startswith("/api/v1/") and a["status"] >= 400 and not envelope:
            wrong.append(f"{where}: not the JSON envelope: {a['body'][:100]}")
    return wrong


@pytest.fixture
def world(seeded, tmp_path):
    carbon_library_load()
    case = machinery_case(consent=False, documents=False)
    applicant = case.applicant
    inventory = report_demo_inventory(company=applicant.company)
    users = {
        "applicant": applicant,
        "counsellor": case.counsellor,
        **{r.value: UserFactory(role=r) for r in (Role.REVIEWER, Role.OFFICER, Role.ADMIN)},
    }
    workbook = tmp_path / "activity.xlsx"
    workbook.write_bytes(xlsx(GOOD_ROWS))
    return {
        "case": case,
        "inventory": inventory,
        "users": users,
        "workbook": workbook,
        "tokens": {who: Token.objects.create(user=u).key for who, u in users.items()},
    }


def pages(world) -> list[str]:
    case, inventory = world["case"], world["inventory"]
    company, unit = case.company_id, case.unit_id
    return [
        "/",
        "/dashboard/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password-reset/",
        "/programmes/",
        "/programmes/machinery-2025/",
        "/programmes/machinery-2025/budget/",
        "/screener/",
        "/units/",
        f"/units/{unit}/",
        f"/units/{unit}/edit/",
        "/companies/",
        f"/companies/{company}/",
        f"/companies/{company}/edit/",
        "/company/",
        "/audit/",
        "/carbon/factors/",
        "/carbon/inventories/",
        f"/carbon/inventories/{inventory.pk}/",
        f"/carbon/inventories/{inventory.pk}/reports/",
        f"/carbon/inventories/{inventory.pk}/import/",
        "/cases/",
        "/cases/new/",
        f"/cases/{case.pk}/",
        "/office/cases/",
        f"/office/cases/{case.pk}/screening/",
        "/staff/editions/",
        "/api/docs/",
    ]


def api_calls(world, token: str | None) -> list[dict]:
    case = world["case"]
    calls = [
        {"url": "/api/v1/me/"},
        {"url": "/api/v1/cases/"},
        {"url": f"/api/v1/cases/{case.pk}/"},
        {"url": "/api/v1/companies/"},
        {"url": "/api/v1/counselling-units/"},
        {"url": "/api/v1/editions/"},
        {"url": "/api/v1/calendar/deadline/?start=2025-01-24&working_days=10"},
        {"url": "/api/v1/screening/", "method": "post", "json": {"company": COMPANY, "editions": ["machinery-2025"]}},
        {"url": "/api/v1/auth/token/", "method": "post", "json": {"email": "nobody@example.tw", "password": "x"}},
        {"url": f"/api/v1/cases/{case.pk}/", "method": "patch", "json": {"title": "停電中的修改"}},
        {"url": "/api/v1/no-such-endpoint/"},
    ]
    return [{**call, "token": token} for call in calls]


def the_walk(world, *, signed_in: bool) -> list[dict]:
    walk = [{"url": url} for url in pages(world)] + api_calls(world, None)
    if not signed_in:
        return walk + api_calls(world, world["tokens"]["applicant"])
    inventory = world["inventory"]
    for who, user in world["users"].items():
        walk += [{"url": url, "user": user.pk, "who": who} for url in pages(world)]
        walk += [{**call, "who": who} for call in api_calls(world, world["tokens"][who])]
    applicant = world["users"]["applicant"].pk
    walk += [  # what would start background work, or needs Redis
        {"url": f"/carbon/inventories/{inventory.pk}/reports/", "method": "post", "user": applicant, "htmx": True},
        {"url": f"/carbon/inventories/{inventory.pk}/reports/", "method": "post", "user": applicant},
        {
            "url": f"/carbon/inventories/{inventory.pk}/import/",
            "method": "post",
            "user": applicant,
            "htmx": True,
            "files": {"workbook": str(world["workbook"])},
        },
        {"url": "/accounts/password-reset/", "method": "post", "data": {"email": world["users"]["applicant"].email}},
        {"url": f"/cases/{world['case'].pk}/actions/withdraw/", "method": "post", "user": applicant},
    ]
    return walk + [{"url": "/healthz"}]


def test_with_redis_stopped_nothing_is_a_500_and_no_job_is_left(world):
    answers = run_walk(
        the_walk(world, signed_in=True),
        REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0",
        WALK_FIND=json.dumps([UNAVAILABLE]),
    )
    assert len(answers) > 200
    assert not no_500(answers), "\n".join(no_500(answers))
    assert (ReportJob.objects.count(), ImportJob.objects.count(), JobEvent.objects.count()) == (0, 0, 0)
    told = [a["url"] for a in answers if a["method"] == "post" and UNAVAILABLE in a["found"]]
    inventory = world["inventory"].pk
    assert told == [
        f"/carbon/inventories/{inventory}/reports/",
        f"/carbon/inventories/{inventory}/import/",
        "/accounts/password-reset/",
    ]
    calculators = [a for a in answers if a["url"] == "/api/v1/screening/"]
    assert {a["status"] for a in calculators} == {200}  # the rate limit failed open
    health = answers[-1]
    assert health["status"] == 503 and json.loads(health["body"])["checks"] == {"database": "ok", "redis": "error"}


def test_with_postgresql_stopped_pages_say_503_and_the_api_its_envelope(world):
    answers = run_walk(
        the_walk(world, signed_in=False) + [{"url": "/healthz"}],
        DATABASE_URL=f"postgres://postgres:postgres@127.0.0.1:{closed_port()}/portal",
        WALK_FIND=json.dumps(["資料庫暫時無法連線"]),
    )
    assert not no_500(answers), "\n".join(no_500(answers))
    down = [a for a in answers if a["status"] == 503]
    assert len(down) >= 10  # the others redirect to the sign-in page or answer 401, neither needing the database
    pages_down = [a for a in down if not a["url"].startswith("/api/v1/") and a["url"] != "/healthz"]
    assert pages_down and all(a["found"] == ["資料庫暫時無法連線"] for a in pages_down)
    api_down = [a for a in down if a["url"].startswith("/api/v1/")]
    assert api_down and all(a["type"] == "application/json" for a in api_down)
    health = answers[-1]
    assert health["status"] == 503 and json.loads(health["body"])["checks"]["database"] == "error"
