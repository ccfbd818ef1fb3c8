"""The impact run, by a Celery worker: the draft's golden cases first (a few dozen, fast), then the latest stored
evaluation of every case decided with the version it replaces, in batches whose changed rows and counts are
saved together — the page shows the progress as it goes. Idempotent: a redelivered run (``acks_late``) starts
over, the rows an interrupted attempt wrote cleared first (impact_start)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs.models import ImpactJob, ImpactRow
from programs.rules import RuleSetInvalid, compile_ruleset, normalise_lang
from programs.rulesets import ruleset_for

from .compute import BETTER, CHANGED, UNJUDGED, WORSE, evaluation_impact, fact_types, golden_rows, rule_titles
from .selectors import impact_evaluations
from .services import impact_fail, impact_finish, impact_progress, impact_rows_add, impact_start

logger = logging.getLogger(__name__)
BATCH = 500
COUNTS = {WORSE: "evaluations_worse", BETTER: "evaluations_better", UNJUDGED: "evaluations_unjudged"}


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=1800,
    time_limit=ImpactJob.time_limit,
)
def impact_run(self, job_id: int) -> str:
    job = impact_start(job_id=job_id)
    if job is None:
        return "nothing to do"
    try:
        with translation.override(job.language):
            return _run(job)
    except Exception as exc:  # the job must say it failed; the details go to the log
        logger.exception("impact run %s failed", job_id)
        reason = (
            "; ".join(p.text(normalise_lang(job.language)) for p in exc.problems[:3])
            if isinstance(exc, RuleSetInvalid)
            else f"{exc.__class__.__name__}: {exc}"
        )
        impact_fail(job=job, reason=reason)
        return "failed"


def _run(job: ImpactJob) -> str:
    lang = normalise_lang(job.language)
    draft = compile_ruleset(job.edition.rules)
    old = ruleset_for(job.baseline) if job.baseline is not None else None
    golden = golden_rows(old, draft, job.golden_code, lang) if job.golden_code else []
    evaluations = impact_evaluations(baseline=job.baseline) if old is not None else None
    total = evaluations.count() if evaluations is not None else 0
    impact_progress(job=job, percent=2, message=_("Golden cases judged"), golden=golden, evaluations_total=total)
    counts = {"evaluations_changed": 0, "evaluations_worse": 0, "evaluations_better": 0, "evaluations_unjudged": 0}
    if evaluations is not None and total:
        _evaluations(job, old, draft, evaluations, total, lang, counts)
    message = ngettext("Done: %(n)s evaluation judged", "Done: %(n)s evaluations judged", total) % {"n": f"{total:,}"}
    finished = impact_finish(
        job=job, message=message, golden=golden, evaluations_total=total, evaluations_done=total, **counts
    )
    return "succeeded" if finished else "already finished"


def _evaluations(job, old, draft, evaluations, total: int, lang: str, counts: dict[str, int]) -> None:
    types = fact_types(old, draft)
    titles = {**rule_titles(old, lang), **rule_titles(draft, lang)}
    batch: list[ImpactRow] = []
    done = 0

    def flush() -> None:
        percent = 2 + int(97 * min(done, total) / total)
        message = _("%(done)s of %(total)s evaluations judged") % {"done": f"{done:,}", "total": f"{total:,}"}
        impact_rows_add(job=job, rows=batch, done=done, percent=percent, message=message, counts=counts)
        batch.clear()

    rows = evaluations.values_list("id", "subject_type", "subject_id", "inputs").iterator(chunk_size=BATCH)
    for done, (evaluation_id, subject_type, subject_id, inputs) in enumerate(rows, start=1):
        impact = evaluation_impact(old, draft, inputs, lang=lang, types=types, titles=titles)
        if impact is not None:
            counts["evaluations_changed"] += 1
            if impact["direction"] in COUNTS:
                counts[COUNTS[impact["direction"]]] += 1
            changes = impact["changes"] or [{"error": impact.get("error", {})}]
            batch.append(
                ImpactRow(
                    job=job,
                    evaluation_id=evaluation_id,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    direction=impact["direction"],
                    sections=impact["sections"],
                    changes=changes,
                )
            )
        if done % BATCH == 0:
            flush()
    if batch or done % BATCH:
        flush()


__all__ = ["CHANGED", "impact_run"]
