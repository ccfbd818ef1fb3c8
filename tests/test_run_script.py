"""``./scripts/run.sh`` as a first-time user starts it — the embedded default (SQLite, no DATABASE_URL) and a
REDIS_URL where no Redis answers yet: it starts Redis and a Celery worker beside the web server, a report asked
for in Chromium comes back at once and its progress shows until the download appears, and stopping the script
stops every process it started."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from contextlib import closing, suppress
from pathlib import Path

import pytest

from portal.demo import DEMO_APPLICANT, DEMO_PASSWORD

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def process_tree(pid: int) -> set[int]:
    """``pid`` and its descendants, from /proc."""
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = task / "children"
            if children.exists():
                todo.extend(int(c) for c in children.read_text().split())
    return found


def command_lines(pids: set[int]) -> dict[int, str]:
    """Each live process's command line; a short-lived child (a shell's subcommand) may be gone between the look
    at the tree and the read of its command line, and is left out."""
    found = {}
    for pid in pids:
        try:
            found[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def stop_everything(process: subprocess.Popen) -> None:
    """After a test that failed before stopping run.sh: stop it as a person would (its trap stops its children),
    then kill whatever is left — each child runs in a session of its own, which killing run.sh's group misses."""
    if process.poll() is not None:
        return
    tree = process_tree(process.pid)
    process.terminate()
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=60)
    for pid in tree:
        if alive(pid):
            with suppress(OSError):
                os.killpg(pid, signal.SIGKILL)  # a child's own session: its group, its children with it
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def run_sh(tmp_path):
    """``./scripts/run.sh`` in a session of its own, on a fresh SQLite file, its own web and Redis ports."""
    web_port, redis_port = free_port(), free_port()
    assert not answers(redis_port)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "PORTAL_TESTING", "DJANGO_SETTINGS_MODULE", "CELERY_QUEUE"}
    }
    env.update(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
        RUN_DIR=str(tmp_path / "var"),
        HOST="127.0.0.1",
        PORT=str(web_port),
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
    )
    log = open(tmp_path / "run.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        ["./scripts/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )

    def output() -> str:
        log.flush()
        return (tmp_path / "run.log").read_text()

    deadline = time.monotonic() + 300
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_everything(process)
            pytest.fail(f"run.sh did not serve the portal:\n{output()[-4000:]}")
        time.sleep(1)
    try:
        yield {
            "process": process,
            "url": f"http://127.0.0.1:{web_port}",
            "web_port": web_port,
            "redis_port": redis_port,
            "output": output,
            "var": tmp_path / "var",
        }
    finally:
        stop_everything(process)
        log.close()


def office_pages_answer_on_sqlite(browser, url: str, database: Path) -> None:
    """The office's pages of a demo case under review, on run.sh's SQLite (which has no JSON containment)."""
    with closing(sqlite3.connect(database)) as db:
        case, reference = db.execute(
            "SELECT id, reference FROM applications_case WHERE status = 'under_review'"
        ).fetchone()
    context = browser.new_context(locale="zh-TW", base_url=url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "officer@demo.tw")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    for path in (f"/cases/{case}/reviewers/", "/reviews/panel/", f"/cases/{case}/decision/"):
        assert page.goto(path).status == 200, path
    assert re.fullmatch(r"\d+\.\d\d", page.locator("#mean-score").inner_text())  # SQLite's averages, to 2 places
    page.goto(f"/cases/{case}/reviewers/")
    assert page.locator("#pool td", has_text="張教授").count()  # the pool serving the edition is listed
    # the queue's statements as SQLite takes them (portal/prepared.py keeps what it can, builds the rest)
    for query in ("status=under_review", "status=under_review&q=%25_&sort=due", "due_soon=on&page=2", "edition=x"):
        assert page.goto(f"/office/cases/?{query}").status == 200, query
    page.goto("/office/cases/?status=under_review")
    assert page.locator("table.queue a", has_text=reference).count() == 1
    context.close()


def test_run_sh_serves_with_a_worker_and_redis_and_stops_them_all(run_sh, browser, tmp_path):
    started = run_sh["output"]()
    assert f"Log in at {run_sh['url']}/accounts/login/" in started  # load_demo names the port it is served on
    assert answers(run_sh["redis_port"]), "run.sh did not start Redis where REDIS_URL points"
    commands = command_lines(process_tree(run_sh["process"].pid))
    tree = set(commands)
    assert any("celery" in c and " worker" in c for c in commands.values()), commands
    assert any("redis-server" in c for c in commands.values()), commands
    assert any("runserver" in c for c in commands.values()), commands

    context = browser.new_context(locale="zh-TW", base_url=run_sh["url"], accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", DEMO_APPLICANT)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    assert page.locator("main a[href^='/cases/']").count() >= 3  # run.sh loads the demo cases
    page.goto("/carbon/inventories/")
    page.locator("main table a").first.click()
    panel = page.locator("#report-jobs")
    with page.expect_response(lambda r: r.request.method == "POST" and "/reports/" in r.url) as answer:
        panel.locator("button[type=submit]").first.click()
    assert answer.value.status == 200
    # The answer lists the job still to be done, with its progress bar, and the panel polls itself: the PDF is
    # rendered by the worker, not inside the request (in-process, the job would already be done here).
    first = answer.value.text()
    assert "<progress" in first and "download" not in first and 'hx-trigger="every' in first
    panel.locator("progress").first.wait_for()
    download = panel.locator("a[download]")
    download.wait_for(timeout=180_000)
    with page.expect_download() as info:
        download.click()
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    context.close()
    office_pages_answer_on_sqlite(browser, run_sh["url"], tmp_path / "db.sqlite3")

    os.kill(run_sh["process"].pid, signal.SIGTERM)  # as systemd or a terminal's Ctrl-C would stop it
    run_sh["process"].wait(timeout=60)
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not [commands[pid] for pid in tree if alive(pid)], "processes left running after run.sh stopped"
    assert not answers(run_sh["web_port"]) and not answers(run_sh["redis_port"])
