"""teams: admin and disabled accounts, session details, memberships, invitations and password resets, share links,
the audit log, the inbox, sign-in failures, the trash, guest comments

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("is_admin", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_sign_in_at", WHEN, nullable=True))
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("last_seen_at", WHEN, nullable=True))
        batch.add_column(sa.Column("ip", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("user_agent", sa.String(length=300), nullable=True))
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("deleted_at", WHEN, nullable=True))
    with op.batch_alter_table("maps") as batch:
        batch.add_column(sa.Column("deleted_at", WHEN, nullable=True))
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("guest_name", sa.String(length=200), nullable=True))

    op.create_table(
        "memberships",
        sa.Column("id", ID, nullable=False),
        sa.Column("workspace_id", ID, sa.ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "user_id"),
    )
    op.create_index("ix_memberships_workspace_id", "memberships", ["workspace_id"])
    op.create_index("ix_memberships_user_id", "memberships", ["user_id"])
    op.create_table(
        "invitations",
        sa.Column("id", ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("workspace_id", ID, sa.ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=True),
        sa.Column("created_by", ID, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_invitations_workspace_id", "invitations", ["workspace_id"])
    op.create_table(
        "share_links",
        sa.Column("id", ID, nullable=False),
        sa.Column("map_id", ID, sa.ForeignKey("maps.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_by", ID, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index("ix_share_links_map_id", "share_links", ["map_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", ID, nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("actor_id", ID, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("actor_label", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("workspace_id", ID, sa.ForeignKey("workspaces.id", ondelete="SET NULL"), nullable=True),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_workspace_id", "audit_log", ["workspace_id"])
    op.create_table(
        "notifications",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("map_id", ID, sa.ForeignKey("maps.id", ondelete="CASCADE"), nullable=True),
        sa.Column("comment_id", ID, sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=True),
        sa.Column("actor_id", ID, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("excerpt", sa.String(length=300), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("read_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notifications_user_id", "notifications", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_at", WHEN, nullable=False),
        sa.Column("locked_until", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    for table in ("login_failures", "notifications", "audit_log", "share_links", "invitations", "memberships"):
        op.drop_table(table)
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("guest_name")
    for table in ("maps", "workspaces"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("deleted_at")
    with op.batch_alter_table("sessions") as batch:
        for column in ("user_agent", "ip", "last_seen_at"):
            batch.drop_column(column)
    with op.batch_alter_table("users") as batch:
        for column in ("last_sign_in_at", "disabled", "is_admin"):
            batch.drop_column(column)
