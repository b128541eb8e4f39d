"""One-time tokens of saved create forms

Revision ID: c3r4ces00003
Revises: c1s1gn1n0001
Create Date: 2026-12-03 12:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3r4ces00003"
down_revision = "c1s1gn1n0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("url", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_submissions_company_id_companies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint(
            "company_id", "token", name=op.f("uq_submissions_company_id_token")
        ),
    )
    op.create_index(op.f("ix_submissions_created_at"), "submissions", ["created_at"])


def downgrade():
    op.drop_index(op.f("ix_submissions_created_at"), table_name="submissions")
    op.drop_table("submissions")
