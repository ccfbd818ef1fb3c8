"""The columns of an activity-data workbook: the template writes them, the parser recognises them."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    zh: str  # the heading as the template writes it (and the brief names it)
    en: str
    aliases: tuple[str, ...]  # other headings accepted, compared after normalise()
    required: bool = True
    width: int = 16


COLUMNS: tuple[Column, ...] = (
    Column("source", "排放源", "Source name", ("source", "sourcename", "emissionsource", "排放源名稱"), width=30),
    Column("subcategory", "類別", "Subcategory (1.1 … 6.1)", ("subcategory", "category", "subcategorycode", "类别", "類別代碼"),  # noqa: E501
           width=12),
    Column("factor", "排放係數代碼", "Factor code", ("factor", "factorcode", "emissionfactorcode", "排放系数代码", "係數代碼"),  # noqa: E501
           width=34),
    Column("month", "月份", "Month (YYYY-MM)", ("month", "yyyymm"), width=12),
    Column("quantity", "活動數據", "Quantity", ("quantity", "activitydata", "活动数据", "活動量"), width=16),
    Column("unit", "單位", "Unit", ("unit", "单位"), width=10),
    Column("note", "備註", "Note", ("note", "notes", "remark", "remarks", "备注"), required=False, width=30),
)  # fmt: skip
BY_KEY = {c.key: c for c in COLUMNS}
_STRIP = re.compile(r"[\s\u3000（）()\[\]【】:：/_\-.,，、…]+")


def normalise(text) -> str:
    return _STRIP.sub("", str(text)).lower()


def heading_column(text) -> Column | None:
    """The column a header cell names: its Chinese heading (alone or followed by the English one, as the
    template writes it), its English heading, or an accepted alias."""
    cleaned = normalise(text)
    if not cleaned:
        return None
    for column in COLUMNS:
        zh = normalise(column.zh)
        if cleaned.startswith(zh) or cleaned == normalise(column.en):
            return column
        if cleaned in {normalise(a) for a in column.aliases}:
            return column
    return None


def expected_headings() -> str:
    return "、".join(f"{c.zh} ({c.en})" for c in COLUMNS)
