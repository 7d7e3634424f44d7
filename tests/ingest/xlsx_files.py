"""Workbooks written by hand (raw sheet XML, as other tools write them) and the reading the sheet
importers had before the streamed reader: calamine's cells as pandas' text, the reference the
streamed reader must match cell for cell."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from xml.sax.saxutils import quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
CONDITIONAL_FORMAT = '<numFmt numFmtId="200" formatCode="yyyy-mm-dd"/>'  # no cell style's
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def raw_workbook(
    rows: str,
    strings: list[str] | None = None,
    formats: dict[int, str] | None = None,
    styles: tuple[int, ...] = (0,),
    date1904: bool = False,
    namespace: str = MAIN,
) -> bytes:
    """An XLSX file whose first sheet's <sheetData> is `rows`; `strings` are the shared strings'
    <si> contents, `formats` custom number formats by id, `styles` the numFmtId of each cell
    style. The first sheet is the second member listed, named by an absolute target."""
    ns = f'xmlns="{namespace}"'
    custom = "".join(
        f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>'
        for i, code in (formats or {}).items()
    )
    xfs = "".join(f'<xf numFmtId="{i}" fontId="0"/>' for i in styles)
    book = (
        f'<workbook {ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<workbookPr date1904="{int(date1904)}"/><sheets><sheet name="Answers" sheetId="2" r:id="rId3"/>'
        '<sheet name="Other" sheetId="1" r:id="rId7"/></sheets></workbook>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet {ns}><numFmts>{custom}</numFmts><cellStyleXfs><xf numFmtId="14"/>'
            f"</cellStyleXfs><cellXfs>{xfs}</cellXfs><dxfs><dxf>{CONDITIONAL_FORMAT}</dxf></dxfs></styleSheet>",
        )
        if strings is not None:
            sst = "".join(f"<si>{s}</si>" for s in strings)
            archive.writestr(
                "xl/sharedStrings.xml", f'<sst {ns} count="{len(strings)}">{sst}</sst>'
            )
        archive.writestr(
            "xl/worksheets/sheet2.xml",
            f'<worksheet {ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>other sheet</t></is></c></row></sheetData></worksheet>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet {ns}>'
            f'<dimension ref="A1:C3"/><sheetData>{rows}</sheetData></worksheet>',
        )
    return out.getvalue()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return str(datetime(value.year, value.month, value.day))
    return str(value)


def calamine_rows(data: bytes) -> list[list[str]]:
    """The first sheet as the importers read it with calamine (python-calamine, pandas' text)."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    if sheet.start is None:
        return []
    padding = [""] * sheet.start[1]
    return [padding + [_cell_text(cell) for cell in row] for row in sheet.iter_rows()]
