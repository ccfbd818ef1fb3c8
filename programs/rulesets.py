"""Rule sets of stored editions: the bridge between an Edition row and the pure rule engine (programs/rules/),
compiled once per published version, and what the pages and the API read off a compiled rule set."""

import hashlib
import json
import logging
import time
from collections import OrderedDict
from threading import Lock

from django.db import transaction
from redis.exceptions import RedisError

from portal.shared_cache import stamp_read, stamp_renew
from programs.models import Edition, EditionStatus
from programs.rules import KINDS, Context, RuleSet, compile_ruleset, describe_ruleset
from programs.rules.vocabulary import COMPANY_FACTS

logger = logging.getLogger(__name__)

_CACHE_SIZE = 64
_cache: OrderedDict[tuple[int, int], RuleSet] = OrderedDict()
_lock = Lock()


def ruleset_for(edition: Edition) -> RuleSet:
    """The compiled rule set of an edition version. Published and retired versions never change, so
    they are compiled once per process, cached by (edition, version); drafts are compiled afresh. An edition
    read without its ``rules`` (the lists defer the column) loads them only when they are compiled."""
    if edition.status == EditionStatus.DRAFT:
        return compile_ruleset(edition.rules)
    key = (edition.pk, edition.version)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    compiled = compile_ruleset(edition.rules)
    with _lock:
        _cache[key] = compiled
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


_texts: OrderedDict[tuple[int, int, str], dict] = OrderedDict()


def ruleset_text(edition: Edition, lang: str) -> dict:
    """The rule set in plain language (describe_ruleset), kept per published version and language like the
    compiled rule set itself; a draft's is made afresh. Read it, do not change it."""
    if edition.status == EditionStatus.DRAFT:
        return describe_ruleset(ruleset_for(edition), lang=lang)
    key = (edition.pk, edition.version, lang)
    with _lock:
        text = _texts.get(key)
    if text is None:
        text = describe_ruleset(ruleset_for(edition), lang=lang)
        with _lock:
            _texts[key] = text
            while len(_texts) > _CACHE_SIZE * 2:
                _texts.popitem(last=False)
    return text


def rulesets_for(editions: list[Edition]) -> list[RuleSet]:
    """The compiled rule sets of many editions; the ``rules`` of those not compiled yet are read in one query."""
    with _lock:
        missing = [
            e
            for e in editions
            if "rules" in e.get_deferred_fields()
            and (e.status == EditionStatus.DRAFT or (e.pk, e.version) not in _cache)
        ]
    if missing:
        rules = dict(Edition.objects.filter(pk__in=[e.pk for e in missing]).values_list("pk", "rules"))
        for edition in missing:
            edition.rules = rules[edition.pk]
    return [ruleset_for(edition) for edition in editions]


# What every process keeps of the editions table — the published editions in the catalogue's order (pk, code,
# version), the labels of every edition — under the stamp that the cache (Redis, shared by every process) holds:
# a change to an edition or a programme replaces the stamp (published_forget), so every process reads them again
# when next asked. Writes that bypass the models' signals (raw SQL, bulk updates) are caught by the age limit.
PUBLISHED_STAMP = "programs:published-editions"
_PUBLISHED_MAX_AGE = 60.0
_kept: dict[str, tuple[str, float, list]] = {}


def _published_stamp() -> str | None:
    """The shared stamp of the published editions; None when the cache is unavailable."""
    try:
        return stamp_read(PUBLISHED_STAMP)
    except (RedisError, OSError) as exc:
        logger.warning("published editions read afresh: the cache is unavailable (%s)", exc)
        return None


def published_forget(**_kwargs) -> None:
    """Every process reads the published editions again (an edition or a programme changed): called at once and
    again when the transaction commits, so that no process keeps a list read before the commit."""
    try:
        stamp_renew(PUBLISHED_STAMP)
    except (RedisError, OSError) as exc:
        logger.warning("published editions not forgotten: the cache is unavailable (%s)", exc)


def published_changed(**_kwargs) -> None:
    """The models' signal receiver (programs/apps.py): forget now and on commit."""
    published_forget()
    transaction.on_commit(published_forget)


def _rows_kept(name: str, read) -> list:
    """``read()``'s rows, kept in this process while the stamp has not changed (and for at most a minute)."""
    stamp, now = _published_stamp(), time.monotonic()
    kept = _kept.get(name)
    if stamp is not None and kept is not None and kept[0] == stamp and now - kept[1] < _PUBLISHED_MAX_AGE:
        return kept[2]
    rows = read()
    if stamp is not None:
        _kept[name] = (stamp, now, rows)
    return rows


