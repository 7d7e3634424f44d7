"""suggestion decisions per coder

Revision ID: s2_18_decisions
Revises: i15_unique_keys
Create Date: 2026-12-02 02:40:00

Before this, a suggestion had one status for everybody: when one coder rejected (or accepted) it,
it disappeared for every coder. Each coder now decides for themself, one `suggestiondecision`
row per (suggestion, coder). Every decision already made moves there, under the coder who made it
(a coder row is created for a name that had none, as accepting always did).
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "s2_18_decisions"
down_revision: str | Sequence[str] | None = "i15_unique_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sqlmodel.sql.sqltypes.UTCDateTime
CODERS = sa.table(
    "coder", sa.column("id"), sa.column("project_id"), sa.column("name"), sa.column("role"),
    sa.column("created_at", TIME),
)  # fmt: skip
OLD = sa.table(
    "suggestion", sa.column("id"), sa.column("coding_id"), sa.column("status"),
    sa.column("decided_by"), sa.column("decided_at", TIME), sa.column("accepted_coding_id"),
)  # fmt: skip
CODINGS = sa.table("coding", sa.column("id"), sa.column("coder_id"), sa.column("created_at", TIME))
DECISIONS = sa.table(
    "suggestiondecision", sa.column("suggestion_id"), sa.column("coder_id"),
    sa.column("decision"), sa.column("decided_at", TIME), sa.column("coding_id"),
)  # fmt: skip


def _create_decisions() -> None:
    op.create_table(
        "suggestiondecision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["coder.id"], name=op.f("fk_suggestiondecision_coder_id_coder")
        ),
        sa.ForeignKeyConstraint(
            ["coding_id"], ["coding.id"], name=op.f("fk_suggestiondecision_coding_id_coding")
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"], ["suggestion.id"],
            name=op.f("fk_suggestiondecision_suggestion_id_suggestion"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestiondecision")),
        sa.UniqueConstraint(
            "suggestion_id", "coder_id", name=op.f("uq_suggestiondecision_suggestion_id")
        ),
    )  # fmt: skip
    with op.batch_alter_table("suggestiondecision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suggestiondecision_coder_id"), ["coder_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_suggestiondecision_suggestion_id"), ["suggestion_id"], unique=False
        )


def _decided(connection: sa.Connection) -> list[dict]:
    """Every decision made so far, as a row for suggestiondecision (coder rows created for names
    that had none: rejecting did not create one, as accepting did)."""
    assistant = CODERS.alias("assistant")
    rows = connection.execute(
        sa.select(OLD.c.id, OLD.c.status, OLD.c.decided_by, OLD.c.decided_at,
                  OLD.c.accepted_coding_id, CODINGS.c.created_at, assistant.c.project_id)
        .join(CODINGS, CODINGS.c.id == OLD.c.coding_id)
        .join(assistant, assistant.c.id == CODINGS.c.coder_id)
        .where(OLD.c.status.in_(["accepted", "rejected"])).order_by(OLD.c.id)
    ).all()  # fmt: skip
    now, coder_ids = datetime.now(UTC), {}
    for row in rows:
        key = (row.project_id, row.decided_by)
        if key not in coder_ids:
            found = connection.execute(sa.select(CODERS.c.id).where(
                CODERS.c.project_id == row.project_id, CODERS.c.name == row.decided_by)).scalar()  # fmt: skip
            if found is None:
                found = connection.execute(CODERS.insert().values(
                    project_id=row.project_id, name=row.decided_by, role="coder", created_at=now,
                ).returning(CODERS.c.id)).scalar()  # fmt: skip
            coder_ids[key] = found
    return [{"suggestion_id": r.id, "coder_id": coder_ids[(r.project_id, r.decided_by)],
             "decision": r.status, "decided_at": r.decided_at or r.created_at or now,
             "coding_id": r.accepted_coding_id} for r in rows]  # fmt: skip


def upgrade() -> None:
    # Read the decisions before SQLite rebuilds the suggestion table, which it can only drop
    # while no other table's rows refer to it.
    decided = _decided(op.get_bind())
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_constraint("fk_suggestion_accepted_coding_id_coding", type_="foreignkey")
        for column in ("status", "decided_by", "decided_at", "accepted_coding_id"):
            batch_op.drop_column(column)
    _create_decisions()
    if decided:
        op.get_bind().execute(DECISIONS.insert(), decided)


def downgrade() -> None:
    """Back to one status per suggestion: the earliest decision on each one wins."""
    connection = op.get_bind()
    first = connection.execute(sa.text(
        "SELECT d.suggestion_id, d.decision, c.name, d.decided_at, d.coding_id "
        "FROM suggestiondecision d JOIN coder c ON c.id = d.coder_id ORDER BY d.id DESC"
    )).all()  # fmt: skip
    with op.batch_alter_table("suggestiondecision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestiondecision_suggestion_id"))
        batch_op.drop_index(batch_op.f("ix_suggestiondecision_coder_id"))
    op.drop_table("suggestiondecision")
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=False, server_default="open"))  # fmt: skip
        batch_op.add_column(sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=False, server_default=""))  # fmt: skip
        batch_op.add_column(sa.Column("decided_at", TIME(), nullable=True))
        batch_op.add_column(sa.Column("accepted_coding_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_suggestion_accepted_coding_id_coding", "coding", ["accepted_coding_id"], ["id"]
        )
    for suggestion_id, decision, name, decided_at, coding_id in first:  # the earliest last
        connection.execute(
            sa.text("UPDATE suggestion SET status = :s, decided_by = :n, decided_at = :t, "
                    "accepted_coding_id = :c WHERE id = :i"),
            {"s": decision, "n": name, "t": decided_at, "c": coding_id, "i": suggestion_id},
        )  # fmt: skip
