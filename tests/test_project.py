"""Promises of the repository itself: migrations in sync, compose file valid, pins, the two commands."""

import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_migrations_are_in_sync_with_models():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"makemigrations --check found changes ({exc.code}):\n{out.getvalue()}")


def compose_command() -> list[str]:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail("neither `docker compose` nor `docker-compose` is installed: run scripts/test.sh")


def test_docker_compose_file_parses():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    out = subprocess.run([*compose_command(), "config", "-q"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr


def test_docker_compose_has_the_production_services_with_healthchecks():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = spec["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name in ("web", "worker", "beat", "db", "redis"):
        assert "healthcheck" in services[name] or "healthcheck" in spec.get("x-portal", {}), name
    assert "gunicorn" in (ROOT / "Dockerfile").read_text()
    assert {"pgdata", "redisdata", "media"} <= set(spec["volumes"])


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt", "constraints.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                assert re.match(r"^[A-Za-z0-9_.\-\[\]]+==[\w.]+$", line), f"{name}: {line}"


def test_readme_holds_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "./scripts/run.sh" in readme
    assert "./scripts/test.sh" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_openapi_schema_generates_without_warnings():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=out)
    assert "openapi" in out.getvalue()


def test_the_readme_points_only_inside_the_repository():
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme and not re.search(r"\bspec/\w+\.md", readme)
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), target
    for doc in ("docs/api.md", "docs/cases-api.md"):
        text = (ROOT / doc).read_text()
        assert "../shared" not in text and not re.search(r"\bseed \d{3}\b|programmes\.md", text), doc


def test_every_route_the_case_api_docs_name_exists():
    """docs/cases-api.md names no route the API does not answer (placeholders filled in: ids, an edition)."""
    text = (ROOT / "docs" / "cases-api.md").read_text()
    paths = set(re.findall(r"`(?:GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`?\s]*)", text))
    assert len(paths) >= 20, paths
    for path in sorted(paths):
        concrete = re.sub(r"\{code\}", "machinery-2025", re.sub(r"\{(id|no|number|doc)\}", "1", path))
        concrete = concrete.replace("{action}", "submit")
        try:
            match = resolve(concrete)
        except Resolver404:
            raise AssertionError(f"{path} is documented but not routed") from None
        assert match.namespace == "api", path
