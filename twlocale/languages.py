"""zh-Hant first, English complete: the two language codes and how a bilingual label is read."""

from collections.abc import Mapping

ZH = "zh-hant"
EN = "en"

Text = Mapping[str, str]  # {"zh-hant": "...", "en": "..."}


def pick(text: Text | str | None, lang: str, fallback: str = "") -> str:
    """The text of ``lang``, else the Chinese, else the English one (a plain string is the same in both)."""
    if text is None:
        return fallback
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get(ZH) or text.get(EN) or fallback


def normalise_lang(lang: str | None) -> str:
    """Any English code ("en", "en-gb") is English; everything else, and no language at all, is zh-Hant."""
    return EN if (lang or "").lower().startswith("en") else ZH
