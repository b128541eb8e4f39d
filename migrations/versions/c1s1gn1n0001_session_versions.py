"""Session versions: signing out, a new password, a role change or deactivation
ends every session of that user

Revision ID: c1s1gn1n0001
Revises: c7codes00007
Create Date: 2026-12-03 12:10:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c1s1gn1n0001"
down_revision = "c7codes00007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "session_version", sa.Integer(), server_default="1", nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
