"""Accounts integration: provider app credentials, connections, sync options.

Revision ID: dc27649f963d
Revises: 52aa85c50e08
Create Date: 2026-11-25 12:26:37.305626

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "dc27649f963d"
down_revision = "52aa85c50e08"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "provider_apps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("client_secret", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_provider_apps_company_id_companies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_apps")),
        sa.UniqueConstraint(
            "company_id", "provider", name=op.f("uq_provider_apps_company_id_provider")
        ),
    )
    with op.batch_alter_table("provider_apps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provider_apps_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "accounts_connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("remote_id", sa.String(length=100), nullable=True),
        sa.Column("organisation_name", sa.String(length=200), nullable=True),
        sa.Column("access_token", sa.Text(), nullable=True),
        sa.Column("refresh_token", sa.Text(), nullable=True),
        sa.Column("access_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refresh_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("connected_by_id", sa.Integer(), nullable=True),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("xero_connection_id", sa.String(length=100), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_accounts_connections_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["connected_by_id"],
            ["users.id"],
            name=op.f("fk_accounts_connections_connected_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_connections")),
        sa.UniqueConstraint(
            "company_id",
            "provider",
            name=op.f("uq_accounts_connections_company_id_provider"),
        ),
    )
    with op.batch_alter_table("accounts_connections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accounts_connections_company_id"),
            ["company_id"],
            unique=False,
        )

    op.create_table(
        "sync_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pull_codes", sa.Boolean(), nullable=False),
        sa.Column("pull_customers", sa.Boolean(), nullable=False),
        sa.Column("push_invoices", sa.Boolean(), nullable=False),
        sa.Column("push_credit_notes", sa.Boolean(), nullable=False),
        sa.Column("push_payments", sa.Boolean(), nullable=False),
        sa.Column("invoice_status", sa.String(length=10), nullable=False),
        sa.Column("default_sales_nominal_code_id", sa.Integer(), nullable=True),
        sa.Column("tax_code_map", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_sync_options_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["default_sales_nominal_code_id"],
            ["nominal_codes.id"],
            name=op.f("fk_sync_options_default_sales_nominal_code_id_nominal_codes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_options")),
        sa.UniqueConstraint("company_id", name=op.f("uq_sync_options_company_id")),
    )
    with op.batch_alter_table("sync_options", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_options_company_id"), ["company_id"], unique=False
        )


def downgrade():

    with op.batch_alter_table("sync_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_options_company_id"))

    op.drop_table("sync_options")
    with op.batch_alter_table("accounts_connections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_connections_company_id"))

    op.drop_table("accounts_connections")
    with op.batch_alter_table("provider_apps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_apps_company_id"))

    op.drop_table("provider_apps")
