"""`qualcode suggest train|run|evaluate|review`: code suggestions learnt on this machine."""

from __future__ import annotations

import click

from qualcode.cli.common import cli_actor, db_option, emit, json_option, project_transaction


@click.group(name="suggest")
def suggest_group() -> None:
    """Code suggestions from a local model trained on the project's own codings."""


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


@suggest_group.command("train")
@click.option("--coders", default=None, metavar="A,B", help="Learn from these coders' codings.")
@click.option("--consensus", is_flag=True, help="Learn from the reconciled consensus.")
@click.option("--unit", type=click.Choice(["turn", "sentence", "paragraph"]), default="turn",
              show_default=True, help="The unit a suggestion covers.")  # fmt: skip
@click.option("--min-examples", type=click.IntRange(1), default=5, show_default=True,
              help="Codes with fewer coded units are listed, not learnt.")  # fmt: skip
@click.option("--name", default="assistant", show_default=True, help="The assistant coder's name.")
@db_option
@json_option
def train_command(coders, consensus, unit, min_examples, name, db, as_json) -> None:
    """Train one model per code from the units the coders coded and did not code."""
    from qualcode.suggest.train import train

    with project_transaction(db) as (session, project):
        result = train(session, project, _split(coders), consensus, unit, min_examples, name,
                       actor=cli_actor().name).as_dict()  # fmt: skip
    emit(result, as_json, _train_text)


def _train_text(r: dict) -> str:
    source = "the consensus" if r["consensus"] else ", ".join(r["coders"])
    lines = [
        f"Trained '{r['assistant']}' on {source} ({r['unit']} units): {len(r['codes'])} codes."
    ]
    lines += [f"  {k}: {v['positive']} coded, {v['negative']} not" for k, v in r["codes"].items()]
    if r["skipped"]:
        lines.append("Too few examples, not learnt: "
                     + ", ".join(f"{k} ({n})" for k, n in r["skipped"].items()))  # fmt: skip
    return "\n".join(lines)


@suggest_group.command("run")
@click.argument("documents", nargs=-1)
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=0.5,
              show_default=True, help="Suggest a code where its probability reaches this.")  # fmt: skip
@click.option("--name", default=None, help="The assistant coder's name (default: assistant, or "
              "llm-assistant for the llm backend).")  # fmt: skip
@click.option("--backend", type=click.Choice(["local", "llm"]), default="local", show_default=True,
              help="local: the trained model on this machine; llm: the endpoint in QUALCODE_LLM_URL.")  # fmt: skip
@click.option("--unit", type=click.Choice(["turn", "sentence", "paragraph"]), default="turn",
              show_default=True, help="The unit the llm backend codes (the local model keeps its own).")  # fmt: skip
@click.option("--send-text-to-llm", is_flag=True,
              help="Confirm that transcript text may go to a language model on another host.")  # fmt: skip
@db_option
@json_option
def run_command(documents, threshold, name, backend, unit, send_text_to_llm, db, as_json) -> None:
    """Write suggestions (codings of the assistant) for DOC... (ids or titles; default all)."""
    from qualcode.suggest.llm_run import run_llm
    from qualcode.suggest.run import run

    with project_transaction(db) as (session, project):
        if backend == "llm":
            result = run_llm(session, project, documents, unit, name or "llm-assistant",
                             send_text_to_llm, actor=cli_actor().name)  # fmt: skip
        else:
            result = run(
                session, project, documents, threshold, name or "assistant", actor=cli_actor().name
            )
    emit(result, as_json, lambda r: (
        f"'{r['assistant']}' suggested {sum(r['suggestions'].values())} codings in "
        f"{r['documents']} documents ({r['units']} {r['unit']} units"
        + (f", threshold {r['threshold']})." if r["threshold"] is not None else f", {r['host']}).")
        + "".join(f"\nWarning: {w}" for w in r.get("warnings", []))))  # fmt: skip


@suggest_group.command("evaluate")
@click.option("--name", default="assistant", show_default=True, help="The assistant coder's name.")
@click.option(
    "--threshold", type=click.FloatRange(0, 1, min_open=True), default=0.5, show_default=True
)
@db_option
@json_option
def evaluate_command(name, threshold, db, as_json) -> None:
    """Leave-one-document-out precision, recall, F1 and alpha against each coder."""
    from qualcode.suggest.evaluate import evaluate

    with project_transaction(db) as (session, project):
        report = evaluate(session, project, name, threshold)
    emit(report, as_json, _evaluate_text)


def _number(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def _evaluate_text(r: dict) -> str:
    coders = r["coders"]
    head = (f"'{r['assistant']}' vs {', '.join(coders)}: {r['method']} over {r['documents']} "
            f"documents, {r['unit']} units, threshold {r['threshold']}")  # fmt: skip
    columns = (
        ["code", "precision", "recall", "F1"]
        + [f"α vs {c}" for c in coders]
        + ["α humans", "reading"]
    )
    lines = [head, "  ".join(columns)]
    for row in r["codes"]:
        cells = [row["code"], _number(row["precision"]), _number(row["recall"]), _number(row["f1"])]
        cells += [_number(row["alpha"][c]) for c in coders]
        cells += [_number(row["human_alpha"]), row["reading"] or "—"]
        lines.append("  ".join(cells))
    if r["skipped"]:
        lines.append("Not learnt (too few examples): " + ", ".join(r["skipped"]))
    decided = [row for row in r["codes"] if row["decisions"]["coders"]]
    if decided:
        lines.append("Decisions on its suggestions (accepted / rejected):")
    for row in decided:
        d = row["decisions"]
        lines.append(f"  {row['code']}: {d['accepted']} / {d['rejected']} ("
                     + ", ".join(f"{name} {c['accepted']} / {c['rejected']}"
                                 for name, c in sorted(d["coders"].items())) + ")")  # fmt: skip
    return "\n".join(lines)


@suggest_group.command("review")
@click.argument("suggestion", type=int)
@click.option("--accept/--reject", "accepted", required=True, help="Accept or reject it.")
@click.option("--coder", required=True, help="Who decides (an accepted one becomes their coding).")
@db_option
@json_option
def review_command(suggestion, accepted, coder, db, as_json) -> None:
    """Accept a suggestion (it becomes the coder's own coding) or reject it, for that coder."""
    from qualcode.suggest import review

    with project_transaction(db) as (session, project):
        if accepted:
            coding = review.accept(session, project, suggestion, coder)
            result = {"suggestion": suggestion, "status": "accepted", "coding": coding.id}
        else:
            review.reject(session, project, suggestion, coder)
            result = {"suggestion": suggestion, "status": "rejected", "coding": None}
    result["coder"] = coder
    emit(result, as_json, lambda r: (f"Suggestion {r['suggestion']} {r['status']} by {r['coder']} "
                                     "(other coders still decide for themselves)."))  # fmt: skip
