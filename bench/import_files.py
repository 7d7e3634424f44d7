"""Large, valid input files for every importer of the CLI (used by imports_bounded.py).

The text is seeded pseudo-English: words drawn from a Zipf-weighted vocabulary of 4,000, so it
compresses about as well as real prose (deflate ~2.5-3x) and zip-based files (docx, xlsx, qdpx,
backups) hold as much text as a real file of their size. Each writer is given a size in bytes and
stops just under it.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUALTRICS = ROOT / "tests" / "survey" / "data" / "qualtrics"
PTMTORRENT = ROOT.parent / "shared" / "data" / "ptmtorrent" / "onnxmodelzoo_ptmtorrent.json"
SURVEY = ROOT / "codebooks" / "ptm_reuse_survey.yaml"
SPEAKERS = ("Interviewer", "Participant")


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    letters = "etaoinshrdlucmfwypvbgkqjxz"
    weights = [26 - i for i in range(26)]
    words = {"".join(rng.choices(letters, weights, k=rng.randint(2, 9))) for _ in range(4500)}
    vocabulary = sorted(words)[:4000]
    rng.shuffle(vocabulary)
    return vocabulary, [1 / (rank + 1) for rank in range(len(vocabulary))]


class Prose:
    """Seeded sentences of Zipf-distributed words (a pool of 20,000, drawn at random)."""

    def __init__(self, seed: int = 15) -> None:
        rng = random.Random(seed)
        vocabulary, weights = _vocabulary(rng)
        self.rng = rng
        self.sentences = [
            " ".join(rng.choices(vocabulary, weights, k=rng.randint(6, 22))).capitalize() + "."
            for _ in range(20_000)
        ]

    def text(self, sentences: int) -> str:
        return " ".join(self.rng.choices(self.sentences, k=sentences))

    def turns(self, limit: int) -> Iterator[tuple[int, str, str]]:
        """(number, speaker, text) of alternating turns, about `limit` characters in all."""
        total, number = 0, 0
        while total < limit:
            text = self.text(self.rng.randint(1, 6))
            total += len(text) + 16
            yield number, SPEAKERS[number % 2], text
            number += 1


def _stamp(seconds: int, sep: str = ".") -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}{sep}000"


def write_lines(path: Path, lines: Iterator[str], size: int) -> Path:
    """Write lines until the next one would pass `size` bytes."""
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in lines:
            written += len(line.encode("utf-8"))
            if written > size:
                break
            handle.write(line)
    return path


def transcript_lines(prose: Prose, fmt: str, size: int) -> Iterator[str]:
    """The lines of a transcript in one of the plain-text formats (txt, otter, vtt, srt)."""
    if fmt == "vtt":
        yield "WEBVTT\n\n"
    for number, speaker, text in prose.turns(size * 2):
        at = number * 7 % 360_000  # under 100 hours, as the formats write them
        if fmt == "txt":
            yield f"{speaker}: {text}\n\n"
        elif fmt == "otter":
            clock = (
                f"{at // 3600}:{at // 60 % 60:02d}:{at % 60:02d}"
                if at >= 3600
                else f"{at // 60}:{at % 60:02d}"
            )
            yield f"{speaker}  {clock}\n{text}\n\n"
        elif fmt == "vtt":
            yield f"{_stamp(at)} --> {_stamp(at + 6)}\n<v {speaker}>{text}\n\n"
        else:
            yield f"{number + 1}\n{_stamp(at, ',')} --> {_stamp(at + 6, ',')}\n{speaker}: {text}\n\n"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_docx(path: Path, prose: Prose, size: int, rev: bool = False) -> Path:
    """A Word document of "Name: text" paragraphs (or Rev's "Speaker 1 (00:01):" paragraph, then
    the turn): python-docx's own template with a generated body, compressed as Word does."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    head, tail = source.read("word/document.xml").decode("utf-8").split("<w:sectPr", 1)
    head = head.replace("<w:body/>", "<w:body>").rsplit("</w:body>", 1)[0]
    budget = size * 0.98 - 40_000  # the template's other parts, zip buffers
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                archive.writestr(item, source.read(item))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head.encode("utf-8"))
            for number, speaker, text in prose.turns(size * 10):
                if rev:
                    label = f"Speaker {number % 2 + 1} ({_stamp(number * 7)[:8]}):"
                    xml = f"<w:p><w:r><w:t>{label}</w:t></w:r></w:p><w:p><w:r><w:t>{_xml_text(text)}</w:t></w:r></w:p>"
                else:
                    xml = f"<w:p><w:r><w:t>{speaker}: {_xml_text(text)}</w:t></w:r></w:p>"
                member.write(xml.encode("utf-8"))
                if number % 2000 == 0 and path.stat().st_size > budget:
                    break
            member.write(("<w:sectPr" + tail).encode("utf-8"))
    return path


