"""The language of the request, and the text of a bilingual label in it (Django's side of twlocale)."""

from django.utils.translation import get_language

from twlocale import Text, normalise_lang, pick


def current_lang() -> str:
    """The active language as the rule engine and the labels know it: ``"zh-hant"`` or ``"en"``."""
    return normalise_lang(get_language())


def text_in_language(text: Text | str | None, lang: str | None = None) -> str:
    """The label's text in ``lang`` (default: the active language), falling back to the other language."""
    return pick(text, normalise_lang(lang or get_language()), "")
