"""The impact of a draft before it is published: golden cases and stored evaluations judged by the version it
replaces and by the draft, worked out by a real Celery worker with its progress, shown rule by rule."""

import copy
import time

import pytest

from portal.models import JobStatus
from programs import services
from programs.impact.compute import (
    BETTER,
    UNJUDGED,
    WORSE,
    evaluation_impact,
    fact_types,
    golden_rows,
    rule_titles,
    submission_inputs,
)
from programs.models import Edition, EvaluationPurpose, ImpactJob, ImpactRow, RuleEvaluation
from programs.rules import compile_ruleset
from programs.rules.proposal import proposal_check
from programs.rulesets import ruleset_for
from tests.helpers import assert_constant_queries
from tests.programs.golden_runner import seed_rules
from tests.programs.impact_data import lean_submission

LEAN = seed_rules("lean-2026-basic")


def _with_cap(cap: int) -> dict:
    rules = copy.deepcopy(LEAN)
    rules["budget"]["rules"][0]["params"]["max"] = cap
    return rules


def _impact(old: dict, new: dict, inputs: dict) -> dict | None:
    before, after = compile_ruleset(old), compile_ruleset(new)
    return evaluation_impact(
        before, after, inputs, lang="zh-hant", types=fact_types(before, after), titles=rule_titles(after, "zh-hant")
    )


def test_a_lower_cap_turns_a_valid_budget_invalid_with_the_rule_and_numbers():
    impact = _impact(LEAN, _with_cap(400_000), lean_submission(450_000))
    assert impact["direction"] == WORSE
    assert impact["sections"]["budget"] == [True, False] and impact["sections"]["company"] == [True, True]
    [change] = impact["changes"]
    assert change["rule"] == "gov_cap" and change["title"].startswith("每案政府補助款最高 400,000 元")
    assert change["before"]["message"] == "政府補助款 450,000 元，未超過上限 500,000 元"
    assert change["after"]["message"] == "政府補助款 450,000 元，超過上限 400,000 元"
    assert change["after"]["values"] == {"gov_total": 450000, "max": 400000}


def test_a_higher_cap_lets_a_refused_budget_pass_and_an_unaffected_one_is_no_change():
    assert _impact(LEAN, _with_cap(600_000), lean_submission(550_000))["direction"] == BETTER
    assert _impact(LEAN, _with_cap(600_000), lean_submission(300_000)) is None  # only the message's cap moves


def test_an_eligibility_rule_made_stricter_makes_a_company_ineligible():
    rules = copy.deepcopy(LEAN)
    rules["eligibility"]["company"].append(
        {"id": "small_firms_only", "kind": "range", "params": {"fact": "employees", "max": 30, "unit": "people"}}
    )
    impact = _impact(LEAN, rules, lean_submission(300_000))
    assert impact["direction"] == WORSE and impact["sections"]["company"] == [True, False]
    assert impact["changes"][0]["before"] is None and "48 人" in impact["changes"][0]["after"]["message"]


def test_a_budget_line_the_draft_no_longer_has_cannot_be_judged_and_says_why():
    rules = copy.deepcopy(LEAN)
    rules["budget"]["lines"] = [line for line in rules["budget"]["lines"] if line["code"] != "personnel"]
    rules["budget"]["rules"] = [r for r in rules["budget"]["rules"] if r["id"] != "personnel_nonzero"]
    impact = _impact(LEAN, rules, lean_submission(300_000))
    assert impact["direction"] == UNJUDGED and "lines.0.code" in impact["error"]


def test_the_golden_cases_that_a_cap_change_moves():
    rows = golden_rows(compile_ruleset(LEAN), compile_ruleset(_with_cap(600_000)), "lean-2026-basic", "zh-hant")
    changed = {row["name"]: row for row in rows if row["changed"]}
    assert all(row["holds"] == [True, True] for row in rows if not row["changed"])
    over = next(row for name, row in changed.items() if name.startswith("a subsidy of 500,001"))
    assert over["holds"] == [True, False] and over["verdicts"] == [False, True]
    assert over["changes"][0]["after"]["message"] == "政府補助款 500,001 元，未超過上限 600,000 元"
    describe = [row for row in changed.values() if row["purpose"] == "describe"]
    assert describe and any(d["after"] == "政府補助款不得超過 600,000 元" for row in describe for d in row["data"])
    same = golden_rows(compile_ruleset(LEAN), compile_ruleset(LEAN), "lean-2026-basic", "en")
    assert not [row for row in same if row["changed"]]


# --- the run, by a real worker ------------------------------------------------------------------------------


