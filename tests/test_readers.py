"""The readers take what publishers actually ship: odd encodings, line endings, titles, footers."""

import gzip

import pytest

from nadd.errors import ValidationFailed
from nadd.ingest.readers import read_csv, read_excel

ROWS = "Région,Valeur\nQuébec,12\nMontréal,\"1,234\"\n"


@pytest.mark.parametrize("encoding,prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                             ("latin-1", b""), ("cp1252", b"")])
def test_accents_survive_every_common_encoding(tmp_path, encoding, prefix):
    p = tmp_path / "f.csv"
    p.write_bytes(prefix + ROWS.encode(encoding))
    sheet = read_csv(p, required=["Valeur"])
    assert list(sheet.frame.columns) == ["Région", "Valeur"]
    assert sheet.frame["Région"].tolist() == ["Québec", "Montréal"]


def test_mac_roman_is_read_when_declared(tmp_path):
    p = tmp_path / "f.csv"
    p.write_bytes(ROWS.encode("mac_roman"))
    assert read_csv(p, encoding="mac_roman").frame["Région"].tolist() == ["Québec", "Montréal"]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_only_line_endings_give_the_same_rows_and_line_numbers(tmp_path, newline):
    p = tmp_path / "f.csv"
    p.write_bytes(ROWS.replace("\n", newline).encode("utf-8"))
    sheet = read_csv(p)
    assert len(sheet.frame) == 2 and sheet.rows == [2, 3]


def test_title_rows_are_skipped_and_footers_dropped_with_true_line_numbers(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("Report title\nGenerated 2024\n\nA,B\n1,2\n3,4\n---\nNote: footnote text\n")
    sheet = read_csv(p, required=["A", "B"], is_footer=lambda cells: cells[0].startswith("---"))
    assert sheet.frame.to_dict("records") == [{"A": "1", "B": "2"}, {"A": "3", "B": "4"}]
    assert sheet.rows == [5, 6]


def test_gzip_snapshot_reads_like_the_original(tmp_path):
    p = tmp_path / "f.csv.gz"
    p.write_bytes(gzip.compress(ROWS.encode()))
    sheet = read_csv(p)
    assert sheet.file == "f.csv" and len(sheet.frame) == 2


def test_missing_header_is_refused_naming_the_file(tmp_path):
    p = tmp_path / "wrong.csv"
    p.write_text("x,y\n1,2\n")
    with pytest.raises(ValidationFailed) as e:
        read_csv(p, required=["State", "Year"])
    assert e.value.failures[0].file == "wrong.csv"


def test_spreadsheet_title_rows_are_skipped(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UNODC annex table"])
    ws.append([])
    ws.append(["Country", "Year", "Kilograms"])
    ws.append(["Mexico", 2021, 1284.5])
    p = tmp_path / "t.xlsx"
    wb.save(p)
    sheet = read_excel(p, required=["Country", "Kilograms"])
    assert sheet.frame.to_dict("records") == [{"Country": "Mexico", "Year": "2021", "Kilograms": "1284.5"}]
    assert sheet.rows == [4]


def test_footer_lines_are_kept_with_their_line_number(tmp_path):
    """A footer that documents the query (CDC WONDER) stays readable after it is cut off."""
    p = tmp_path / "f.txt"
    p.write_text('"Notes"\t"Year"\tDeaths\n\t"2019"\t12\n\n"---"\n"Dataset: MCD"\n"Codes: T40.4"\n')
    sheet = read_csv(p, sep="\t", is_footer=lambda cells: cells[0].startswith("---"))
    assert sheet.frame.to_dict("records") == [{"Notes": "", "Year": "2019", "Deaths": "12"}]
    assert sheet.footer_row == 4
    assert sheet.footer[:3] == ['"---"', '"Dataset: MCD"', '"Codes: T40.4"']
    assert read_csv(p, sep="\t").footer == []
