"""Notifications keep the endpoint they open and its values, not a path

The bell builds the URL with url_for when it is opened, so a job (which has no
request to build one in) names a page the same way a view does. The paths the
app wrote before become their endpoints; any other opens the notification list.

Revision ID: c5bell00005
Revises: c4attm00004
Create Date: 2026-12-05 10:00:00.000000

"""

import json
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5bell00005"
down_revision = "c4attm00004"
branch_labels = None
depends_on = None

notifications = sa.table(
    "notifications",
    sa.column("id", sa.Integer),
    sa.column("link", sa.String),
    sa.column("endpoint", sa.String),
    sa.column("url_values", sa.Text),
)
# Every path the app wrote before this revision, and the page it opened.
RUN = re.compile(r"/settings/history/\?run=([0-9]+)#run-\1")
DOWNLOAD = re.compile(r"/reports/exports/([0-9]+)/download")
EXPORT = re.compile(r"/reports/exports/([0-9]+)")
PLAIN = {
    "/settings/integrations/": "integrations.index",
    "/settings/system": "settings.system",
}


def endpoint_of(path):
    """(endpoint, values) for a path the app wrote; ("", {}) opens the list."""
    path = path or ""
    if path in PLAIN:
        return PLAIN[path], {}
    if found := RUN.fullmatch(path):
        run = int(found[1])
        return "history.index", {"run": run, "_anchor": f"run-{run}"}
    if found := DOWNLOAD.fullmatch(path):
        return "exports.download", {"export_id": int(found[1])}
    if found := EXPORT.fullmatch(path):
        return "exports.show", {"export_id": int(found[1])}
    return "", {}


def path_of(endpoint, values):
    """The path the previous revision stored for an endpoint; "" opens the list."""
    for path, known in PLAIN.items():
        if endpoint == known:
            return path
    if endpoint == "history.index" and "run" in values:
        return f"/settings/history/?run={values['run']}#run-{values['run']}"
    if endpoint == "exports.download" and "export_id" in values:
        return f"/reports/exports/{values['export_id']}/download"
    if endpoint == "exports.show" and "export_id" in values:
        return f"/reports/exports/{values['export_id']}"
    return ""


def upgrade():
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.add_column(
            sa.Column(
                "endpoint", sa.String(length=100), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("url_values", sa.Text(), nullable=False, server_default="{}")
        )
    bind = op.get_bind()
    for row in bind.execute(sa.select(notifications.c.id, notifications.c.link)).all():
        endpoint, values = endpoint_of(row.link)
        bind.execute(
            notifications.update()
            .where(notifications.c.id == row.id)
            .values(endpoint=endpoint, url_values=json.dumps(values, sort_keys=True))
        )
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_column("link")


def downgrade():
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.add_column(
            sa.Column("link", sa.String(length=500), nullable=False, server_default="")
        )
    bind = op.get_bind()
    rows = sa.select(
        notifications.c.id, notifications.c.endpoint, notifications.c.url_values
    )
    for row in bind.execute(rows).all():
        try:
            values = json.loads(row.url_values or "{}")
        except ValueError:
            values = {}
        link = path_of(row.endpoint, values if isinstance(values, dict) else {})
        bind.execute(
            notifications.update().where(notifications.c.id == row.id).values(link=link)
        )
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.alter_column("link", server_default=None)
        batch_op.drop_column("url_values")
        batch_op.drop_column("endpoint")
