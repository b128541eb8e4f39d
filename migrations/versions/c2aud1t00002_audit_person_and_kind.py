"""The audit trail filtered by person and kind at once

Revision ID: c2aud1t00002
Revises: c0a0d1t00001
Create Date: 2026-12-03 12:10:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "c2aud1t00002"
down_revision = "c0a0d1t00001"
branch_labels = None
depends_on = None


def upgrade():
    # Without it a person and a kind they never did read every entry of the kind.
    op.create_index(
        "ix_audit_entries_actor_kind",
        "audit_entries",
        ["company_id", "actor_id", "kind", "id"],
    )


def downgrade():
    op.drop_index("ix_audit_entries_actor_kind", table_name="audit_entries")
