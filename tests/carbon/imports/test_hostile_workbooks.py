"""Workbooks as an attacker would make them (issue 15, points 6 and 7): a source named like a formula comes back
in the template as text, never as a live formula; a small file of millions of empty rows is refused before it
is walked to its end."""

import copy
import io
import time
import zipfile

import pytest
from openpyxl import load_workbook

from carbon.imports.parse import read_workbook
from carbon.imports.problems import MAX_SHEET_ROW, ImportFileError
from programs.exports import budget_workbook
from programs.rules import budget_check, compile_ruleset
from programs.selectors import edition_current
from tests.carbon.factories import EmissionSourceFactory

from .workbooks import ELECTRICITY, HEADER, xlsx

pytestmark = pytest.mark.django_db

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\t=1"]


def test_names_like_formulas_come_back_as_text_in_the_template(client, applicant, inventory):
    for name in FORMULAS:
        EmissionSourceFactory(inventory=inventory, name=name, subcategory="2.1", factor_code=ELECTRICITY)
    inventory.title = '=HYPERLINK("http://x")'
    inventory.save()
    client.force_login(applicant)
    response = client.get(f"/carbon/inventories/{inventory.pk}/import/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # no formula anywhere
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert set(FORMULAS) <= texts
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml
    assert 'quotePrefix="1"' in archive_styles(response.content)  # Excel keeps them text when edited


def archive_styles(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/styles.xml").decode()


def sheet_of_empty_rows(last_row: int) -> bytes:
    """The header, one data row, and a cell at ``last_row`` (written into the sheet's XML: Excel itself stops at
    row 1,048,576, a crafted file does not). openpyxl's reader yields every empty row in between."""
    content = xlsx([("廠區用電", "2.1", ELECTRICITY, "2024-01", 1, "度", None)], header=HEADER)
    far = f'<row r="{last_row}"><c r="A{last_row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", far.encode())
            target.writestr(item, data)
    return out.getvalue()


def test_a_sheet_running_to_millions_of_rows_is_refused_at_once():
    content = sheet_of_empty_rows(30_000_000)
    assert len(content) < 20_000  # a few KB zipped
    started = time.monotonic()
    with pytest.raises(ImportFileError) as caught:
        read_workbook(io.BytesIO(content))
    assert caught.value.problem.code == "sheet_too_long"
    assert time.monotonic() - started < 30  # bounded by MAX_SHEET_ROW rows, not by the sheet's 30 million


def test_blank_rows_below_the_data_within_the_bound_are_read():
    sheet = read_workbook(io.BytesIO(sheet_of_empty_rows(MAX_SHEET_ROW)))
    assert [number for number, _ in sheet.rows] == [2, MAX_SHEET_ROW]


def test_the_budget_workbook_keeps_labels_as_text_and_its_own_formulas():
    edition = edition_current(code="machinery-2025")
    ruleset = compile_ruleset(copy.deepcopy(edition.rules))  # its own copy: the cached one stays as it is
    line = ruleset.budget_lines[0]
    line.label["zh-hant"] = "=cmd|' /C calc'!A0"
    lines = [{"code": line.code, "gov": 100, "self": 100}]
    content = budget_workbook(
        ruleset=ruleset,
        edition=edition,
        lines=lines,
        result=budget_check(ruleset, lines, lang="zh-hant"),
        lang="zh-hant",
    )
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    labels = [c for c in sheet["A"] if c.value == "=cmd|' /C calc'!A0"]
    assert labels and all(c.data_type == "s" for c in labels)
    assert any(c.data_type == "f" for c in sheet["D"])  # the totals are still formulas
