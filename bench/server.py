"""gunicorn on the loopback for the benchmarks: DEBUG off, the benchmark settings (bench/settings.py, with the
constant-JSON baseline), static files collected into a temporary folder, stopped when the block ends.

    with gunicorn(port=8101, workers=2, threads=1) as base_url: ...

DATABASE_URL and REDIS_URL are taken from the environment (the calculator rate limit is raised for the run)."""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def server_env(static_root: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        CALCULATOR_RATE="100000000/min",
        LOG_LEVEL="ERROR",
        STATIC_ROOT=static_root,
        CACHE_KEY_PREFIX="portal-bench",  # its own rate-limit counters, apart from a test run on the same Redis
    )
    return env


@contextmanager
def gunicorn(*, port: int, workers: int = 2, threads: int = 1):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (migrated) and REDIS_URL: the figures are about them.")
    # a SIGTERM (timeout, kill) still stops gunicorn: the block's finally runs
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    static_root = tempfile.mkdtemp(prefix="portal-bench-static-")
    env = server_env(static_root)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    log = Path(static_root) / "gunicorn.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                # more than one thread makes each worker a gthread worker (gunicorn's own rule)
                "--threads",
                str(threads),
                "--timeout",
                "60",
                "--backlog",
                "2048",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/bench/baseline/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(static_root, ignore_errors=True)
