"""map generation: a map's live document can be rebuilt from its data (a new CRDT history); clients of an older
generation start again instead of merging their old history into the new one

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("maps") as batch:
        batch.add_column(sa.Column("generation", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("retired_clients", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("maps") as batch:
        batch.drop_column("retired_clients")
        batch.drop_column("generation")
