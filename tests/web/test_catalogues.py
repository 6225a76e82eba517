"""The gettext catalogues: every piece of UI text exists in EN, ES and FR, and the compiled .mo
files match their .po sources (so a translation edited but not compiled is caught)."""

from __future__ import annotations

import re

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from nadd.web._i18n import LANGS, LOCALE_DIR
from nadd.web._jsmessages import MESSAGES, js_messages

WEB = LOCALE_DIR.parent


def _po(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def _extracted() -> set[str]:
    """Extract the msgids from the templates and Python now (what the .pot would hold)."""
    from babel.messages.extract import extract_from_dir

    found = set()
    with open(WEB / "babel.cfg") as f:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(f)
    for _file, _line, msg, _c, _ctx in extract_from_dir(
            str(WEB), method_map, options_map, keywords={"_": None, "gettext": None, "N_": None}):
        found.add(msg if isinstance(msg, str) else msg[0])
    return found


def test_every_ui_text_in_templates_and_scripts_is_in_every_catalogue():
    wanted = _extracted()
    assert len(wanted) > 80  # the extraction really ran over the templates
    for lang in LANGS:
        have = {m.id for m in _po(lang) if m.id}
        assert wanted <= have, f"{lang}: run pybabel extract/update (nadd/web/babel.cfg): {sorted(wanted - have)[:5]}"


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_spanish_and_french_translate_every_message_and_none_is_fuzzy(lang):
    cat = _po(lang)
    untranslated = [m.id for m in cat if m.id and not m.string]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert not untranslated and not fuzzy
    same = [m.id for m in cat if m.id and m.string == m.id and len(m.id) > 12]
    assert len(same) <= 2, same  # long texts left in English are a missed translation


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_its_po_source(lang):
    mo_path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.mo"
    with open(mo_path, "rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    po = {m.id: m.string for m in _po(lang) if m.id and m.string}
    assert mo == po, f"recompile: .venv/bin/pybabel compile -d {LOCALE_DIR} -D messages"


def test_placeholders_and_format_survive_translation():
    for lang in ("es", "fr"):
        for m in _po(lang):
            if m.id and m.string:
                assert set(re.findall(r"%\(\w+\)s|\{\w+\}", m.id)) == set(re.findall(r"%\(\w+\)s|\{\w+\}", m.string))


def test_script_messages_are_translated_per_language():
    assert js_messages("en")["upper_bound"] == MESSAGES["upper_bound"]
    assert js_messages("es")["upper_bound"].startswith("Límite superior")
    assert js_messages("fr")["upper_bound"].startswith("Borne supérieure")
    for lang in ("es", "fr"):
        assert set(js_messages(lang)) == set(MESSAGES)
        assert sum(v != MESSAGES[k] for k, v in js_messages(lang).items()) > len(MESSAGES) * 0.8
