"""Never reuse customer and payment ids (SQLite AUTOINCREMENT)

A deleted payment or customer keeps its link to the accounts package by id; SQLite
gives the highest deleted id to the next row unless the table is AUTOINCREMENT.
PostgreSQL sequences never reuse ids, so there is nothing to do there.

Revision ID: b7c41e2a9d10
Revises: 87e464354621
Create Date: 2026-11-25 18:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7c41e2a9d10'
down_revision = '87e464354621'
branch_labels = None
depends_on = None

TABLES = ("customers", "payments")


def recreate(autoincrement):
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table,
            recreate="always",
            table_kwargs={"sqlite_autoincrement": autoincrement},
        ):
            pass


def upgrade():
    recreate(True)


def downgrade():
    recreate(False)
