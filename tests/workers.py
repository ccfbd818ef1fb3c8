"""Real Celery worker processes for the worker tests: started on the test database and Redis, on a queue
of their own, and stopped afterwards."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class WorkerProcess:
    queue: str
    name: str
    process: subprocess.Popen
    log: IO[str]

    def log_text(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def kill_pool_process(self) -> None:
        """SIGKILL the prefork pool's child, as an out-of-memory kill would, while the parent lives on."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        children = [int(p) for p in path.read_text().split()] if path.exists() else []
        assert children, "no pool process"
        os.kill(children[0], 9)

    def kill(self) -> None:
        """SIGKILL the whole worker, its pool's processes first: nothing of it can ack, reject or tidy up, and its
        unacknowledged message waits in Redis for the broker's visibility timeout (an hour)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for child in [int(p) for p in path.read_text().split()] if path.exists() else []:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        self.process.kill()
        self.process.wait(timeout=20)


def worker_database_url() -> str:
    """DATABASE_URL pointing at the test database pytest-django created."""
    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    return url._replace(path="/" + connection.settings_dict["NAME"]).geturl()


@contextmanager
def worker_running(
    *, log_path: Path, pool: str = "solo", extra_env: dict[str, str] | None = None, prefix: str = "test"
) -> Iterator[WorkerProcess]:
    """Start ``celery worker`` and route tasks sent without a queue to it until the block ends."""
    queue = f"{prefix}-{uuid.uuid4().hex[:8]}"
    name = f"{queue}@pytest"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DB_CONN_MAX_AGE": "0",
        "PORTAL_TESTING": "1",
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **(extra_env or {}),
    }
    pool_args = ["--pool=prefork", "--concurrency=1"] if pool == "prefork" else [f"--pool={pool}"]
    log = open(log_path, "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            *pool_args,
            "-Q",
            queue,
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker = WorkerProcess(queue=queue, name=name, process=process, log=log)
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(destination=[name], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Celery worker did not start:\n{worker.log_text()[-4000:]}")
        yield worker
    finally:
        celery_app.conf.task_default_queue = previous_queue
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
