"""No double payment: 50 release requests for one instalment, fired at once from 50 threads over real HTTP at
the live server (each request its own thread and its own PostgreSQL connection), release it exactly once —
one 200, forty-nine 409 — and the database holds one release. Also the database's own guards, whatever code
or SQL tries."""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import IntegrityError, connection, transaction
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from rest_framework.authtoken.models import Token

from disbursements.models import Instalment, Release
from programs.models import RuleEvaluation
from tests.disbursements.builders import contracted, machinery_approved, officer, release

REQUESTS = 50


class _WideServer(ThreadedWSGIServer):
    """Django's threaded test server, with room for every connection of the burst in its listen queue (the
    default of 10 would make the kernel refuse the rest before any reached Django)."""

    request_queue_size = 128


class _ServerThread(LiveServerThread):
    server_class = _WideServer


@pytest.fixture
def burst_server(transactional_db):
    thread = _ServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def _post(url: str, token: str) -> int:
    request = urllib.request.Request(
        url,
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", "Accept-Language": "en"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_releases_pay_one_instalment_once(burst_server, seeded):
    assert connection.vendor == "postgresql"
    office = officer()
    case = contracted(machinery_approved(), office)
    token = Token.objects.create(user=office).key
    url = f"{burst_server}/api/v1/cases/{case.pk}/instalments/1/release/"
    start = threading.Barrier(REQUESTS)
    statuses: list[int] = []
    lock = threading.Lock()

    def fire():
        start.wait()
        status = _post(url, token)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=fire) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert sorted(statuses) == [200] + [409] * (REQUESTS - 1), statuses
    assert Release.objects.filter(case=case).count() == 1
    assert Release.objects.get(case=case).amount == 1_400_000
    assert Instalment.objects.get(case=case, no=1).status == "released"
    assert RuleEvaluation.objects.filter(purpose="instalment_release").count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_release_or_a_changed_one():
    office = officer()
    case = contracted(machinery_approved(), office)
    first = release(case, office, 1)
    evaluation = RuleEvaluation.objects.get(pk=first.evaluation_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.create(
            instalment=first.instalment, case=case, amount=1, released_by=office, evaluation=evaluation
        )
    with pytest.raises(Exception, match="cannot be changed"), transaction.atomic():
        Release.objects.filter(pk=first.pk).update(amount=2_000_000)
    with pytest.raises(Exception, match="cannot be changed"), transaction.atomic():
        Release.objects.filter(pk=first.pk).delete()
    second = Instalment.objects.get(case=case, no=2)
    with pytest.raises(Exception, match="exceeds"), transaction.atomic():
        Release.objects.create(
            instalment=second, case=case, amount=1_400_001, released_by=office, evaluation=evaluation
        )
    assert json.dumps(list(Release.objects.values_list("amount", flat=True))) == "[1400000]"
