"""The audit trail

Revision ID: c0a0d1t00001
Revises: b7c41e2a9d10
Create Date: 2026-12-03 11:50:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c0a0d1t00001"
down_revision = "b7c41e2a9d10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_entries_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_audit_entries_company_id_companies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index(
        "ix_audit_entries_company_newest", "audit_entries", ["company_id", "id"]
    )
    op.create_index(
        "ix_audit_entries_company_kind", "audit_entries", ["company_id", "kind", "id"]
    )
    op.create_index(
        "ix_audit_entries_company_actor",
        "audit_entries",
        ["company_id", "actor_id", "id"],
    )


def downgrade():
    op.drop_index("ix_audit_entries_company_actor", table_name="audit_entries")
    op.drop_index("ix_audit_entries_company_kind", table_name="audit_entries")
    op.drop_index("ix_audit_entries_company_newest", table_name="audit_entries")
    op.drop_table("audit_entries")
