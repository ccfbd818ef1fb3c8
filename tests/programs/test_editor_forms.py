"""The edition editor's rule forms are generated from the kinds' parameter schemas: every kind gets one, each
parameter a field of its type, and a bad value in any field is refused with the message the compiler gives
(compiled here straight from the data, to compare), changing nothing."""

import copy
import json

import pytest
from django import forms

from programs.editor.fields import AnyChoices
from programs.editor.schema import Pickers, rule_fields
from programs.models import Edition
from programs.rules import KINDS, compile_ruleset, validate_ruleset
from programs.rules.layout import locate, rule_list
from programs.rules.schema_text import KIND_TITLES, PARAM_TITLES
from programs.services import edition_new_version
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

TEXT = {"zh-hant": "測試", "en": "test"}
RULESET = {
    "schema": 1,
    "facts": {
        "topics": {"label": {"zh-hant": "主題", "en": "topics"}, "type": "str_list"},
        "progress_points": {"label": {"zh-hant": "累計進度", "en": "cumulative progress"}, "type": "number_list"},
        "unit_prices": {"label": {"zh-hant": "單價", "en": "unit prices"}, "type": "number_list"},
    },
    "catalogues": {"areas": [{"code": "lean", "label": {"zh-hant": "精實", "en": "lean"}},
                             {"code": "carbon", "label": {"zh-hant": "減碳", "en": "carbon"}}]},
    "eligibility": {"company": [], "unit": []},
    "budget": {"lines": [{"code": code, "label": {"zh-hant": code, "en": code}}
                         for code in ("personnel", "business", "tax", "unsplit", "party_a", "party_b")], "rules": []},
    "plan": [],
    "period": [],
}  # fmt: skip

# a valid rule of every kind, in a rule list where its names mean something
SAMPLES = {
    "amount_max": ("budget", {"quantity": "gov_total", "max": 500000}),
    "amount_min": ("budget", {"quantity": "total", "min": 100000}),
    "share_max": ("budget", {"part": "gov_total", "whole": "total", "max": "70"}),
    "share_min": ("budget", {"part": "self_total", "min": "30", "share_decimals": 0}),
    "line_share_max": ("budget", {"line": "personnel", "side": "gov", "of": "total", "max": "50"}),
    "line_side_forbidden": ("budget", {"line": "personnel", "side": "gov"}),
    "line_nonzero": ("budget", {"line": "business", "side": "total"}),
    "line_forbidden": ("budget", {"line": "unsplit"}),
    "compare_lines": ("budget", {"left": "self_total", "op": ">=", "right": "gov_total", "unit": "money"}),
    "split_required": ("budget", {"line": "unsplit", "into": ["party_a", "party_b"]}),
    "derived_tax": ("budget", {"line": "tax", "rate": "5", "output": "business_tax"}),
    "derived_cap": (
        "budget",
        {"line": "business", "side": "gov", "base": ["personnel"], "base_side": "gov", "rate": "3.6", "output": "cap"},
    ),
    "line_ratio": ("budget", {"tolerance": 1, "exclude": ["tax"]}),
    "in_set": (
        "company",
        {"fact": "registration", "values": ["company", "business"], "value_labels": {"company": TEXT}},
    ),
    "prefix_match": ("company", {"fact": "industry_codes", "prefixes": ["29"]}),
    "bool_fact": ("company", {"fact": "prc_capital", "expected": False}),
    "range": (
        "company",
        {"fact": "employees", "min": 1, "max": 200, "min_inclusive": True, "max_inclusive": False, "unit": "people"},
    ),
    "band_in": (
        "company",
        {
            "fact": "employees",
            "allowed": ["small"],
            "bands": [
                {"code": "small", "label": TEXT, "min": 0, "max": 49},
                {"code": "large", "label": TEXT, "min": 50, "max": None},
            ],
        },
    ),
    "count_min": (
        "plan",
        {"fact": "topics", "min": 1, "max": 2, "catalogue": "areas", "unit": "topics", "only_listed": True},
    ),
    "contains_all": ("plan", {"fact": "topics", "values": ["lean"], "value_labels": {"lean": TEXT}}),
    "increasing": ("plan", {"fact": "progress_points", "end": "100", "unit": "percent"}),
    "each_max": ("plan", {"fact": "unit_prices", "max": 10000, "strict": True, "unit": "money"}),
    "date_window": (
        "period",
        {
            "fact": "project_start",
            "after": "2026-01-01",
            "on_or_after": "2026-01-02",
            "before": "2026-12-31",
            "on_or_before": "2026-12-30",
        },
    ),
    "period_length": (
        "period",
        {"start_fact": "project_start", "end_fact": "project_end", "min_months": 6, "max_months": 12},
    ),
    "date_order": ("period", {"start_fact": "project_start", "end_fact": "project_end"}),
    "qualification_valid": ("unit", {"fact": "qualifications", "categories": ["A"], "after_fact": "project_start"}),
    "date_between": ("expense", {"fact": "expense_date", "start_fact": "project_start", "end_fact": "project_end"}),
    "spending_within": ("expense", {"spent": "line_spent", "approved": "line_approved"}),
    "line_not_in": ("expense", {"fact": "expense_line", "lines": ["personnel"]}),
}
COMPOSITES = {"all_of", "any_of", "none_of"}