def write_pdf(path: Path, prose: Prose, size: int) -> Path:
    """A PDF with a text layer (uncompressed content streams, as the tests' writer makes them):
    "Name: text" lines, 50 a page, as many pages as fit in `size` bytes."""
    sys.path.insert(0, str(ROOT / "tests" / "ingest"))
    from ingest_files import pdf_pages_bytes

    pages, page, total = [], [], 0
    for _, speaker, text in prose.turns(size):
        words, line = f"{speaker}: {text}".split(), ""
        for word in [*words, None]:
            if word is None or len(line) + len(word) > 90:
                page.append(line)
                total += len(line) + 40  # the line's text operators
                line = ""
                if len(page) == 50:
                    pages.append(page)
                    page, total = [], total + 260  # the page's objects
            if word is not None:
                line = f"{line} {word}".strip()
        if total > size * 0.97:
            break
    path.write_bytes(pdf_pages_bytes(pages))
    return path


def answer_rows(prose: Prose, size: int) -> Iterator[list[str]]:
    """An answer sheet: pid, answer, role, years (the answer a few sentences)."""
    yield ["pid", "answer", "role", "years"]
    total, number = 0, 0
    roles = ("Developer", "ML engineer", "Researcher", "Data scientist")
    while True:
        row = [f"P{number + 1}", prose.text(prose.rng.randint(1, 8)), roles[number % 4],
               str(number % 25)]  # fmt: skip
        total += sum(len(cell) for cell in row) + 8
        if total > size:
            return
        yield row
        number += 1


def demographic_rows(prose: Prose, size: int) -> Iterator[list[str]]:
    """Participant attributes as the study's demographics.csv has them (a multi-valued column)."""
    yield ["participant", "dl_expertise", "se_expertise", "projects", "model_types", "company",
           "team_size", "notes"]  # fmt: skip
    kinds = ("Computer Vision", "Natural Language Processing", "Speech", "Tabular")
    total, number = 0, 0
    rng = prose.rng
    while True:
        row = [f"P{number + 1}", str(rng.randint(1, 5)), str(rng.randint(1, 5)),
               str(rng.randint(0, 40)), ",".join(rng.sample(kinds, rng.randint(1, 3))),
               rng.choice(("Startup", "Large company", "University")), str(rng.randint(1, 200)),
               prose.text(1)]  # fmt: skip
        total += sum(len(cell) for cell in row) + 10
        if total > size:
            return
        yield row
        number += 1


