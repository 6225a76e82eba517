from nadd.incidents import label, s10, s10_valid, validate_row, vocabulary
from nadd.incidents.model import TABLES, domains


def _row(**kw):
    base = {"incident_id": "X1", "kind": "seizure", "event_date": "2024-03-14", "mode": "international_mail",
            "jurisdiction_id": "US-IL", "owner_country": "US", "owner_agency": "CBP", "releasability": "nadd",
            "tlp": "TLP:AMBER", "synthetic": "false"}
    base.update(kw)
    return base


def test_a_complete_incident_row_passes():
    assert validate_row("incidents", _row(), file="incidents.csv", line=2) == []


def test_every_bad_cell_of_a_row_is_reported_with_where_and_how_to_fix():
    fails = validate_row("incidents", _row(kind="smuggling", event_date="14/03/2024", jurisdiction_id="US-XX",
                                           transit_countries="HK;Korea", tlp="amber", owner_agency=""),
                         file="incidents.csv", line=7)
    by_col = {f.column: f for f in fails}
    assert set(by_col) == {"kind", "event_date", "jurisdiction_id", "transit_countries", "tlp", "owner_agency"}
    assert all(f.file == "incidents.csv" and f.row == 7 for f in fails)
    assert by_col["transit_countries"].value == "Korea"
    assert "seizure" in by_col["kind"].hint and "YYYY-MM-DD" in by_col["event_date"].hint
    assert by_col["owner_agency"].value is None and by_col["owner_agency"].expected == "a value"


def test_numbers_and_substances_of_items_are_checked():
    fails = validate_row("incident_items", {"incident_id": "X1", "item_no": "1.5", "substance_id": "unobtainium",
                                            "quantity": "12 kg", "unit": "bushel"}, file="i.csv", line=2)
    assert {f.column for f in fails} == {"item_no", "substance_id", "quantity", "unit"}


def test_foreign_subdivisions_need_only_the_iso_shape_but_nadd_countries_must_exist():
    ok = validate_row("parties", {"record_id": "P1", "incident_id": "X1", "role": "sender", "kind": "company",
                                  "region": "CN-GD", "owner_country": "US", "owner_agency": "CBP",
                                  "releasability": "nadd", "tlp": "TLP:AMBER"}, file="p.csv", line=2)
    bad = validate_row("parties", {"record_id": "P1", "incident_id": "X1", "role": "sender", "kind": "company",
                                   "region": "MX-ZZZ", "owner_country": "US", "owner_agency": "CBP",
                                   "releasability": "nadd", "tlp": "TLP:AMBER"}, file="p.csv", line=2)
    assert ok == [] and [f.column for f in bad] == ["region"]


def test_s10_check_digit_follows_the_upu_examples():
    assert s10_valid("RR473124829US") and s10_valid("RR 473 124 829 US")
    assert not s10_valid("RR473124828US")
    assert s10("EA", 12345678, "CN") == "EA123456785CN"  # C = 11 - (S mod 11) with S = 160 -> 5
    assert s10("CP", 28704377, "MX").endswith("5MX")


def test_vocabularies_have_labels_in_three_languages():
    for d in domains():
        for code in vocabulary(d):
            labels = {label(d, code, lang) for lang in ("en", "es", "fr")}
            assert all(labels), (d, code)
    assert label("mode", "international_mail", "es") == "Correo internacional"
    assert label("incident_kind", "firearm_recovery", "fr") == "Récupération d'arme à feu"


def test_red_flags_name_their_fincen_advisory():
    flags = vocabulary("red_flag")
    assert any(f.startswith("FIN-2019-A006:") for f in flags)
    assert any(f.startswith("FIN-2024-A002:") for f in flags)
    assert any(f.startswith("FIN-2014-A005:") for f in flags)


def test_contract_columns_are_all_present():
    assert [c.name for c in TABLES["incidents"]][:4] == ["incident_id", "kind", "event_date", "mode"]
    for t, need in {"firearms": "time_to_crime_days", "transactions": "red_flags", "parties": "second_family_name"}.items():
        assert need in [c.name for c in TABLES[t]]
