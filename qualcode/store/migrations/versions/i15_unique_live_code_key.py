"""a live code's key is unique in its codebook; existing duplicates merged into the oldest

Revision ID: i15_unique_keys
Revises: i14_team_logins
Create Date: 2026-12-01 23:20:00

Before this, code keys were checked only in Python, so concurrent imports could store several
live codes with one key. Each such set is merged into its oldest code: codings, child codes and
code memos move to the survivor, the others are retired (merged_into_id, deleted_at), and every
merge is audited. Coder names and participant labels were unique per project from the start.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "i15_unique_keys"
down_revision: str | Sequence[str] | None = "i14_team_logins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "deleted_at IS NULL"


def _merge_duplicate_codes(connection: sa.Connection) -> None:
    now = datetime.now(UTC)
    duplicates = connection.execute(
        sa.text(
            f"SELECT c.id, c.codebook_id, c.key, b.project_id FROM code c "
            f"JOIN codebook b ON b.id = c.codebook_id WHERE c.{LIVE} AND EXISTS ("
            f"SELECT 1 FROM code o WHERE o.codebook_id = c.codebook_id AND o.key = c.key "
            f"AND o.{LIVE} AND o.id <> c.id) ORDER BY c.codebook_id, c.key, c.id"
        )
    ).all()
    survivors: dict[tuple[int, str], int] = {}
    for code_id, codebook_id, key, project_id in duplicates:
        survivor = survivors.setdefault((codebook_id, key), code_id)
        if survivor == code_id:
            continue
        moved = connection.execute(
            sa.text("UPDATE coding SET code_id = :s WHERE code_id = :c"),
            {"s": survivor, "c": code_id},
        ).rowcount
        connection.execute(
            sa.text("UPDATE code SET parent_id = :s WHERE parent_id = :c"),
            {"s": survivor, "c": code_id},
        )
        connection.execute(
            sa.text("UPDATE memo SET target_id = :s WHERE target = 'code' AND target_id = :c"),
            {"s": survivor, "c": code_id},
        )
        connection.execute(
            sa.text("UPDATE code SET merged_into_id = :s, deleted_at = :now WHERE id = :c"),
            {"s": survivor, "c": code_id, "now": now},
        )
        connection.execute(
            sa.table(
                "auditevent", sa.column("project_id"), sa.column("at"), sa.column("actor"),
                sa.column("action"), sa.column("entity"), sa.column("entity_id"),
                sa.column("detail", sa.JSON),
            ).insert(),
            {
                "project_id": project_id, "at": now, "actor": "migration i15_unique_keys",
                "action": "code.merge_duplicate", "entity": "code", "entity_id": code_id,
                "detail": {"key": key, "merged_into": survivor, "codings_moved": moved},
            },
        )  # fmt: skip


def upgrade() -> None:
    _merge_duplicate_codes(op.get_bind())
    op.create_index(
        "uq_code_live_key", "code", ["codebook_id", "key"], unique=True,
        sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("uq_code_live_key", table_name="code")
