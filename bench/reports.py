"""Report tables on a generated study: 100 participants, 100 codes, 50,000 codings (two coders).

Run: .venv/bin/python bench/reports.py
Prints the time to read the study (codings of all coders, one query) and the time of every table
built from it, each against the 1 s target (ratio = time / 1 s; below 1 meets it). Chart rendering
is timed separately (PNG of the largest heatmap), since it is not part of building a table.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from qualcode.analysis import charts
from qualcode.analysis.cooccurrence import cooccurrence_matrix, cooccurrence_quotes, stored_units
from qualcode.analysis.crosstab import attribute_crosstab
from qualcode.analysis.framework import framework_matrix
from qualcode.analysis.saturation import saturation
from qualcode.analysis.study import load_study
from qualcode.analysis.tables import code_counts, code_table, workflow_view
from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.exchange.charts import render_chart
from qualcode.exchange.tables import render_table
from qualcode.project import create_project, current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Coding, Document, Participant, SpeakerTurn

PARTICIPANTS, CODES, CODINGS = 100, 100, 50_000
TARGET = 1.0
WORDS = "model card licence accuracy dataset hub search deploy latency fine tune tokenizer weights".split()


def generate(url: str, seed: int = 7) -> None:
    """Write the study with bulk inserts (the benchmark measures reading, not writing)."""
    rng = random.Random(seed)
    groups = [{"key": "workflow_stage", "name": "Stages"}] + [
        {"key": f"g{i}", "name": f"Group {i}"} for i in range(1, 5)
    ]
    codes = [{"key": f"s{i}", "name": f"Stage {i}", "group": "workflow_stage"} for i in range(4)]
    codes += [
        {"key": f"c{i:03d}", "name": f"Code {i:03d}", "group": f"g{1 + i % 4}"}
        for i in range(CODES - 4)
    ]
    with session_scope(url) as session:
        project = create_project(session, "Bench study")
        codebook = codebook_store.import_spec(
            session, project, parse_codebook({"name": "Bench", "groups": groups, "codes": codes})
        )
        code_ids = [c.id for c in codebook_store.codes(session, codebook)]
        coders = [get_or_create_coder(session, project, name).id for name in ("alice", "bob")]
        connection = session.connection()
        texts = []
        for _ in range(PARTICIPANTS):
            turns, text, position = [], [], 0
            for turn in range(60):
                line = f"{'Interviewer' if turn % 2 == 0 else 'Participant'}: " + " ".join(
                    rng.choice(WORDS) for _ in range(rng.randint(20, 80))
                )
                turns.append((position, position + len(line)))
                text.append(line)
                position += len(line) + 1
            texts.append(("\n".join(text), turns))
        connection.execute(
            insert(Participant),
            [{"project_id": project.id, "label": f"P{n}", "attributes": {"size": rng.choice(["small", "large"]),
              "langs": rng.sample(["py", "js", "go", "rust"], 2)}} for n in range(1, PARTICIPANTS + 1)],
        )  # fmt: skip
        people = {
            p.label: p.id for p in session.query(Participant).filter_by(project_id=project.id)
        }
        connection.execute(
            insert(Document),
            [{"project_id": project.id, "participant_id": people[f"P{n}"], "title": f"Interview {n}",
              "text": texts[n - 1][0], "interview_date": f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}", "meta": {}}
             for n in range(1, PARTICIPANTS + 1)],
        )  # fmt: skip
        documents = [
            d.id
            for d in session.query(Document).filter_by(project_id=project.id).order_by(Document.id)
        ]
        connection.execute(
            insert(SpeakerTurn),
            [{"document_id": d, "seq": i, "speaker": "P" if i % 2 else "I", "role": "other", "start": a, "end": b}
             for d, (_, turns) in zip(documents, texts, strict=True) for i, (a, b) in enumerate(turns)],
        )  # fmt: skip
        rows = []
        for _ in range(CODINGS):
            index = rng.randrange(PARTICIPANTS)
            length = len(texts[index][0])
            start = rng.randrange(length - 600)
            rows.append({"document_id": documents[index], "coder_id": rng.choice(coders),
                         "code_id": rng.choice(code_ids), "start": start, "end": start + rng.randint(40, 500),
                         "memo": "memo" if rng.random() < 0.1 else ""})  # fmt: skip
        connection.execute(insert(Coding), rows)


def timed(label: str, function, results: list) -> object:
    start = time.perf_counter()
    value = function()
    elapsed = time.perf_counter() - start
    results.append((label, elapsed))
    print(
        f"{label:<46} {elapsed:7.3f} s   ratio {elapsed / TARGET:5.2f}   {'ok' if elapsed < TARGET else 'SLOW'}"
    )
    return value


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        start = time.perf_counter()
        generate(url)
        print(f"generated {PARTICIPANTS} participants, {CODES} codes, {CODINGS:,} codings in "
              f"{time.perf_counter() - start:.1f} s (SQLite)\n")  # fmt: skip
        results: list = []
        with session_scope(url) as session:
            project = current_project(session)
            study = timed(
                "read the study (codings_frame + codebook)",
                lambda: load_study(session, project),
                results,
            )
            tables = results[:]
            timed("code table, group g1", lambda: code_table(study, "g1"), tables)
            timed("code table, all 100 codes", lambda: code_table(study), tables)
            timed(
                "code x participant matrix (counts)",
                lambda: code_counts(study, "participant"),
                tables,
            )
            timed(
                "code x participant matrix (presence)",
                lambda: code_counts(study, "participant", presence=True),
                tables,
            )
            timed("code frequency by coder", lambda: code_counts(study, "coder"), tables)
            timed("code frequency by document", lambda: code_counts(study, "document"), tables)
            timed("cross-tab by size", lambda: attribute_crosstab(study, "size"), tables)
            timed(
                "cross-tab by langs (list-valued)",
                lambda: attribute_crosstab(study, "langs"),
                tables,
            )
            overlap = timed(
                "co-occurrence, overlapping spans", lambda: cooccurrence_matrix(study), tables
            )
            units = stored_units(session)
            timed(
                "co-occurrence, same turn",
                lambda: cooccurrence_matrix(study, "turn", units=units),
                tables,
            )
            timed(
                "co-occurrence quotes of one cell",
                lambda: cooccurrence_quotes(study, "c000", "c001"),
                tables,
            )
            timed("saturation (date order, k = 2)", lambda: saturation(study, "date", 2), tables)
            timed("framework matrix, group g1", lambda: framework_matrix(study, "g1"), tables)
            timed("workflow view", lambda: workflow_view(study), tables)
            table = code_table(study)
            timed("LaTeX of the 100-code table", lambda: render_table(table, "latex"), tables)
            timed("XLSX of the 100-code table", lambda: render_table(table, "xlsx"), tables)
            chart = charts.cooccurrence_chart(overlap)
            start = time.perf_counter()
            render_chart(chart, "png")
            print(
                f"\n(chart) PNG of the 100 x 100 co-occurrence heatmap: {time.perf_counter() - start:.2f} s"
            )
        slow = [label for label, elapsed in tables[1:] if elapsed >= TARGET]
        worst = max(tables[1:], key=lambda r: r[1])
        print(f"\nslowest table: {worst[0]} {worst[1]:.3f} s; tables over {TARGET:.0f} s: {len(slow)}"
              + (f" ({', '.join(slow)})" if slow else ""))  # fmt: skip


if __name__ == "__main__":
    main()
