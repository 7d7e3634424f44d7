"""Bounded imports: answer sheets parse in linear time, and importers stay within memory.

1. Answer sheets (CSV and XLSX) of 8,000 and 24,000 rows: parse time and the ratio 24k / 8k
   (3.0 is linear; the quadratic reader this replaced took 4.1 s and 34 s). Target: 24,000 rows < 2 s.
   XLSX is read with calamine (openpyxl took ~8 s for 24,000 rows).
2. Peak memory (RSS, in a fresh process each) of importing files near the 50 MB upload cap: a
   text transcript, a CSV answer sheet, a codebook JSON, and a zip bomb refused before reading.
   Target: peak < 10x the file size + 200 MB.

Run: .venv/bin/python bench/imports_bounded.py [--mb 50] [--sheets-only]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

from qualcode.ingest.readers.answers_reader import read_answers

WORDS = (
    "we reused the pretrained model because fine tuning was cheap but the card said nothing".split()
)


def sheet(rows: int, fmt: str) -> bytes:
    header = ["pid", "answer", "role", "years"]
    body = [[f"P{i % 3000}", " ".join(WORDS[(i + k) % len(WORDS)] for k in range(30)), "Dev", str(i % 20)]
            for i in range(rows)]  # fmt: skip
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows([header, *body])
        return out.getvalue().encode("utf-8")
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    for row in [header, *body]:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse_seconds(rows: int, fmt: str) -> float:
    data = sheet(rows, fmt)
    start = time.perf_counter()
    read_answers(f"answers.{fmt}", data, fmt, "pid", "answer")
    return time.perf_counter() - start


PEAK = """
import resource, sys
from pathlib import Path
from qualcode.cli import cli
from click.testing import CliRunner
result = CliRunner().invoke(cli, sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{peak:.0f} {result.exit_code} {result.output.strip().splitlines()[-1][:90] if result.output.strip() else ''}")
"""


def baseline_mb() -> float:
    code = "import resource; import qualcode.cli; from click.testing import CliRunner; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    return float(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    )


def files(folder: Path, mb: float) -> dict[str, tuple[Path, list[str]]]:
    line = "Participant: " + " ".join(WORDS) + "\n"
    transcript = folder / "big.txt"
    transcript.write_text(
        "Interviewer: hello\n" + line * int(mb * 1024 * 1024 // len(line)), encoding="utf-8"
    )
    answers = folder / "answers.csv"
    rows = int(mb * 1024 * 1024 // 200)
    answers.write_bytes(sheet(rows, "csv"))
    codebook = folder / "codebook.json"
    codes = [{"key": f"c{i}", "name": f"Code {i}", "definition": " ".join(WORDS) * 3}
             for i in range(int(mb * 1024 * 1024 // 300))]  # fmt: skip
    codebook.write_text(json.dumps({"name": "big", "codes": codes}), encoding="utf-8")
    bomb = folder / "bomb.qdpx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", b"<Project/>")
        with archive.open("sources/big.txt", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(1024):
                member.write(chunk)
    db = f"sqlite:///{folder / 'bench.db'}"
    return {
        "transcript .txt": (transcript, ["import", "transcripts", str(transcript), "--db", db]),
        "answers .csv": (answers, ["import", "transcripts", str(answers), "--id-column", "pid",
                                   "--text-column", "answer", "--db", db]),
        "codebook .json": (codebook, ["codebook", "import", str(codebook), "--db", db]),
        "1 GB qdpx bomb": (bomb, ["import", "qdpx", str(bomb), "--db", db]),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50, help="size of the generated files (MB)")
    parser.add_argument("--sheets-only", action="store_true", help="only the answer-sheet timings")
    args = parser.parse_args()
    for fmt in ("csv", "xlsx"):
        parse_seconds(100, fmt)  # warm-up: the first read imports pandas and the engine
        small, large = parse_seconds(8000, fmt), parse_seconds(24000, fmt)
        verdict = "met" if large < 2 else "MISSED"
        print(f"answer sheet {fmt}: 8,000 rows {small:.2f} s, 24,000 rows {large:.2f} s "
              f"(target < 2 s: {verdict}), ratio {large / small:.1f} (linear: 3.0)")  # fmt: skip
    if args.sheets_only:
        return
    base = baseline_mb()
    print(f"baseline (qualcode CLI loaded, nothing imported): {base:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run([sys.executable, "-m", "qualcode.cli", "init", "--name", "Bench", "--db",
                        f"sqlite:///{folder / 'bench.db'}"], capture_output=True)  # fmt: skip
        for label, (path, command) in files(folder, args.mb * 0.95).items():  # just under the cap
            size = path.stat().st_size / 1024 / 1024
            out = subprocess.run(
                [sys.executable, "-c", PEAK, *command], capture_output=True, text=True
            )
            peak, code, message = (out.stdout.strip().split(" ", 2) + ["", ""])[:3]
            budget = 10 * size + 200 + base
            print(f"{label}: {size:.1f} MB file, peak {peak} MB (budget {budget:.0f} MB = 10x file "
                  f"+ 200 MB + baseline), exit {code}: {message}")  # fmt: skip


if __name__ == "__main__":
    main()
