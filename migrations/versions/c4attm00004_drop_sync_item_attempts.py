"""Drop sync_items.attempts: always 1, never read (a retry is a new run's item)

Revision ID: c4attm00004
Revises: c3r4ces00003
Create Date: 2026-12-04 19:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4attm00004"
down_revision = "c3r4ces00003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sync_items") as batch_op:
        batch_op.drop_column("attempts")


def downgrade():
    with op.batch_alter_table("sync_items") as batch_op:
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default="1")
        )
