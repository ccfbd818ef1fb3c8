"""Every edition's golden cases against the pure rule engine (seed files)."""

import pytest

from programs import rules as R
from tests.programs.golden_runner import edition_files, golden_cases, run_case

EDITIONS = edition_files()
COMPILED = {code: R.compile_ruleset(data["rules"]) for code, data in EDITIONS.items()}
CASES = golden_cases()


def test_every_edition_has_golden_cases():
    with_cases = {code for code, _, _ in CASES}
    assert set(EDITIONS) <= with_cases, f"editions without golden cases: {sorted(set(EDITIONS) - with_cases)}"


@pytest.mark.parametrize(("code", "case", "base"), CASES, ids=[f"{c}: {case['name']}" for c, case, _ in CASES])
def test_golden_case(code, case, base):
    assert code in COMPILED, f"no edition {code}"
    problems = run_case(COMPILED[code], case, base)
    assert not problems, "\n".join(problems)
