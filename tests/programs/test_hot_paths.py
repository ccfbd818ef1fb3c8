"""Issue 12: the public calculators read no rule set they have compiled before, open no audit context, and a
published rule set is compiled once per version and forgotten when the office replaces it."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs import rulesets, selectors, services
from programs.models import Edition
from tests.factories import EditionFactory
from tests.programs.test_api import COMPANY

pytestmark = pytest.mark.django_db


def screen(client, body):
    return client.post("/api/v1/screening/", json.dumps(body), content_type="application/json")


RULES_COLUMN = re.compile(r'"rules"\s*(,|FROM)')


def reads_rules(queries: list[str]) -> list[str]:
    """The queries that fetch the rules column itself (a test on it inside the database reads no rules out)."""
    return [q for q in queries if RULES_COLUMN.search(q)]


def sql_of(fetch) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_screening_with_compiled_rule_sets_reads_no_rules_and_no_audit_context(client):
    screen(client, {"company": COMPANY})  # compiles every published edition once
    queries = sql_of(lambda: screen(client, {"company": COMPANY}))
    assert not [q for q in queries if "set_config" in q]
    assert not reads_rules(queries), queries
    assert queries == []  # the published editions are kept under the shared stamp, their rule sets compiled


def screened_codes(client) -> list[str]:
    return [row["edition"] for row in screen(client, {"company": COMPANY}).json()["results"]]


def test_an_edition_published_or_retired_is_screened_at_once(client, admin_user, django_capture_on_commit_callbacks):
    before = screened_codes(client)
    added = EditionFactory()  # a model save renews the stamp: the kept list is read again
    after = screened_codes(client)
    assert sorted(after) == sorted([*before, added.code])
    with django_capture_on_commit_callbacks(execute=True):
        services.edition_retire(actor=admin_user, edition=added)
    assert screened_codes(client) == before


def test_a_change_made_by_another_process_is_seen_once_the_stamp_is_renewed(client):
    before = screened_codes(client)
    # a write this process's signals do not see (another process, raw SQL); the stamp shared by every process is
    # renewed as the other process's commit does
    Edition.objects.filter(code=before[0], status="published").update(status="retired")
    rulesets.published_forget()
    assert screened_codes(client) == before[1:]


def test_the_kept_list_is_read_again_when_the_cache_was_emptied(client):
    before = screened_codes(client)
    Edition.objects.filter(code=before[-1], status="published").update(status="retired")
    cache.clear()  # the stamp is gone: a new one is made, under which this process keeps nothing
    assert screened_codes(client) == before[:-1]


def test_cold_screening_reads_the_missing_rule_sets_in_one_query(client):
    rulesets._cache.clear()
    queries = sql_of(lambda: screen(client, {"company": COMPANY}))
    assert len(reads_rules(queries)) == 1
    assert not [q for q in queries if "set_config" in q]


def test_the_other_calculators_open_no_audit_context_either(client):
    body = {"scores": {"needs": 90, "solution": 85, "benefits": 80, "training": 95}}
    for _ in range(2):
        queries = sql_of(
            lambda: client.post(
                "/api/v1/editions/machinery-2025/score-sheet/", json.dumps(body), content_type="application/json"
            )
        )
    assert not [q for q in queries if "set_config" in q] and not reads_rules(queries)


def test_lists_never_read_the_rules_column(client, admin_user):
    for fetch in (lambda: client.get("/api/v1/editions/"), lambda: client.get("/programmes/")):
        assert not reads_rules(sql_of(fetch))
    client.force_login(admin_user)
    edition = Edition.objects.get(code="machinery-2025", status="published")
    for url in ("/api/v1/editions/", "/staff/editions/"):
        assert not reads_rules(sql_of(lambda url=url: client.get(url))), url
    # the version managed is read whole (its problems, its readings to confirm); its versions and events are not
    assert len(reads_rules(sql_of(lambda: client.get(f"/staff/editions/{edition.pk}/")))) == 1


def test_the_catalogue_links_the_budget_checker_of_editions_with_a_budget(client):
    html = client.get("/programmes/").content.decode()
    with_budget = [e.code for e in Edition.objects.filter(status="published") if e.rules.get("budget")]
    assert with_budget
    for code in with_budget:
        assert f"/programmes/{code}/budget/" in html or f"{code}/budget" in html


def test_a_published_rule_set_is_compiled_once_and_forgotten_when_replaced(
    admin_user, django_capture_on_commit_callbacks
):
    published = EditionFactory()
    first = rulesets.ruleset_for(selectors.edition_current(code=published.code, with_rules=False))
    assert rulesets.ruleset_for(selectors.edition_current(code=published.code, with_rules=False)) is first
    draft = services.edition_new_version(actor=admin_user, edition=published)
    with django_capture_on_commit_callbacks(execute=True):
        services.edition_publish(actor=admin_user, edition=draft)
    assert (published.pk, published.version) not in rulesets._cache
    current = selectors.edition_current(code=published.code, with_rules=False)
    assert current.pk == draft.pk
    assert rulesets.ruleset_for(current) is not first


def test_a_write_through_a_page_still_opens_the_audit_context(client, applicant):
    client.force_login(applicant)
    queries = sql_of(lambda: client.get(f"/companies/{applicant.company.pk}/edit/"))
    assert [q for q in queries if "set_config" in q]


def test_the_plain_language_rules_are_kept_per_version_and_language(client):
    zh = [client.get("/api/v1/editions/machinery-2025/").json()["rules_text"] for _ in range(2)]
    en = [
        client.get("/api/v1/editions/machinery-2025/", HTTP_ACCEPT_LANGUAGE="en").json()["rules_text"] for _ in range(2)
    ]
    assert zh[0] == zh[1] and en[0] == en[1] and zh[0] != en[0]
    edition = Edition.objects.get(code="machinery-2025", status="published")
    assert (edition.pk, edition.version, "en") in rulesets._texts
    rulesets.ruleset_forget(pks=[edition.pk])
    assert not [key for key in rulesets._texts if key[0] == edition.pk]
    page = client.get("/programmes/machinery-2025/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert en[0]["budget"][0]["text"].split("(")[0][:20] in page


def test_the_public_read_only_pages_open_no_audit_context(client):
    for url in ("/", "/programmes/", "/programmes/machinery-2025/"):
        queries = sql_of(lambda url=url: client.get(url))
        assert not [q for q in queries if "set_config" in q], url


def test_with_the_cache_down_the_screening_reads_the_published_editions_afresh(client, settings, caplog):
    import logging
    import socket

    before = screened_codes(client)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }
    Edition.objects.filter(code=before[0], status="published").update(status="retired")
    with caplog.at_level(logging.WARNING, logger="programs.rulesets"):
        assert screened_codes(client) == before[1:]
    assert "published editions read afresh: the cache is unavailable" in caplog.text