def _published_rows() -> list[tuple[int, str, int]]:
    return _rows_kept(
        "published",
        lambda: list(
            Edition.objects.filter(status=EditionStatus.PUBLISHED)
            .order_by("programme__code", "year", "code")
            .values_list("pk", "code", "version")
        ),
    )


def edition_labels() -> list[tuple[str, int, dict]]:
    """(code, year, track) of every edition, drafts too, in the catalogue's order, newest version of a code first:
    what a filter by edition lists (no query while no edition has changed)."""
    return _rows_kept(
        "labels",
        lambda: list(
            Edition.objects.order_by("programme__code", "year", "code", "-version").values_list("code", "year", "track")
        ),
    )


def published_rulesets() -> list[tuple[str, RuleSet]]:
    """(code, compiled rule set) of every published edition in the catalogue's order. What the screening reads:
    no query while the published editions have not changed (one round trip to the cache for their stamp), else
    one query of three columns, plus one for the rules of the versions this process has not compiled yet."""
    rows = _published_rows()
    found: dict[tuple[int, int], RuleSet] = {}
    with _lock:
        for pk, _code, version in rows:
            if (cached := _cache.get((pk, version))) is not None:
                found[(pk, version)] = cached
    missing = [(pk, version) for pk, _code, version in rows if (pk, version) not in found]
    if missing:
        stored = Edition.objects.filter(pk__in=[pk for pk, _v in missing]).values_list("pk", "version", "rules")
        for pk, version, rules in stored:
            found[(pk, version)] = compiled = compile_ruleset(rules)
            with _lock:
                _cache[(pk, version)] = compiled
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
    return [(code, found[(pk, version)]) for pk, code, version in rows if (pk, version) in found]


def ruleset_forget(*, pks) -> None:
    """Drop the compiled rule sets of these editions (every version): called when an edition is published or
    retired, so that this process never answers from a rule set the office has replaced."""
    wanted = set(pks)
    with _lock:
        for key in [key for key in _cache if key[0] in wanted]:
            del _cache[key]
        for key in [key for key in _texts if key[0] in wanted]:
            del _texts[key]


def context_fact_types(ruleset: RuleSet) -> dict[str, str]:
    """The type of each fact a budget check may be given besides its lines: the edition's own facts and the
    company's. A company fact keeps the company profile's type (rules/vocabulary.py) whatever an edition says."""
    return {**{name: spec["type"] for name, spec in ruleset.facts.items()}, **COMPANY_FACTS}


def budget_context_facts(ruleset: RuleSet) -> list[tuple[str, str]]:
    """The facts besides the budget lines that the edition's budget rules read, with their types."""
    names: list[str] = []

    def walk(rule):
        for param in KINDS[rule.kind].fact_params:
            name = rule.params.get(param)
            budget_quantity = name in ("gov_total", "self_total", "total") or str(name).startswith("line.")
            if name and not budget_quantity and name not in names:
                names.append(name)
        for child in rule.children:
            walk(child)
        if rule.when is not None:
            walk(rule.when)

    for rule in ruleset.budget_rules:
        walk(rule)
    types = context_fact_types(ruleset)
    return [(name, types.get(name, "str")) for name in names]


def budget_field_labels(ruleset: RuleSet, lang: str) -> dict[str, str]:
    """What each input of the budget table is called where the user sees it, by its form name:
    ``personnel-gov`` → 人事費（政府款）, ``fact-employees`` → 員工人數."""
    sides = ("gov", "self")
    names = {f"{line.code}-{side}": f"line.{line.code}.{side}" for line in ruleset.budget_lines for side in sides}
    names.update({f"fact-{name}": name for name, _kind in budget_context_facts(ruleset)})
    words = Context({}, ruleset.labels, lang)
    return {key: words.label(name) for key, name in names.items()}


def self_only_lines(ruleset: RuleSet) -> set[str]:
    """Lines whose government side a rule forbids (shown as self-funded only)."""
    return {
        r.params["line"]
        for r in ruleset.budget_rules
        if r.kind == "line_side_forbidden" and r.params.get("side", "gov") == "gov"
    }


def derived_labels(ruleset: RuleSet, lang: str) -> dict[str, str]:
    """What each derived budget value is called: the title of the rule that computes it."""
    labels = {}
    for rule in ruleset.budget_rules:
        if rule.kind in ("derived_tax", "derived_cap"):
            labels[rule.params.get("output", "cap")] = rule.title(lang)
    return labels


def rules_fingerprint(rules) -> str:
    """A rule set's content as a short digest: the editor sends it back to show which state it edited."""
    canonical = json.dumps(rules, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
