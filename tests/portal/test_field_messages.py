"""Messages about a field name it as the user sees it, in the user's language: every form field of the project
has a translated label, every message an API field or DRF itself can answer with is translated, and the budget
table names its inputs by their labels (never ``personnel-gov``)."""

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.utils import translation
from rest_framework import exceptions, fields, relations, serializers, validators

from portal.api.drf_messages import DRF_MESSAGES

PROJECT_PACKAGES = ("portal", "programs", "applications", "carbon", "reviews")
CJK = re.compile(r"[\u4e00-\u9fff]")


def project_modules():
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".migrations" in info.name or info.name.endswith((".tests", ".celery", ".wsgi", ".asgi")):
                continue
            yield importlib.import_module(info.name)


def project_classes(base: type) -> list[type]:
    found = {}
    for module in project_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__.startswith(PROJECT_PACKAGES):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[key] for key in sorted(found)]


def visible_fields(form_class: type[forms.BaseForm]):
    for name, field in form_class.base_fields.items():
        if not field.widget.is_hidden:
            yield name, field


FORM_CLASSES = project_classes(forms.BaseForm)


def test_the_project_s_forms_are_all_found():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"CompanyForm", "ScreenerForm", "NewCaseForm", "InventoryForm", "SupplementRequestForm"} <= names


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: cls.__name__)
def test_every_form_field_has_a_label_in_each_language(form_class):
    for name, field in visible_fields(form_class):
        assert field.label, f"{form_class.__name__}.{name} has no label: the page would show {name!r}"
        with translation.override("zh-hant"):
            zh = str(field.label)
        with translation.override("en"):
            en = str(field.label)
        assert CJK.search(zh), f"{form_class.__name__}.{name}: {zh!r} is not translated"
        assert not CJK.search(en) and en != name, f"{form_class.__name__}.{name}: {en!r}"


@pytest.mark.django_db
def test_every_fact_field_of_every_edition_is_labelled(settings):
    from applications.forms import FactsForm
    from programs.models import Edition, EditionStatus
    from programs.rulesets import ruleset_for

    for edition in Edition.objects.filter(status=EditionStatus.PUBLISHED):
        for lang in ("zh-hant", "en"):
            form = FactsForm(ruleset=ruleset_for(edition), lang=lang)
            for name, field in form.fields.items():
                if field.widget.is_hidden:
                    continue
                assert field.label and field.label != name, (edition.code, name)
                assert bool(CJK.search(str(field.label))) == (lang == "zh-hant"), (edition.code, name, field.label)


def drf_error_messages() -> set[str]:
    """Every message DRF's fields, serializers, exceptions and validators can put in an answer (their English
    msgids), and those the project lists beside them (authentication, throttling, parsing)."""
    found = set(DRF_MESSAGES)
    with translation.override(None):
        for module in (fields, relations, serializers):
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                for klass in cls.__mro__:
                    if klass.__module__.startswith("rest_framework"):
                        found.update(str(m) for m in vars(klass).get("default_error_messages", {}).values())
        for _name, cls in inspect.getmembers(exceptions, inspect.isclass):
            for attr in ("default_detail", "extra_detail_singular", "extra_detail_plural"):
                if vars(cls).get(attr) is not None:
                    found.add(str(vars(cls)[attr]))
        for _name, cls in inspect.getmembers(validators, inspect.isclass):
            for attr in ("message", "missing_message"):
                if isinstance(vars(cls).get(attr), str) or hasattr(vars(cls).get(attr), "_proxy____args"):
                    found.add(str(vars(cls)[attr]))
    return found


def test_every_message_drf_can_answer_with_is_in_traditional_chinese():
    messages = drf_error_messages()
    assert len(messages) > 80
    with translation.override("zh-hant"):
        untranslated = sorted(m for m in messages if not CJK.search(translation.gettext(m)))
    assert not untranslated, untranslated


def test_every_api_field_s_messages_are_translated():
    """Each serializer of the project, instantiated: every message each of its fields can give."""
    checked = 0
    for cls in project_classes(serializers.BaseSerializer):
        if issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"):
            continue  # an abstract base (StrictModelSerializer): its subclasses are checked
        serializer = cls()
        for name, field in getattr(serializer, "fields", {}).items():
            for code, message in field.error_messages.items():
                with translation.override("zh-hant"):
                    text = str(message)
                assert CJK.search(text), f"{cls.__name__}.{name} [{code}]: {text!r}"
                checked += 1
    assert checked > 300


@pytest.mark.django_db
def test_api_answers_carry_no_english_in_chinese_and_no_chinese_in_english(api_client, applicant):
    answer = api_client.get("/api/v1/calendar/deadline/", {"start": "2025/01/24", "working_days": "10"})
    assert answer.status_code == 400
    text = " ".join(answer.json()["errors"]["start"])
    assert "日期格式錯誤" in text and "wrong format" not in text
    api_client.force_authenticate(applicant)
    answer = api_client.post(
        "/api/v1/cases/", {"edition": "machinery-2025", "title": "甲", "period": "x"}, format="json"
    )
    assert answer.status_code == 400 and "Expected a dictionary" not in str(answer.json())
    answer = api_client.get(
        "/api/v1/calendar/deadline/", {"start": "2025/01/24", "working_days": "10"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Date has wrong format" in " ".join(answer.json()["errors"]["start"])
    anonymous = api_client.__class__().get("/api/v1/me/")
    assert anonymous.json()["errors"]["detail"] == ["未提供身分驗證資訊。"]


@pytest.mark.django_db
def test_the_budget_table_names_a_wrong_amount_by_its_line_and_side(client):
    html = client.post(
        "/programmes/lean-2026-basic/budget/",
        {"personnel-gov": "abc", "personnel-self": "1000"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "人事費（政府款）：" in html and "personnel-gov" not in html
    client.post("/i18n/setlang/", {"language": "en"})
    html = client.post("/programmes/lean-2026-basic/budget/", {"personnel-gov": "abc"}, HTTP_HX_REQUEST="true")
    assert "personnel (government): " in html.content.decode()


@pytest.mark.django_db
def test_the_budget_checker_labels_the_facts_its_rules_need(client):
    html = client.get("/programmes/smeup-2023-diagnosis/budget/").content.decode()
    assert ">實收資本額</label>" in html and ">paid_in_capital<" not in html
