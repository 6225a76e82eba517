"""Choosing the reader's language and formatting numbers and dates the way each locale writes them."""

from __future__ import annotations

from datetime import date

from nadd.web import choose_lang, fmt_date, fmt_number


def test_query_beats_cookie_beats_accept_language_beats_english():
    assert choose_lang("fr", "es", "en-US") == "fr"
    assert choose_lang(None, "es", "fr-CA,fr;q=0.9") == "es"
    assert choose_lang(None, None, "fr-CA,fr;q=0.9,en;q=0.5") == "fr"
    assert choose_lang(None, None, None) == "en"


def test_unsupported_or_malformed_choices_fall_through_to_the_next_signal():
    assert choose_lang("de", None, "es-MX") == "es"
    assert choose_lang("", "xx", "de-DE,de;q=0.9") == "en"
    assert choose_lang(None, None, "de;q=0.9, fr;q=0.8, es;q=0.95") == "es"
    assert choose_lang(None, None, "es;q=abc, fr") == "fr"


def test_numbers_use_each_locales_grouping_and_decimal_marks():
    assert fmt_number(107941.4, "en") == "107,941"
    assert fmt_number(1234.5, "en", 1) == "1,234.5"
    assert fmt_number(1234.5, "fr", 1).replace("\u202f", " ").replace("\xa0", " ") == "1 234,5"
    assert fmt_number(None, "es") == "—"


def test_dates_are_written_in_the_readers_language():
    d = date(2024, 3, 31)
    assert fmt_date(d, "en") == "Mar 31, 2024"
    assert "mars" in fmt_date(d, "fr")
    assert "mar" in fmt_date("2024-03-31", "es")
