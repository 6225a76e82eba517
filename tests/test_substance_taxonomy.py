"""The substance taxonomy: complete, trilingual, acyclic, and every source name resolves."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from nadd.errors import NotFound
from nadd.model import substances as subs

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TOOL = Path(__file__).resolve().parents[1] / "tools" / "check_substance_coverage.py"

# Spellings from the sources that must resolve even without /work/shared/data.
TRICKY = {
    "Fentanyl": "fentanyl",
    "FENTANYL, OTHER": "fentanyl",
    "FENTANYL SALT UNDETERMINED": "fentanyl",
    "Fentanilo": "fentanyl",
    "p-fluorofentanyl": "para-fluorofentanyl",
    "P-FLUOROFENTANYL BASE": "para-fluorofentanyl",
    "ACETYL FENTANYL (N-(1-PHENETHYLPIPERIDIN-4-YL)-N-PHENYLACETAMIDE), SALT UNDETERMINED": "acetyl-fentanyl",
    "THIOPHENE (THIOFURANYL FENTANYL; 2-THIOFURANYL FENTANYL; 2-THIOPHENOYL FENTANYL)": "thiofuranyl-fentanyl",
    "N-BENZYL-N-(1-PHENETHYLPIPERIDIN-4-YL)PROPIONAMIDE (FENTANYL METHYLENE HOMOLOG)": "fentanyl-methylene-homolog",
    "Fentanyl-related compound (unspecified)1": "fentanyl-related-unspecified",
    "Fentanyl and Fentanyl-related": "fentanyl-related",
    "Fluorofentanyl (unspecified isomer)": "fluorofentanyl",
    "Valeryl fentanyl (unspecified isomer)": "valeryl-isovaleryl-fentanyl",
    "DESPROPIONYL P-FLUOROFENTANYL": "para-fluoro-4-anpp",
    "ANPP": "4-anpp",
    "4?-Methyl acetyl fentanyl": "4-prime-methyl-acetyl-fentanyl",
    "N-phenethyl-4-piperidone (NPP)": "npp",
    "Khat (Catha Edulis)": "khat",
    "Other Drugs**": "other-drugs",
    "Lsd": "lsd",
    "Ecstasy": "mdma",
    "Marijuana": "cannabis",
    "“Yaba”": "yaba",
    '"Crack" cocaine': "crack-cocaine",
    "Synthetic opioids, excl. methadone (T40.4)": "icd-t40.4",
    "Opioids (T40.0-T40.4,T40.6)": "icd-t40.0-t40.4-t40.6",
    "Natural & semi-synthetic opioids, incl. methadone (T40.2, T40.3)": "icd-t40.2-t40.3",
    "Psychostimulants with abuse potential (T43.6)": "icd-t43.6",
    "Number of Drug Overdose Deaths": "all-drugs",
    "Fentanyl analogues": "fentanyl-analogues",
    "Non-fentanyl opioids": "non-fentanyl-opioids",
    "Other stimulants": "other-stimulants",
    "Opioid": "opioids",
    "Benzodiazepine": "benzodiazepines",
    "no compounds": None,
    "1-phenyl-2-propanone (P2P, BMK, phenylacetone)": "p2p",
    "3,4-methylenedioxyphenyl-2-propanone (3,4-MDP2P or PMK)": "pmk",
    "Acetic anhydride": "acetic-anhydride",
    "xilazina": "xylazine",
    "metanfetamina": "methamphetamine",
    "Méthamphétamine": "methamphetamine",
    "héroïne": "heroin",
    "Benzodiacepinas": "benzodiazepines",
    "opioïdes": "opioids",
}


def _load_tool():
    spec = importlib.util.spec_from_file_location("check_substance_coverage", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("text,expected", sorted(TRICKY.items()))
def test_tricky_source_spellings_resolve_without_shared_data(text, expected):
    assert subs.try_by_name(text) == expected


def test_every_substance_name_in_the_shared_source_files_resolves():
    if not SHARED.exists():
        pytest.skip(f"shared source data not found at {SHARED}")
    report = _load_tool().unresolved(SHARED)
    assert sum(n for n, _ in report.values()) > 1000, "the coverage tool read too few names"
    missing = {f: bad for f, (_, bad) in report.items() if bad}
    assert not missing, f"unresolved substance names: {missing}"


def test_every_row_has_non_empty_names_in_english_spanish_and_french():
    df = subs.all_substances()
    for lang in ("en", "es", "fr"):
        empty = df[df[f"name_{lang}"].str.strip() == ""]
        assert empty.empty, f"empty name_{lang}: {empty['id'].tolist()}"


def test_ids_are_unique_lowercase_slugs_and_kinds_are_known():
    df = subs.all_substances()
    assert not df["id"].duplicated().any(), df[df["id"].duplicated()]["id"].tolist()
    assert df["id"].str.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*").all()
    assert set(df["kind"]) <= subs.KINDS


def test_every_parent_exists_and_the_tree_has_no_cycles():
    df = subs.all_substances()
    ids = set(df["id"])
    assert set(df["parent_id"][df["parent_id"] != ""]) <= ids
    for i in ids:
        chain = subs.ancestors(i)
        assert i not in chain and len(chain) == len(set(chain))


def test_required_ids_exist_with_expected_class_membership():
    for i in ["fentanyl", "para-fluorofentanyl", "acetyl-fentanyl", "carfentanil", "heroin", "methamphetamine",
              "cocaine", "xylazine", "medetomidine", "nitazenes", "isotonitazene", "protonitazene", "metonitazene",
              "benzodiazepines", "bromazolam", "etizolam", "cannabis", "synthetic-cannabinoids", "oxycodone",
              "hydrocodone", "morphine", "methadone", "buprenorphine", "amphetamine", "mdma", "ketamine", "pcp",
              "lsd", "psilocybin", "khat", "kratom", "4-anpp", "npp", "4-ap", "1-boc-4-ap", "norfentanyl", "p2p",
              "pmk", "ephedrine", "pseudoephedrine", "acetic-anhydride", "potassium-permanganate", "safrole", "gbl",
              "all-drugs", "opioids", "stimulants"]:
        assert subs.exists(i), i
    assert "opioids" in subs.ancestors("carfentanil")
    assert "fentanyl-related" in subs.ancestors("para-fluorofentanyl")
    assert "opioids" in subs.ancestors("heroin")
    assert "stimulants" in subs.ancestors("cocaine")
    assert "nitazenes" in subs.ancestors("isotonitazene")
    assert "fentanyl" in subs.descendants("opioids")
    assert "cocaine" not in subs.descendants("opioids")
    assert subs.get("4-anpp").kind == "precursor"
    assert subs.get("nitazenes").kind == "class"


@pytest.mark.parametrize(
    "code,expected",
    [("T40.1", "icd-t40.1"), ("T40.2", "icd-t40.2"), ("T40.3", "icd-t40.3"), ("T40.4", "icd-t40.4"),
     ("t40.5", "icd-t40.5"), ("T43.6", "icd-t43.6"), ("T40.0-T40.4,T40.6", "icd-t40.0-t40.4-t40.6")],
)
def test_icd10_t_codes_resolve_to_their_group(code, expected):
    assert subs.by_name(code) == expected
    assert subs.get(expected).kind == "icd10_group"


def test_lookup_ignores_case_accents_whitespace_and_punctuation():
    assert subs.by_name("cocaína") == "cocaine"
    assert subs.by_name("  COCAINA ") == "cocaine"
    assert subs.by_name("Fentanilo") == "fentanyl"
    assert subs.by_name("para fluoro-fentanyl") == "para-fluorofentanyl"
    assert subs.by_name("Héroïne") == "heroin"


def test_unknown_name_raises_not_found_with_closest_ids():
    with pytest.raises(NotFound) as err:
        subs.by_name("fentanil-x")
    assert "fentanil-x" in err.value.message
    assert "fentanyl" in (err.value.hint or "")
    assert subs.try_by_name("definitely not a drug") is None


def test_names_in_three_languages():
    assert subs.name("cocaine", "es") == "Cocaína"
    assert subs.name("methamphetamine", "fr") == "Méthamphétamine"
    assert subs.name("opioids", "es") == "Opioides"
    with pytest.raises(NotFound):
        subs.name("cocaine", "de")
    with pytest.raises(NotFound) as err:
        subs.get("cocain")
    assert "cocaine" in (err.value.hint or "")


def test_synonyms_table_has_normalised_keys_each_mapping_to_one_existing_id():
    t = subs.synonyms_table()
    assert list(t.columns) == ["synonym", "substance_id"]
    assert not t["synonym"].duplicated().any()
    assert set(t["substance_id"]) <= set(subs.all_substances()["id"])
    assert (t["synonym"] == t["synonym"].map(subs.normalise)).all()
    assert t.set_index("synonym").loc["fentanilo", "substance_id"] == "fentanyl"


def test_a_synonym_claimed_by_two_ids_is_refused_naming_both_files_and_rows(monkeypatch):
    header = ",".join(subs.COLUMNS)
    a = header + "\nfoo,substance,,,Foo,Foo,Foo,,shared-name\n"
    b = header + "\nbar,substance,,,Bar,Bar,Bar,,Shared Name\n"
    monkeypatch.setattr(subs, "_reference_files", lambda: [("a.csv", a), ("b.csv", b)])
    subs._tables.cache_clear()
    try:
        with pytest.raises(subs.TaxonomyError) as err:
            subs._tables()
        msg = str(err.value)
        assert "a.csv row 2" in msg and "b.csv row 2" in msg and "'foo'" in msg and "'bar'" in msg
    finally:
        subs._tables.cache_clear()


def test_a_duplicate_id_is_refused_naming_both_files_and_rows(monkeypatch):
    header = ",".join(subs.COLUMNS)
    a = header + "\nfoo,substance,,,Foo,Foo,Foo,,\n"
    b = header + "\nbaz,substance,,,Baz,Baz,Baz,,\nfoo,substance,,,Foo2,Foo2,Foo2,,\n"
    monkeypatch.setattr(subs, "_reference_files", lambda: [("a.csv", a), ("b.csv", b)])
    subs._tables.cache_clear()
    try:
        with pytest.raises(subs.TaxonomyError) as err:
            subs._tables()
        assert "a.csv row 2" in str(err.value) and "b.csv row 3" in str(err.value)
    finally:
        subs._tables.cache_clear()


def test_all_substances_returns_a_copy():
    df = subs.all_substances()
    df.loc[0, "name_en"] = "changed"
    assert subs.all_substances().loc[0, "name_en"] != "changed"
    assert isinstance(df, pd.DataFrame)