def write_csv(path: Path, rows: Iterator[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: Iterator[list[str]], size: int, expanded: int | None = None
) -> Path:
    """The rows as a workbook (openpyxl write-only), as many as fit in `size` bytes and, when
    given, expand to at most `expanded` bytes (the archive check refuses an xlsx expanding past
    10x the upload limit): the bytes a row takes are measured on the first 2,000 rows."""
    from openpyxl import Workbook

    def save(target: Path, chosen: list[list[str]]) -> int:
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in chosen:
            sheet.append([int(cell) if cell.isdigit() else cell for cell in row])
        book.save(target)
        return target.stat().st_size

    rows = iter(rows)
    head = [next(rows) for _ in range(2001)]
    per_row = save(path, head) / len(head)
    wanted = int(size * 0.97 / per_row)
    if expanded is not None:
        inflated = sum(member.file_size for member in zipfile.ZipFile(path).infolist()) / len(head)
        wanted = min(wanted, int(expanded * 0.95 / inflated))
    chosen = head + [row for _, row in zip(range(wanted - len(head)), rows, strict=False)]
    save(path, chosen)
    return path


def codebook_spec(prose: Prose, size: int) -> dict:
    """A codebook dict (JSON shape) of grouped codes with definitions, inclusion criteria and examples."""
    groups = [
        {"key": f"g{i}", "name": f"Group {i}", "description": prose.text(2)} for i in range(40)
    ]
    codes, total, number = [], 0, 0
    while total < size:
        code = {"key": f"c{number}", "name": f"Code {number}", "group": f"g{number % 40}",
                "definition": prose.text(3), "include": prose.text(1),
                "examples": [prose.text(1)]}  # fmt: skip
        if number % 5 and number > 5:
            code["parent"] = f"c{number - number % 5}"
        total += sum(len(str(v)) for v in code.values()) + 110
        codes.append(code)
        number += 1
    return {"name": "Big codebook", "version": 1, "description": prose.text(3),
            "groups": groups, "codes": codes}  # fmt: skip


def survey_instrument(copies: int) -> dict:
    """The PTM reuse survey with its question pages repeated `copies` times (ids numbered)."""
    spec = yaml.safe_load(SURVEY.read_text(encoding="utf-8"))
    consent, pages = spec["pages"][0], spec["pages"][1:]
    repeated = []
    for k in range(copies):
        for page in pages:
            page = json.loads(json.dumps(page))
            page["title"] = f"{page['title']} ({k + 1})"
            for question in page["questions"]:
                question["id"] = f"{question['id']}_{k}"
                if "show_if" in question:
                    question["show_if"]["question"] = f"{question['show_if']['question']}_{k}"
            repeated.append(page)
    return {**spec, "slug": "big-survey", "pages": [consent, *repeated]}


def _yaml_text(data: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def write_survey(path: Path, size: int) -> Path:
    """A survey instrument of about `size` bytes: the copies needed, measured on 100 of them."""
    per_copy = len(_yaml_text(survey_instrument(100)).encode("utf-8")) / 100
    path.write_text(_yaml_text(survey_instrument(int(size * 0.98 / per_copy))), encoding="utf-8")
    return path


def qualtrics_rows(size: int) -> Iterator[list[str]]:
    """The every-type export's three header rows, then its answer rows under new response ids."""
    with (QUALTRICS / "every_type_3rows.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[:3], rows[3:]
    response = header[0].index("ResponseId")
    yield from header
    total, number = sum(len(",".join(r)) for r in header), 0
    while True:
        row = list(body[number % len(body)])
        row[response] = f"R_bench{number:09d}"
        total += len(",".join(row)) + 2 + row.count("") // 4
        if total > size:
            return
        yield row
        number += 1


def ptmtorrent_models(size: int) -> list[dict]:
    """The ONNX Model Zoo's PTMTorrent records repeated under new ids and names."""
    base = json.loads(PTMTORRENT.read_text(encoding="utf-8"))
    one = len(json.dumps(base)) / len(base)
    models = []
    for number in range(int(size / (one + 12))):
        model = dict(base[number % len(base)])
        model["id"] = number
        model["ModelName"] = f"{model['ModelName']}-{number}"
        models.append(model)
    return models


def download_lines(size: int) -> Iterator[str]:
    """The study's `downloads,registry,` file shape: no header, CRLF, a count with commas."""
    rng = random.Random(3)
    registries = ("pypi", "npm", "huggingface")
    while True:
        count = int(rng.paretovariate(1.1) * 100)
        yield (f'"{count:,}",' if count >= 1000 else f"{count},") + f"{rng.choice(registries)},\r\n"


def model_id_lines(prose: Prose) -> Iterator[str]:
    """Hugging Face model ids, owner/name or a bare name."""
    number = 0
    while True:
        owner, name = prose.rng.choice(prose.sentences).split()[:2]
        yield (f"{owner.lower()}/{name}-{number}" if number % 7 else f"{name}-{number}") + "\n"
        number += 1
