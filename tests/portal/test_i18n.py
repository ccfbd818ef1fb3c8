"""zh-Hant first, English complete: every string translated, ROC dates, language switch."""

import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from portal.dates import roc_date
from portal.templatetags.portal_tags import ntd

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
SOURCES = [
    "manage.py",
    "twlocale",
    "portal",
    "programs",
    "applications",
    "disbursements",
    "expenses",
    "reviews",
    "carbon",
    "templates",
    "locale",
]


def po_entries(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy) for every entry but the header."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if not msgid or not msgstr:
            continue
        key = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        if key:
            entries[key] = ("".join(re.findall(r'"(.*)"', msgstr.group(1))), "#, fuzzy" in block)
    return entries


def test_every_string_has_a_traditional_chinese_translation():
    entries = po_entries(PO)
    assert len(entries) > 200
    untranslated = [k for k, (v, _) in entries.items() if not v]
    fuzzy = [k for k, (_, f) in entries.items() if f]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_the_catalogue_covers_every_string_in_the_code(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    out = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hant", "--no-location", "-v", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "PORTAL_TESTING": "1"},
    )
    assert out.returncode == 0, out.stderr
    fresh = po_entries(tmp_path / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po")
    # a new string makemessages could only guess (fuzzy) is as untranslated as an empty one
    missing = [k for k, (v, fuzzy) in fresh.items() if not v or fuzzy]
    assert not missing, f"run makemessages and translate: {missing}"


def test_roc_date_in_chinese_and_english():
    with translation.override("zh-hant"):
        assert roc_date(datetime.date(2025, 3, 5)) == "民國 114 年 3 月 5 日"
        assert roc_date(datetime.date(1912, 1, 1)) == "民國 1 年 1 月 1 日"
        assert roc_date(datetime.date(1911, 12, 31)) == "民國前 1 年 12 月 31 日"
        assert roc_date("2026-01-01") == "民國 115 年 1 月 1 日"
        assert roc_date(None) == ""
        assert roc_date("not a date") == "not a date"
    with translation.override("en"):
        assert roc_date(datetime.date(2025, 3, 5)) == "5 March 2025 (ROC 114)"


def test_roc_date_of_an_aware_datetime_uses_taipei_time():
    late_utc = datetime.datetime(2025, 3, 4, 17, 30, tzinfo=datetime.UTC)  # 01:30 on 5 March in Taipei
    with translation.override("zh-hant"):
        assert roc_date(late_utc) == "民國 114 年 3 月 5 日"


def test_money_format():
    assert ntd(1234567) == "1,234,567"
    assert ntd(-3000) == "-3,000"
    assert ntd(None) == ""


@pytest.mark.django_db
def test_role_labels_are_translated(client, officer):
    client.force_login(officer)
    assert "計畫辦公室承辦人" in client.get("/dashboard/").content.decode()
    client.post("/i18n/setlang/", {"language": "en"})
    assert "Programme officer" in client.get("/dashboard/").content.decode()


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def test_translations_keep_their_placeholders():
    for msgid, (msgstr, _fuzzy) in po_entries(PO).items():
        if not msgstr:
            continue
        wanted = sorted(a or b for a, b in PLACEHOLDER.findall(msgid))
        got = sorted(a or b for a, b in PLACEHOLDER.findall(msgstr))
        assert wanted == got, f"{msgid!r} → {msgstr!r}"