# (what the form is sent, what the data then holds) — a value of the type that the compiler refuses
BAD = {
    "money": ("lots", "lots"), "number": ("abc", "abc"), "percent": ("150", "150"), "int": ("1.5", "1.5"),
    "bool": ("maybe", "maybe"), "date": ("2026-02-30", "2026-02-30"), "side": ("both", "both"), "op": ("=>", "=>"),
    "unit": ("furlongs", "furlongs"), "code": ("Not A Code", "Not A Code"), "fact": ("nonsense", "nonsense"),
    "quantity": ("nonsense", "nonsense"), "line": ("nope", "nope"), "lines": (["nope"], ["nope"]),
    "str_list": ("x, x", ["x", "x"]), "bands": ("small|小|small|abc|", [{"code": "small", "label": TEXT,
                                                                            "min": "abc", "max": None}]),
    "value_labels": ("company", {"company": {"zh-hant": "", "en": ""}}),
}  # fmt: skip
WIDGETS = {
    "money": forms.TextInput,
    "number": forms.TextInput,
    "percent": forms.TextInput,
    "int": forms.TextInput,
    "bool": forms.Select,
    "date": forms.DateInput,
    "side": forms.Select,
    "op": forms.Select,
    "unit": forms.Select,
    "fact": forms.Select,
    "quantity": forms.Select,
    "line": forms.Select,
    "lines": forms.CheckboxSelectMultiple,
    "str_list": forms.TextInput,
    "bands": forms.Textarea,
    "value_labels": forms.Textarea,
}


def test_every_kind_has_a_name_a_sample_and_named_parameters():
    assert set(KINDS) == set(SAMPLES) | COMPOSITES, "a new kind needs a sample here (and a name in schema_text)"
    assert set(KIND_TITLES) >= set(KINDS)
    for name, kind in KINDS.items():
        for spec in kind.params:
            assert spec.name in PARAM_TITLES, f"{name}.{spec.name} has no name in schema_text.PARAM_TITLES"
            assert spec.type in WIDGETS or spec.type in ("rules", "code"), f"{name}.{spec.name}: {spec.type}"


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_parameter_gets_a_field_of_its_type(kind):
    ruleset = compile_ruleset(_with_samples())
    fields = {f.key: f for f in rule_fields(kind, SAMPLES[kind][0], None, Pickers(ruleset, "zh-hant"))}
    assert {"id", "label", "level", "on_missing", "note"} <= set(fields)
    for spec in KINDS[kind].params:
        field = fields[f"params.{spec.name}"]
        built = field.form_fields()[field.name]
        expected = WIDGETS.get(spec.type, forms.TextInput)
        if spec.name == "catalogue" or spec.choices:
            expected = forms.Select
        assert isinstance(built.widget, expected), (kind, spec.name, built.widget)
        assert field.title == PARAM_TITLES[spec.name]["zh-hant"]
        if spec.type in ("fact", "quantity"):
            assert field.choices and all(name for name, _label in field.choices)
        if spec.type == "lines":
            assert isinstance(built, AnyChoices)


