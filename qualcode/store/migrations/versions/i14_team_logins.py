"""team server: login sessions and login attempts

Revision ID: i14_team_logins
Revises: i13_segments
Create Date: 2026-12-01 23:40:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = "i14_team_logins"
down_revision: Union[str, Sequence[str], None] = "i13_segments"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "loginsession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ticket_sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["coder.id"], name=op.f("fk_loginsession_coder_id_coder")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loginsession")),
    )
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loginsession_coder_id"), ["coder_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_loginsession_token_sha256"), ["token_sha256"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_loginsession_ticket_sha256"), ["ticket_sha256"], unique=False
        )
    op.create_table(
        "loginattempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loginattempt")),
    )
    with op.batch_alter_table("loginattempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loginattempt_username"), ["username"], unique=False)
        batch_op.create_index(batch_op.f("ix_loginattempt_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_loginattempt_at"), ["at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("loginattempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loginattempt_at"))
        batch_op.drop_index(batch_op.f("ix_loginattempt_address"))
        batch_op.drop_index(batch_op.f("ix_loginattempt_username"))
    op.drop_table("loginattempt")
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loginsession_ticket_sha256"))
        batch_op.drop_index(batch_op.f("ix_loginsession_token_sha256"))
        batch_op.drop_index(batch_op.f("ix_loginsession_coder_id"))
    op.drop_table("loginsession")
