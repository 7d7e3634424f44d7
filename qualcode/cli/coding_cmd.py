"""`qualcode search`, `qualcode retrieve`, `qualcode memo add|list`, `qualcode blind`: coding work
from the command line (the app's Retrieve, Memos and blind-coding switches)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from qualcode.cli.common import cli_actor, db_option, emit, json_option, project_transaction
from qualcode.codebook import store as codebook_store
from qualcode.coding.memos import add_memo, list_memos
from qualcode.coding.retrieval import coded_quotes, quotes_csv
from qualcode.coding.search import code_hits, search_text
from qualcode.coding.visibility import set_blind_coding, set_owner
from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.documents import resolve_document
from qualcode.ingest.participants import get_participant
from qualcode.project import get_or_create_coder, list_coders


@click.command("search")
@click.argument("pattern")
@click.option("--regex", is_flag=True, help="Treat PATTERN as a regular expression.")
@click.option("--case", "case_sensitive", is_flag=True, help="Match upper and lower case exactly.")
@click.option("--context", default=60, show_default=True, help="Characters shown on each side.")
@click.option("--code", "code_ref", help="Apply this code (key or name) to every hit...")
@click.option("--coder", help="...as this coder (needed with --code).")
@db_option
@json_option
def search_command(pattern, regex, case_sensitive, context, code_ref, coder, db, as_json) -> None:
    """Search all transcripts; print hits in context (keyword in context), optionally code them."""
    if code_ref and not coder:
        raise click.UsageError("--code needs --coder (who is coding the hits)")
    with project_transaction(db) as (session, project):
        hits = search_text(session, project, pattern, regex=regex, case_sensitive=case_sensitive,
                           context=context)  # fmt: skip
        coded = None
        if code_ref:
            codebook = codebook_store.require_codebook(session, project)
            code = codebook_store.resolve_code(session, codebook, code_ref)
            who = get_or_create_coder(session, project, coder)
            coded = code_hits(session, hits, who, code, codebook.version, cli_actor().name)
    result = {"hits": [asdict(h) for h in hits], "coded": coded}

    def text(r) -> str:
        lines = [f"{h['document']} @{h['start']}: ...{h['before']}[{h['match']}]{h['after']}..."
                 for h in r["hits"]]  # fmt: skip
        lines.append(f"{len(r['hits'])} hits" + (f"; coded {r['coded']}" if code_ref else ""))
        return "\n".join(line.replace("\n", " ") for line in lines)

    emit(result, as_json, text)


@click.command("retrieve")
@click.argument("codes", nargs=-1)
@click.option("--group", help="All codes of this codebook group (key or name).")
@click.option("--coder", "coders", multiple=True, help="Only this coder (repeatable).")
@click.option(
    "--participant", "participants", multiple=True, help="Only this participant id (repeatable)."
)
@click.option("--attribute", help="Only participants with this attribute, as name=value.")
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write the quotes as CSV to this file."
)
@db_option
@json_option
def retrieve_command(codes, group, coders, participants, attribute, out, db, as_json) -> None:
    """Every coded quote of the given codes (keys or names) with its context."""
    with project_transaction(db) as (session, project):
        codebook = codebook_store.require_codebook(session, project)
        chosen = [codebook_store.resolve_code(session, codebook, ref) for ref in codes]
        if group:
            chosen += codebook_store.group_codes(session, codebook, group)
        if not chosen:
            raise ValidationError("name at least one code, or a --group")
        by_name = {c.name: c.id for c in list_coders(session, project)}
        missing = [c for c in coders if c not in by_name]
        if missing:
            raise NotFoundError(f"no coder called {', '.join(missing)}")
        people = [get_participant(session, project, p) for p in participants]
        if None in people:
            raise NotFoundError(f"no participant among {', '.join(participants)}")
        pair = None
        if attribute:
            if "=" not in attribute:
                raise ValidationError(f"--attribute {attribute!r}: expected name=value")
            pair = tuple(part.strip() for part in attribute.split("=", 1))
        quotes = coded_quotes(
            session, project, [c.id for c in chosen],
            coder_ids=[by_name[c] for c in coders] or None,
            participant_ids=[p.id for p in people] or None, attribute=pair,
        )  # fmt: skip
    if out:
        Path(out).write_text(quotes_csv(quotes), encoding="utf-8")
    emit(
        [asdict(q) for q in quotes], as_json,
        lambda rows: "\n".join(
            [f"[{r['code']}] {r['document']} {r['participant']} {r['speaker']} ({r['coder']}): "
             f"{r['quote'] or '(whole document)'}".replace("\n", " ") for r in rows]
            + [f"{len(rows)} quotes" + (f", written to {out}" if out else "")]
        ),
    )  # fmt: skip


@click.group("memo")
def memo_group() -> None:
    """Write and list memos (on the project, a document or a code)."""


@memo_group.command("add")
@click.argument("text")
@click.option(
    "--document", "document_ref", help="The memo is about this document (id, title or file)."
)
@click.option("--code", "code_ref", help="The memo is about this code (key or name).")
@click.option("--title", default="")
@click.option("--author", default="")
@db_option
@json_option
def memo_add(text, document_ref, code_ref, title, author, db, as_json) -> None:
    """Write a memo."""
    if document_ref and code_ref:
        raise click.UsageError("a memo is about a document or a code, not both")
    with project_transaction(db) as (session, project):
        target, target_id = "project", None
        if document_ref:
            target, target_id = "document", resolve_document(session, project, document_ref).id
        elif code_ref:
            codebook = codebook_store.require_codebook(session, project)
            target, target_id = "code", codebook_store.resolve_code(session, codebook, code_ref).id
        memo = add_memo(session, project, text, target=target, target_id=target_id, title=title,
                        author=author)  # fmt: skip
        result = {"id": memo.id, "target": target, "target_id": target_id}
    emit(result, as_json, lambda r: f"Memo {r['id']} saved on the {r['target']}.")


@memo_group.command("list")
@click.option("--search", default="", help="Only memos containing these words.")
@db_option
@json_option
def memo_list(search, db, as_json) -> None:
    """List memos, newest first (including memos written on codings)."""
    with project_transaction(db) as (session, project):
        entries = [asdict(e) for e in list_memos(session, project, search)]
    emit(entries, as_json, lambda rows: "\n".join(
        f"{r['updated_at']:%Y-%m-%d} {r['about']} ({r['author'] or '-'}): {r['title'] or r['text'][:60]}"
        .replace("\n", " ") for r in rows) or "No memos.")  # fmt: skip


@click.command("blind")
@click.argument("state", type=click.Choice(["on", "off"]))
@click.option("--reconciliation", type=click.Choice(["open", "closed"]), default="closed",
              show_default=True, help="Open reconciliation to let coders see each other's codings.")  # fmt: skip
@click.option("--owner", default=None, metavar="CODER",
              help="Make this coder the project owner: the one who may switch blind coding in the app.")  # fmt: skip
@db_option
@json_option
def blind_command(state, reconciliation, owner, db, as_json) -> None:
    """Switch blind coding: each coder sees only their own codings until reconciliation opens."""
    with project_transaction(db) as (session, project):
        if owner:
            set_owner(session, project, get_or_create_coder(session, project, owner))
        set_blind_coding(session, project, state == "on", reconciliation == "open")
        result = {
            "blind_coding": project.blind_coding,
            "reconciliation_open": project.reconciliation_open,
            "owner": owner,
        }
    emit(result, as_json, lambda r: (
        f"Blind coding {'on' if r['blind_coding'] else 'off'}; "
        f"reconciliation {'open' if r['reconciliation_open'] else 'closed'}."))  # fmt: skip