def _store(edition: Edition, count: int, gov_of, start: int = 0) -> None:
    ruleset = ruleset_for(edition)
    for number in range(start, start + count):
        inputs = lean_submission(gov_of(number))
        result = proposal_check(ruleset, **submission_inputs(inputs, fact_types(ruleset)), lang="zh-hant")
        services.evaluation_record(
            edition=edition,
            purpose=EvaluationPurpose.SUBMISSION,
            subject_type="case",
            subject_id=number + 1,
            inputs=inputs,
            outcomes=result.outcomes,
            passed=result.ok,
            lang="zh-hant",
        )


def _wait(job: ImpactJob, timeout: float = 90) -> ImpactJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.done:
            return job
        time.sleep(0.2)
    pytest.fail(f"the impact run is still {job.status} ({job.progress} %, {job.message!r})")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_works_out_the_impact_on_stored_cases_with_progress(worker, client, admin_user):
    published = Edition.objects.get(code="lean-2026-basic", status="published")
    _store(published, 40, lambda n: 300_000 + n * 5_000)  # 300,000 … 495,000: 20 of them above 400,000
    services.evaluation_record(
        edition=published,
        purpose=EvaluationPurpose.SUBMISSION,
        subject_type="case",
        subject_id=1,
        inputs=lean_submission(100_000),
        outcomes=[],
        passed=True,
        lang="zh-hant",
    )  # case 1 filed again: its latest counts
    draft = services.edition_new_version(actor=admin_user, edition=published)
    services.edition_update_draft(actor=admin_user, edition=draft, data={}, rules=_with_cap(400_000))
    client.force_login(admin_user)
    response = client.post(f"/staff/editions/{draft.pk}/impact/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "every 2s" in response.content.decode()
    assert '<p id="impact-status" hx-swap-oob="innerHTML">正在評估影響（0 %）。</p>' in response.content.decode()
    job = _wait(ImpactJob.objects.get(edition=draft))
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.evaluations_total, job.evaluations_done, job.progress) == (40, 40, 100)
    assert (job.evaluations_worse, job.evaluations_better, job.evaluations_changed) == (19, 0, 19)
    assert ImpactRow.objects.filter(job=job, direction=WORSE).count() == 19
    assert "1" not in set(ImpactRow.objects.filter(job=job).values_list("subject_id", flat=True))
    assert job.golden and any(row["changed"] for row in job.golden)
    panel = client.get(f"/staff/editions/{draft.pk}/impact/", headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in panel and "19" in panel
    assert '<p id="impact-status" hx-swap-oob="innerHTML">草稿的影響已評估完成。</p>' in panel
    page = client.get(f"/staff/editions/{draft.pk}/").content.decode()
    assert page.count('id="impact-status"') == 1 and 'role="status" aria-live="polite"' in page
    report = client.get(f"/staff/impact/{job.pk}/").content.decode()
    assert "政府補助款 495,000 元，超過上限 400,000 元" in report
    assert "經費符合規定 → 經費不符規定" in report and "申請案 #40" in report
    assert client.get(f"/staff/impact/{job.pk}/?direction=better").context["page"].paginator.count == 0
    client.post(f"/staff/editions/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == "published"


@pytest.mark.django_db
def test_a_run_of_a_draft_changed_since_is_stale_and_publishing_waits_for_a_new_one(
    client, admin_user, django_capture_on_commit_callbacks
):
    published = Edition.objects.get(code="lean-2026-basic", status="published")
    draft = services.edition_new_version(actor=admin_user, edition=published)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/editions/{draft.pk}/impact/")
    services.edition_update_draft(actor=admin_user, edition=draft, data={}, rules=_with_cap(450_000))
    page = client.get(f"/staff/editions/{draft.pk}/")
    assert page.context["impact"]["stale"] and not page.context["impact"]["current"]
    client.post(f"/staff/editions/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/editions/{draft.pk}/impact/")
    client.post(f"/staff/editions/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == "published"
    assert client.post(f"/staff/editions/{draft.pk}/impact/", follow=True).status_code == 200  # not a draft now
    assert ImpactJob.objects.filter(edition=draft).count() == 2


@pytest.mark.django_db
def test_the_report_pages_its_rows_with_constant_queries(client, admin_user, django_capture_on_commit_callbacks):
    published = Edition.objects.get(code="lean-2026-basic", status="published")
    draft = services.edition_new_version(actor=admin_user, edition=published)
    services.edition_update_draft(actor=admin_user, edition=draft, data={}, rules=_with_cap(200_000))
    client.force_login(admin_user)

    def grow(n):
        existing = RuleEvaluation.objects.filter(edition=published).count()
        _store(published, n - existing, lambda k: 199_000 + k * 1_000, start=existing)
        ImpactJob.objects.filter(edition=draft).delete()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/staff/editions/{draft.pk}/impact/")

    assert_constant_queries(lambda: client.get(f"/staff/impact/{ImpactJob.objects.get(edition=draft).pk}/"), grow)
    assert ImpactJob.objects.get(edition=draft).evaluations_worse == 13  # 201,000 … 213,000 exceed 200,000
