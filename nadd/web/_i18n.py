"""The web app's languages: Babel gettext catalogues, locale choice and locale formatting.

Catalogues live in ``nadd/web/locale/<lang>/LC_MESSAGES/messages.{po,mo}`` (extract with
``pybabel extract -F nadd/web/babel.cfg``; see nadd/web/README.md). The language of a request is,
first match wins: ``?lang=``, the ``nadd_lang`` cookie, the browser's ``Accept-Language``, English.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGS = ("en", "es", "fr")
DEFAULT_LANG = "en"
LANG_COOKIE = "nadd_lang"
LOCALE_DIR = Path(__file__).parent / "locale"
# Names shown in the language switch: each in its own language, so anyone can find theirs.
LANG_NAMES = {"en": "English", "es": "Español", "fr": "Français"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated at render time)."""
    return message


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang`` (English is the source language: msgid = text)."""
    return Translations.load(str(LOCALE_DIR), [lang], domain="messages")


def gettext(message: str, lang: str) -> str:
    return translations(lang).gettext(message)


def _accept_language(header: str) -> str | None:
    """Best supported language in an Accept-Language header (``fr-CA,fr;q=0.9,en;q=0.5``)."""
    ranked = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.strip().lower().split("-")[0]))
    for _, _, primary in sorted(ranked):
        if primary in LANGS:
            return primary
    return None


def choose_lang(query: str | None, cookie: str | None, accept: str | None) -> str:
    for candidate in (query, cookie):
        if candidate and candidate.lower() in LANGS:
            return candidate.lower()
    return _accept_language(accept or "") or DEFAULT_LANG


def fmt_number(value, lang: str, digits: int = 0) -> str:
    """``12345.6`` -> ``12,346`` (en) / ``12 346`` (es: Babel's CLDR groups) / ``12 346`` (fr)."""
    if value is None:
        return "—"
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=Locale.parse(lang))


def fmt_date(value, lang: str, style: str = "medium") -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format=style, locale=Locale.parse(lang))
