"""Parameter schemas of the rule kinds: validate edition data and convert it to typed values.

Problems name the rule and the parameter (``budget.rules[2] (gov_cap).params.max``) in both languages.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .money import to_decimal
from .text import EN, UNITS, ZH

SIDES = ("gov", "self", "total")
OPS = (">=", ">", "<=", "<", "==")
RULE_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Problem:
    path: str
    en: str
    zh: str

    def text(self, lang: str) -> str:
        return f"{self.path}: {self.zh if lang == ZH else self.en}"


class Invalid(Exception):
    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en = en
        self.zh = zh


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = True
    default: Any = None
    choices: tuple = ()


def _money(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("must be a whole number of NT$", "須為新臺幣整數金額")
    if value < 0:
        raise Invalid("must not be negative", "不得為負數")
    return value


def _number(value):
    if isinstance(value, float):
        raise Invalid(
            'write decimals as quoted strings ("50.00"), not floating point', '小數請以字串表示（如 "50.00"）'
        )
    try:
        return to_decimal(value) if not isinstance(value, int) or isinstance(value, bool) else value
    except (TypeError, ValueError):
        raise Invalid("must be a number", "須為數字") from None


def _percent(value):
    """A percentage as Decimal ("33.00"), or an exact fraction of the whole ("2/3") as Fraction of 100."""
    if isinstance(value, str) and "/" in value:
        try:
            ratio = Fraction(value.replace(" ", ""))
        except (ValueError, ZeroDivisionError):
            raise Invalid("a fraction must look like 2/3", "分數格式須如 2/3") from None
        number = ratio * 100
    else:
        number = Decimal(_number(value))
    if number < 0 or number > 100:
        raise Invalid(
            "must be a percentage between 0 and 100 (or a fraction such as 2/3)",
            "須為 0 至 100 之百分比（或如 2/3 之分數）",
        )
    return number


def _int(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("must be a whole number", "須為整數")
    return value


def _bool(value):
    if not isinstance(value, bool):
        raise Invalid("must be true or false", "須為 true 或 false")
    return value


def _str(value):
    if not isinstance(value, str) or not value.strip():
        raise Invalid("must be a non-empty text", "須為非空白文字")
    return value.strip()


def _str_list(value):
    if not isinstance(value, list) or not value:
        raise Invalid("must be a non-empty list", "須為非空白清單")
    items = [_str(v) if isinstance(v, str) else None for v in value]
    if any(i is None for i in items):
        raise Invalid("every item must be a text", "每一項須為文字")
    if len(set(items)) != len(items):
        raise Invalid("items must not repeat", "項目不得重複")
    return items


def _date(value):
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid("must be a date YYYY-MM-DD", "須為日期 YYYY-MM-DD")


def _side(value):
    if value not in SIDES:
        raise Invalid(f"must be one of {', '.join(SIDES)}", f"須為 {'、'.join(SIDES)} 之一")
    return value


def _op(value):
    if value not in OPS:
        raise Invalid(f"must be one of {' '.join(OPS)}", f"須為 {' '.join(OPS)} 之一")
    return value


def _unit(value):
    if value not in UNITS:
        raise Invalid(f"unknown unit; use one of {', '.join(k for k in UNITS if k)}", "不明的單位")
    return value


def _text(value):
    if isinstance(value, str) and value.strip():
        return {ZH: value.strip(), EN: value.strip()}
    if not isinstance(value, dict) or not str(value.get(ZH, "")).strip() or not str(value.get(EN, "")).strip():
        raise Invalid("must give the text in zh-hant and en", "須提供 zh-hant 與 en 兩種語言之文字")
    return {ZH: str(value[ZH]).strip(), EN: str(value[EN]).strip()}


def _code(value):
    if not isinstance(value, str) or not CODE.match(value):
        raise Invalid("must be a code of lower-case letters, digits and _", "須為小寫英文字母、數字與底線組成之代碼")
    return value


def _bands(value):
    if not isinstance(value, list) or not value:
        raise Invalid("must be a non-empty list of bands", "須為非空白之級距清單")
    bands = []
    for index, band in enumerate(value):
        if not isinstance(band, dict):
            raise Invalid(f"band {index} must be a mapping", f"第 {index} 個級距格式錯誤")
        try:
            code = _code(band.get("code"))
            label = _text(band.get("label"))
            low = _int(band.get("min"))
            high = None if band.get("max") is None else _int(band.get("max"))
        except Invalid as exc:
            raise Invalid(f"band {index}: {exc.en}", f"第 {index} 個級距：{exc.zh}") from None
        if high is not None and high < low:
            raise Invalid(f"band {code}: max is below min", f"級距 {code}：上限小於下限")
        bands.append({"code": code, "label": label, "min": low, "max": high})
    ordered = sorted(bands, key=lambda b: b["min"])
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before["max"] is None or before["max"] >= after["min"]:
            raise Invalid(
                f"bands {before['code']} and {after['code']} overlap", f"級距 {before['code']} 與 {after['code']} 重疊"
            )
    return bands


def _value_labels(value):
    if not isinstance(value, dict):
        raise Invalid("must map each value to its label", "須為值與名稱之對照")
    return {str(k): _text(v) for k, v in value.items()}


def _amount_or_number(value):
    return _number(value)


CONVERTERS = {
    "money": _money,
    "number": _amount_or_number,
    "percent": _percent,
    "int": _int,
    "bool": _bool,
    "str": _str,
    "str_list": _str_list,
    "date": _date,
    "side": _side,
    "op": _op,
    "unit": _unit,
    "text": _text,
    "code": _code,
    "bands": _bands,
    "value_labels": _value_labels,
    # names: validated against the edition's vocabulary by the kinds that use them
    "fact": _str,
    "quantity": _str,
    "line": _str,
    "lines": _str_list,
}


def convert(param: Param, value: Any) -> Any:
    converted = CONVERTERS[param.type](value)
    if param.choices and converted not in param.choices:
        raise Invalid(
            f"must be one of {', '.join(map(str, param.choices))}", f"須為 {'、'.join(map(str, param.choices))} 之一"
        )
    return converted