def _with_samples() -> dict:
    data = copy.deepcopy(RULESET)
    for kind, (key, params) in SAMPLES.items():
        rule_list(data, key, create=True).append({"id": f"sample_{kind}", "kind": kind, "params": params})
    assert validate_ruleset(data) == [], validate_ruleset(data)
    return data


@pytest.fixture
def draft(admin_user):
    published = EditionFactory(code="forms-2026-all", rules=json.loads(json.dumps(_with_samples())))
    return edition_new_version(actor=admin_user, edition=published)


def _address(data: dict, kind: str) -> tuple[str, str]:
    key = SAMPLES[kind][0]
    index = next(i for i, rule in enumerate(rule_list(data, key)) if rule["id"] == f"sample_{kind}")
    return key, str(index)


def _post_data(form) -> dict:
    """What the browser sends for the form as it is shown."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = (
            [] if value is None and isinstance(field, forms.MultipleChoiceField) else ("" if value is None else value)
        )
    return data


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_bad_value_in_any_field_is_refused_with_the_compilers_message(client, admin_user, draft, kind):
    client.force_login(admin_user)
    key, address = _address(draft.rules, kind)
    url = f"/staff/editions/{draft.pk}/edit/rules/{key}/{address}/"
    shown = client.get(url)
    assert shown.status_code == 200
    before = copy.deepcopy(draft.rules)
    checked = 0
    for spec in KINDS[kind].params:
        if spec.type == "rules":
            continue
        typed, stored = BAD[spec.type]
        sent = {**_post_data(shown.context["form"]), f"params-{spec.name}": typed}
        response = client.post(url, sent)
        assert response.status_code == 200, f"{kind}.{spec.name}: {typed!r} was saved"
        errors = response.context["form"][f"params-{spec.name}"].errors
        expected = _compiler_message(before, key, address, spec.name, stored)
        assert expected in errors, f"{kind}.{spec.name}: {errors} lacks the compiler's {expected!r}"
        checked += 1
    draft.refresh_from_db()
    assert draft.rules == before
    assert checked == len([s for s in KINDS[kind].params if s.type != "rules"])


def _compiler_message(data: dict, key: str, address: str, name: str, value) -> str:
    changed = copy.deepcopy(data)
    here = locate(changed, key, address)
    here.rule["params"][name] = value
    problems = [p for p in validate_ruleset(changed) if p.path.startswith(f"{here.path}.params.{name}")]
    assert problems, f"the compiler accepts {name}={value!r}: choose a worse value"
    return problems[0].zh


def test_a_label_with_one_language_is_refused_in_the_compilers_words(client, admin_user, draft):
    client.force_login(admin_user)
    key, address = _address(draft.rules, "amount_max")
    url = f"/staff/editions/{draft.pk}/edit/rules/{key}/{address}/"
    form = client.get(url).context["form"]
    response = client.post(url, {**_post_data(form), "label_zh": "只有中文", "label_en": ""})
    assert "須提供 zh-hant 與 en 兩種語言之文字" in response.context["form"]["label_zh"].errors
    response = client.post(url, {**_post_data(form), "label_zh": "上限 50 萬元", "label_en": "cap {max}"})
    assert any("{max}" in e for e in response.context["form"]["label_zh"].errors)


def test_an_unchanged_form_keeps_every_value_as_it_was_stored(client, admin_user, draft):
    """Money shown as 500,000 and a share shown as "70" come back as the stored 500000 and "70"."""
    client.force_login(admin_user)
    for kind in ("amount_max", "share_max", "band_in", "in_set", "date_window"):
        key, address = _address(draft.rules, kind)
        url = f"/staff/editions/{draft.pk}/edit/rules/{key}/{address}/"
        before = copy.deepcopy(draft.rules)
        assert client.post(url, {**_post_data(client.get(url).context["form"]), "base": ""}).status_code == 302
        draft.refresh_from_db()
        assert draft.rules == before, kind
    assert not Edition.objects.get(pk=draft.pk).events.filter(action="edited").exists()  # nothing changed
