"""document segments: sentences and paragraphs stored per document and segmenter

Revision ID: i13_segments
Revises: i18_suggestions
Create Date: 2026-12-01 23:40:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "i13_segments"
down_revision: Union[str, Sequence[str], None] = "i18_suggestions"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "document_segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("segmenter", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_segments_document_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_segments")),
        sa.UniqueConstraint(
            "document_id", "unit", "segmenter", name=op.f("uq_document_segments_document_id")
        ),
    )
    with op.batch_alter_table("document_segments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_segments_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("document_segments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_segments_document_id"))
    op.drop_table("document_segments")
