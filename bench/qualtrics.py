"""Benchmark: importing a Qualtrics export of every question type (85 columns) with 5,000
responses, with the .qsf and without (questions inferred); each must take under 10 s.

Run: .venv/bin/python bench/qualtrics.py [--responses 5000]. Prints seconds per import and the
ratio to the target (below 1.0 meets it). The export repeats the rows of the test corpus's
`every_type_3rows.csv` under new response ids; uses a throwaway SQLite file.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

from qualcode.project import create_project, current_project
from qualcode.store import session_scope
from qualcode.survey.qualtrics_import import import_qualtrics

CORPUS = Path(__file__).parents[1] / "tests" / "survey" / "data" / "qualtrics"
TARGET_SECONDS = 10.0


def write_export(path: Path, n: int) -> None:
    """The corpus export with its answer rows repeated to n responses."""
    with (CORPUS / "every_type_3rows.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[:3], rows[3:]
    response_id = header[0].index("ResponseId")
    repeated = []
    for number in range(n):
        row = list(body[number % len(body)])
        row[response_id] = f"R_bench{number:07d}"
        repeated.append(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(header + repeated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.csv"
        write_export(export, args.responses)
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        with session_scope(url) as session:
            create_project(session, "Bench")
        print(
            f"{args.responses} responses x 85 columns (SQLite); target {TARGET_SECONDS:.0f} s per import"
        )
        for label, slug, instrument in (
            ("with .qsf", "q", CORPUS / "every_type.qsf"),
            ("inferred", "i", None),
        ):
            started = time.perf_counter()
            with session_scope(url) as session:
                report = import_qualtrics(
                    session, current_project(session), export, slug, instrument
                )
            seconds = time.perf_counter() - started
            print(
                f"  {label:<10} {seconds:6.2f} s   ratio {seconds / TARGET_SECONDS:.2f}"
                f"   ({report['imported']} imported, {len(report['questions'])} questions)"
            )


if __name__ == "__main__":
    main()
