"""After a bare migrate every edition of programs/editions/ is published, equal to its seed file, and
passes its golden cases as stored in the database."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from programs.models import Edition, EditionStatus, Programme
from programs.rulesets import ruleset_for
from tests.programs.golden_runner import edition_files, golden_cases, run_case

pytestmark = pytest.mark.django_db

SEEDS = edition_files()
SPEC_CODES = {
    "dmmap-2023-academia-entry", "dmmap-2023-academia-advanced", "dmmap-2023-lean", "dmmap-2023-digital-ops",
    "dmmap-2023-carbon-inventory", "dmmap-2023-low-carbon", "dmmap-2023-green-mfg", "smeup-2023-diagnosis",
    "smeup-2023-subsidy-micro", "smeup-2023-subsidy", "smeup-2023-subsidy-chain", "smu-2024", "machinery-2025",
    "lean-2026-basic", "lean-2026-advanced",
}  # fmt: skip


def test_every_edition_code_of_the_spec_is_published_after_migrate():
    published = set(Edition.objects.filter(status=EditionStatus.PUBLISHED).values_list("code", flat=True))
    assert published >= SPEC_CODES, sorted(SPEC_CODES - published)
    assert set(Programme.objects.values_list("code", flat=True)) == {"dmmap", "smeup", "smu", "machinery", "lean"}


@pytest.mark.parametrize("code", sorted(SEEDS))
def test_the_stored_rule_set_is_the_seed(code):
    edition = Edition.objects.get(code=code, version=1)
    assert edition.rules == json.loads(json.dumps(SEEDS[code]["rules"], cls=DjangoJSONEncoder))


CASES = golden_cases()


@pytest.mark.parametrize(("code", "case", "base"), CASES, ids=[f"{c}: {case['name']}" for c, case, _ in CASES])
def test_golden_case_on_the_stored_edition(code, case, base):
    edition = Edition.objects.get(code=code, status=EditionStatus.PUBLISHED)
    problems = run_case(ruleset_for(edition), case, base)
    assert not problems, "\n".join(problems)
