import json
import shutil
from pathlib import Path

import pytest

from nadd.errors import ConfigError, ValidationFailed
from nadd.incidents import read_folder

TEMPLATES = Path(__file__).resolve().parents[2] / "nadd" / "incidents" / "templates"

INC = ("INC-1,seizure,2024-02-03,land_poe_passenger_vehicle,US-AZ,Nogales POE,MX,,US,US-AZ,false_compartment,,"
       "pills in door panel,CBP,US,CBP,nadd,TLP:AMBER,false")


def _folder(tmp_path, **files):
    for name, body in files.items():
        header = (TEMPLATES / f"{name}.csv").read_text().strip()
        (tmp_path / f"{name}.csv").write_text(header + "\n" + body + "\n", encoding="utf-8")
    return tmp_path


def test_templates_filled_in_are_read_into_typed_tables(tmp_path):
    d = _folder(tmp_path, incidents=INC, incident_items="INC-1,1,fentanyl,2.5,kg,12.0",
                parties="P-1,INC-1,driver,person,José Núñez,José,Núñez,,1990-05-01,MX,,,MX-SON,,MX,,,,,CBP,US,CBP,nadd,TLP:AMBER")
    b = read_folder(d)
    assert b["incidents"].num_rows == 1 and b["incident_items"].column("quantity").to_pylist() == [2.5]
    assert str(b["incidents"].schema.field("event_date").type) == "date32[day]"
    assert b["incidents"].column("synthetic").to_pylist() == [False]
    assert b["parties"].column("full_name").to_pylist() == ["José Núñez"]


def test_json_files_are_read_like_csv(tmp_path):
    header = (TEMPLATES / "incidents.csv").read_text().strip().split(",")
    (tmp_path / "incidents.json").write_text(json.dumps({"rows": [dict(zip(header, INC.split(","), strict=True))]}))
    assert read_folder(tmp_path)["incidents"].column("incident_id").to_pylist() == ["INC-1"]


def test_every_failure_of_the_folder_is_reported_and_nothing_returned(tmp_path):
    bad = INC.replace("2024-02-03", "2024-02-30").replace("US-AZ,Nogales", "US-ZZ,Nogales")
    d = _folder(tmp_path, incidents=bad + "\n" + INC,  # second row repeats the id
                incident_items="INC-9,1,fentanyl,abc,kg,")
    with pytest.raises(ValidationFailed) as e:
        read_folder(d)
    got = {(f.file, f.row, f.column) for f in e.value.failures}
    assert ("incidents.csv", 2, "event_date") in got
    assert ("incidents.csv", 2, "jurisdiction_id") in got
    assert ("incidents.csv", 3, "incident_id") in got  # duplicate key
    assert ("incident_items.csv", 2, "quantity") in got
    assert ("incident_items.csv", 2, "incident_id") in got  # no such incident in the folder


def test_a_missing_required_column_is_reported_once(tmp_path):
    (tmp_path / "incidents.csv").write_text("incident_id,kind\nA,seizure\nB,seizure\n")
    with pytest.raises(ValidationFailed) as e:
        read_folder(tmp_path)
    cols = [f.column for f in e.value.failures if f.row is None]
    assert "event_date" in cols and cols.count("event_date") == 1


def test_a_folder_without_incidents_says_where_to_start(tmp_path):
    with pytest.raises(ConfigError, match="no incidents.csv"):
        read_folder(tmp_path)


def test_an_agency_file_with_its_own_columns_loads_through_a_mapping(tmp_path):
    shutil.copy(TEMPLATES / "mapping.example.yaml", tmp_path / "m.yaml")
    (tmp_path / "decomisos.csv").write_text(
        "Folio,Fecha,Medio,Estado,Aduana,Origen,Observaciones\n"
        "ANAM-001,03/02/2024,Paquetería,MX-BCN,Tijuana,CN,Declarado como pigmento\n", encoding="utf-8")
    (tmp_path / "sustancias.csv").write_text("Folio,Partida,Sustancia,Cantidad,Unidad\nANAM-001,1,4-anpp,25,kilogramos\n")
    (tmp_path / "personas.csv").write_text(
        "Id,Folio,Calidad,Nombre,ApellidoPaterno,ApellidoMaterno,FechaNacimiento\n"
        "R1,ANAM-001,Destinatario,María,Hernández,Ávila,07/11/1985\n", encoding="utf-8")
    b = read_folder(tmp_path, mapping=tmp_path / "m.yaml")
    inc = b["incidents"].to_pylist()[0]
    assert inc["mode"] == "express_consignment" and str(inc["event_date"]) == "2024-02-03"
    assert inc["owner_country"] == "MX" and inc["tlp"] == "TLP:AMBER" and inc["synthetic"] is False
    assert b["incident_items"].to_pylist()[0]["unit"] == "kg"
    p = b["parties"].to_pylist()[0]
    assert p["role"] == "recipient" and p["second_family_name"] == "Ávila" and p["owner_agency"] == "ANAM"


def test_a_mapping_naming_a_column_the_file_lacks_is_reported(tmp_path):
    (tmp_path / "m.yaml").write_text("defaults: {owner_country: MX, owner_agency: FGR, releasability: nadd, tlp: 'TLP:GREEN'}\n"
                                     "columns: {incidents: {incident_id: Folio, kind: {value: seizure}, "
                                     "event_date: Fecha, jurisdiction_id: Estado, mode: Conveyance}}\n")
    (tmp_path / "incidents.csv").write_text("Folio,Fecha,Estado\nA,2024-01-01,MX-SIN\n")
    with pytest.raises(ValidationFailed) as e:
        read_folder(tmp_path, mapping=tmp_path / "m.yaml")
    assert [(f.column, f.row) for f in e.value.failures] == [("Conveyance", None)]


def test_a_mapping_with_an_unknown_key_is_refused_with_the_file_named(tmp_path):
    (tmp_path / "m.yaml").write_text("colums: {}\n")
    (tmp_path / "incidents.csv").write_text("x\n")
    with pytest.raises(ValidationFailed) as e:
        read_folder(tmp_path, mapping=tmp_path / "m.yaml")
    assert e.value.failures[0].file.endswith("m.yaml")


def test_a_file_in_another_encoding_is_reported_and_read_when_the_mapping_names_it(tmp_path):
    header = (TEMPLATES / "incidents.csv").read_text().strip()
    row = INC.replace("pills in door panel", "píldoras en el panel")
    (tmp_path / "incidents.csv").write_bytes((header + "\n" + row + "\n").encode("cp1252"))
    with pytest.raises(ValidationFailed) as e:
        read_folder(tmp_path)
    assert "cp1252" in e.value.failures[0].hint
    (tmp_path / "m.yaml").write_text("encoding: cp1252\n")
    b = read_folder(tmp_path, mapping=tmp_path / "m.yaml")
    assert b["incidents"].column("description").to_pylist() == ["píldoras en el panel"]
