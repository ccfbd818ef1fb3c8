"""Floor zero: the portal's two languages and Taiwan's calendar, in pure Python (standard library only).

Why a package of its own, under portal: the rule engine (``programs/rules/``) must stay pure Python — no
Django, and not the ``portal`` package either, whose ``__init__`` starts the Celery app — while portal, the
floor under programs, must never import programs. Both need the same few rules: which of zh-Hant and English
a language code means, which text of a ``{"zh-hant": …, "en": …}`` label to show, how a date reads in the ROC
calendar. A module owned by either side would break one of those two rules, and a copy on each side would
drift. So they live here, below both, and import nothing of the project; ``portal/language.py`` and
``portal/dates.py`` add what needs Django (the request's language, local time, English month names).

Nothing else belongs here: only what the engine and portal both need and that runs without Django.
"""

from .languages import EN, ZH, Text, normalise_lang, pick
from .roc import ROC_OFFSET, roc_date_text, roc_date_zh, roc_year

__all__ = ["EN", "ROC_OFFSET", "ZH", "Text", "normalise_lang", "pick", "roc_date_text", "roc_date_zh", "roc_year"]
