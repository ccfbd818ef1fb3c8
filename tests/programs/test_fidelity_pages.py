"""What issue 11 changed on the pages and in the edition services: the readings that are the portal's choice
(to_configure) are for administrators only; deadlines read as sentences; contract documents are listed apart;
a label cannot state a number its parameters can change — such a version is neither saved nor published."""

import json

import pytest
import yaml
from django.core.exceptions import ValidationError

from programs import services
from programs.models import Edition, EditionStatus
from tests.factories import SMALL_RULESET, EditionFactory
from tests.programs.test_pages import edit_form

pytestmark = pytest.mark.django_db


# --- readings to confirm: administrators only -------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "applicant", "counsellor", "reviewer", "officer"])
def test_the_readings_to_confirm_are_not_shown_to_others(client, request, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    html = client.get("/programmes/dmmap-2023-low-carbon/").content.decode()
    assert 'id="to-configure"' not in html
    assert "share_decimals" not in html


def test_administrators_see_the_readings_to_confirm_on_the_edition_s_staff_page_in_their_language(client, admin_user):
    client.force_login(admin_user)
    public = client.get("/programmes/dmmap-2023-low-carbon/").content.decode()
    assert 'id="to-configure"' not in public  # the public rules page shows no rule-set paths, to anyone
    edition = Edition.objects.get(code="dmmap-2023-low-carbon", status=EditionStatus.PUBLISHED)
    html = client.get(f"/staff/editions/{edition.pk}/").content.decode()
    assert 'id="to-configure"' in html
    assert "待計畫辦公室確認之解讀" in html
    assert "plan.saving_share_of_self.share_decimals" in html
    assert "四捨五入至整數百分比後達 33％" in html and "rounded half up to a whole percent" not in html
    client.post("/i18n/setlang/", {"language": "en"})
    html = client.get(f"/staff/editions/{edition.pk}/").content.decode()
    assert "rounded half up to a whole percent" in html and "四捨五入至整數百分比後達 33％" not in html


# --- the machinery guide's deadlines and contract documents ---------------------------------------------------


def test_deadlines_read_as_sentences_with_the_review_date_and_the_end_date(client):
    html = client.get("/programmes/machinery-2025/").content.decode()
    assert "提案審查簡報寄至計畫辦公室信箱（計畫審查日前 7 日）：最遲於計畫審查日前 7 日（含例假日）" in html
    assert "受輔導業者自籌款直接入帳於輔導單位之公司名銀行帳戶（計畫結案日前）：計畫結束日（含當日）以前" in html
    assert "文件補件（含通知當日）：自通知日起 10 個工作天內" in html
    assert "核定後完成簽約：核定後 1 個月內" in html


def test_deadlines_in_english(client):
    client.cookies["django_language"] = "en"
    html = client.get("/programmes/machinery-2025/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "at the latest 7 calendar days before the review meeting" in html
    assert "by the project&#x27;s end date (that day included)" in html
    assert "within 10 working days from the day of notice" in html


def test_contract_documents_are_listed_apart(client):
    html = client.get("/programmes/machinery-2025/").content.decode()
    signing = html[html.index("簽約應備文件") :]
    assert "金融機構票據信用證明文件" in signing and "輔導單位已用印契約" in signing
    assert "專案計畫申請表（附件一）" in html[: html.index("簽約應備文件")]
    assert "簽約應備文件" not in client.get("/programmes/lean-2026-basic/").content.decode()


# --- labels follow their parameters ----------------------------------------------------------------------------


def test_the_catalogue_states_each_limit_from_its_parameter(client):
    html = client.get("/programmes/lean-2026-basic/").content.decode()
    assert "每案政府補助款最高 500,000 元（依審查委員通過之評分酌減補助經費）" in html
    assert "{max}" not in html
    html = client.get("/programmes/machinery-2025/").content.decode()
    assert "第 2 期款（工作進度達 60% 且實支達已撥款項 75%）" in html


def _cap_rules(max_, label):
    rules = yaml.safe_load(yaml.safe_dump(SMALL_RULESET))
    rules["budget"]["rules"][0]["params"]["max"] = max_
    rules["budget"]["rules"][0]["label"] = label
    return rules


def test_a_stale_number_in_a_label_is_refused_and_nothing_is_stored(client, admin_user):
    published = EditionFactory(code="demo-2026-label")
    client.force_login(admin_user)
    client.post(f"/staff/editions/{published.pk}/new-version/")
    draft = Edition.objects.get(code="demo-2026-label", version=2)
    stale = _cap_rules(
        600_000, {"zh-hant": "每案政府補助款最高 50 萬元", "en": "government subsidy at most NT$500,000"}
    )
    response = client.post(f"/staff/editions/{draft.pk}/edit/yaml/", edit_form(draft, stale))
    assert response.status_code == 200
    problems = " | ".join(response.context["problems"])
    assert "budget.rules[0] (gov_cap).label" in problems and "{max}" in problems
    draft.refresh_from_db()
    assert draft.rules == SMALL_RULESET


def test_a_label_with_the_parameter_follows_the_change_to_publication(
    client, admin_user, django_capture_on_commit_callbacks
):
    published = EditionFactory(code="demo-2026-cap")
    client.force_login(admin_user)
    client.post(f"/staff/editions/{published.pk}/new-version/")
    draft = Edition.objects.get(code="demo-2026-cap", version=2)
    rules = _cap_rules(600_000, {"zh-hant": "每案政府補助款最高 {max}", "en": "government subsidy at most {max}"})
    assert client.post(f"/staff/editions/{draft.pk}/edit/yaml/", edit_form(draft, rules)).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/editions/{draft.pk}/impact/")
    client.post(f"/staff/editions/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == EditionStatus.PUBLISHED
    html = client.get("/programmes/demo-2026-cap/").content.decode()
    assert "每案政府補助款最高 600,000 元" in html and "政府補助款不得超過 600,000 元" in html


def test_a_draft_whose_label_disagrees_is_not_published(admin_user):
    """However a draft came to hold it (here written straight to the database), publishing validates it."""
    published = EditionFactory(code="demo-2026-publish")
    draft = services.edition_new_version(actor=admin_user, edition=published)
    stale = _cap_rules(600_000, {"zh-hant": "每案政府補助款最高 50 萬元", "en": "at most {max}"})
    Edition.objects.filter(pk=draft.pk).update(rules=json.loads(json.dumps(stale)))
    with pytest.raises(ValidationError) as exc:
        services.edition_publish(actor=admin_user, edition=draft)
    assert "(gov_cap).label" in str(exc.value)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == (EditionStatus.DRAFT, EditionStatus.PUBLISHED)
