"""Tax codes: whether the package allows each on sales and on purchases

Revision ID: c7codes00007
Revises: c2aud1t00002
Create Date: 2026-12-03 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c7codes00007"
down_revision = "c2aud1t00002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tax_codes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sales", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "purchases", sa.Boolean(), server_default=sa.true(), nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("tax_codes", schema=None) as batch_op:
        batch_op.drop_column("purchases")
        batch_op.drop_column("sales")
