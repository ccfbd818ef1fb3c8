"""Excel workbooks: the budget table laid out like the proposal template's 經費預算表, and the changes between
two versions of an edition in both languages."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from portal.spreadsheets import text_only
from programs.rules import Result, RuleSet
from programs.rules.schema_text import SECTION_TITLES
from programs.rules.text import pick

FONT = "Microsoft JhengHei"
THIN = Side(style="thin", color="8A94A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F2")
TOTAL_FILL = PatternFill("solid", fgColor="F2F4F8")
MONEY = "#,##0"

HEADINGS = {
    "zh-hant": ("經費預算表", "經費科目", "政府補助款（元）", "自籌款（元）", "合計（元）", "占總經費 %", "合計", "檢核結果",  # noqa: E501
                "規則", "結果", "說明", "通過", "未通過", "建議", "計畫總經費"),
    "en": ("Budget table", "Budget line", "Government (NT$)", "Self-funded (NT$)", "Total (NT$)", "% of total", "Total",
           "Checks", "Rule", "Result", "Explanation", "passed", "failed", "advisory", "total budget"),
}  # fmt: skip


def budget_workbook(*, edition, ruleset: RuleSet, lines: list[dict], result: Result, lang: str) -> bytes:
    h = HEADINGS[lang]
    book = Workbook()
    sheet = book.active
    sheet.title = h[0]
    title = pick(edition.title, lang)
    text_only(sheet.cell(row=1, column=1, value=f"{title} — {h[0]}"))
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet.merge_cells("A1:E1")
    totals = result.data["totals"]
    sheet["A2"] = f"{h[14]}：{totals['total']:,}" if lang == "zh-hant" else f"{h[14]}: NT${totals['total']:,}"
    sheet["A2"].font = Font(name=FONT, size=11)

    header = 4
    for column, text in enumerate(h[1:6], start=1):
        cell = sheet.cell(row=header, column=column, value=text)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    given = {line["code"]: line for line in lines}
    row = header + 1
    first = row
    for line in ruleset.budget_lines:
        values = given.get(line.code, {"gov": 0, "self": 0})
        text_only(sheet.cell(row=row, column=1, value=pick(line.label, lang)))
        sheet.cell(row=row, column=2, value=values["gov"])
        sheet.cell(row=row, column=3, value=values["self"])
        sheet.cell(row=row, column=4, value=f"=B{row}+C{row}")
        sheet.cell(
            row=row,
            column=5,
            value=f"=IF($D${first + len(ruleset.budget_lines)}=0,0,D{row}/$D${first + len(ruleset.budget_lines)})",
        )
        row += 1
    total_row = row
    sheet.cell(row=total_row, column=1, value=h[6])
    for column in (2, 3, 4):
        letter = get_column_letter(column)
        sheet.cell(row=total_row, column=column, value=f"=SUM({letter}{first}:{letter}{total_row - 1})")
    sheet.cell(row=total_row, column=5, value=f"=IF(D{total_row}=0,0,D{total_row}/D{total_row})")
    share_row = total_row + 1
    sheet.cell(row=share_row, column=1, value=h[5])
    sheet.cell(row=share_row, column=2, value=f"=IF(D{total_row}=0,0,B{total_row}/D{total_row})")
    sheet.cell(row=share_row, column=3, value=f"=IF(D{total_row}=0,0,C{total_row}/D{total_row})")
    for r in range(first, share_row + 1):
        for column in range(1, 6):
            cell = sheet.cell(row=r, column=column)
            cell.border = BOX
            cell.font = Font(name=FONT, bold=r >= total_row)
            if r >= total_row:
                cell.fill = TOTAL_FILL
            if column in (2, 3, 4) and r != share_row:
                cell.number_format = MONEY
            if column == 5 or r == share_row and column in (2, 3):
                cell.number_format = "0.00%"
    sheet.column_dimensions["A"].width = 34
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 18
    sheet.column_dimensions["E"].width = 12
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2)

    checks = book.create_sheet(h[7])
    for column, text in enumerate(h[8:11], start=1):
        cell = checks.cell(row=1, column=column, value=text)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
    for index, outcome in enumerate(result.outcomes, start=2):
        verdict = h[11] if outcome.passed else (h[13] if outcome.level == "warning" else h[12])
        for column, value in enumerate((outcome.rule, verdict, outcome.message), start=1):
            cell = checks.cell(row=index, column=column, value=value)
            cell.font = Font(name=FONT, color=None if outcome.passed else "B42318")
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    checks.column_dimensions["A"].width = 26
    checks.column_dimensions["B"].width = 10
    checks.column_dimensions["C"].width = 90

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


DIFF_HEADINGS = {
    "zh-hant": ("版本差異", "區段", "項目", "代碼", "變更", "說明", "新增", "刪除", "修改", "變更前", "變更後"),
    "en": ("Changes", "Section", "What", "Id", "Change", "Details", "added", "removed", "changed", "before", "after"),
}  # fmt: skip


def diff_workbook(*, changes, old, new) -> bytes:
    """The changes between two versions, one sheet a language (中文, English), one row a changed line."""
    book = Workbook()
    book.remove(book.active)
    for lang, sheet_name in (("zh-hant", "中文"), ("en", "English")):
        h = DIFF_HEADINGS[lang]
        sheet = book.create_sheet(sheet_name)
        sheet["A1"] = f"{h[0]}：{old} → {new}" if lang == "zh-hant" else f"{h[0]}: {old} → {new}"
        sheet["A1"].font = Font(name=FONT, size=14, bold=True)
        for column, text in enumerate(h[1:6], start=1):
            cell = sheet.cell(row=3, column=column, value=text)
            cell.font, cell.fill, cell.border = Font(name=FONT, bold=True), HEAD_FILL, BOX
        row = 4
        actions = {"added": h[6], "removed": h[7], "changed": h[8]}
        for change in changes:
            details = [pick(line, lang) for line in change.lines]
            if change.before and change.action != "changed":
                details.append(pick(change.before, lang))
            if change.after and change.action != "changed":
                details.append(pick(change.after, lang))
            if change.action == "changed" and change.before and change.after and change.before != change.after:
                details.append(
                    f"{h[9]}：{pick(change.before, lang)}"
                    if lang == "zh-hant"
                    else f"{h[9]}: {pick(change.before, lang)}"
                )
                details.append(
                    f"{h[10]}：{pick(change.after, lang)}"
                    if lang == "zh-hant"
                    else f"{h[10]}: {pick(change.after, lang)}"
                )
            for detail in details or [""]:
                values = (
                    pick(SECTION_TITLES.get(change.section), lang, change.section),
                    pick(change.subject, lang),
                    change.ref,
                    actions.get(change.action, change.action),
                    detail,
                )
                for column, value in enumerate(values, start=1):
                    cell = sheet.cell(row=row, column=column, value=value)
                    cell.font, cell.border = Font(name=FONT), BOX
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                row += 1
        for letter, width in zip("ABCDE", (16, 40, 22, 8, 80), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A4"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
