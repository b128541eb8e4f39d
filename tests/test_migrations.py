"""Alembic builds the whole schema from empty, on SQLite and on PostgreSQL."""

import json
import os
import uuid
from datetime import UTC, datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import create_app
from app.config import database_url
from app.extensions import db


@pytest.fixture
def empty_database(tmp_path, test_config):
    """An empty SQLite file, or an empty schema in the PostgreSQL test database."""
    url = database_url(os.environ.get("DATABASE_URL"), tmp_path)
    if not url.startswith("postgresql"):
        yield url
        return
    schema = f"migration_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database, test_config, tmp_path):
    app = create_app(
        {**test_config, "SQLALCHEMY_DATABASE_URI": empty_database},
        instance_path=tmp_path,
    )
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert set(db.metadata.tables) <= tables
        assert "alembic_version" in tables
        assert differences == []
        flask_migrate.downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


OUTSIDE = "https://elsewhere.example/"
# The paths the app stored before c5bell00005, and the pages they become.
OLD_LINKS = {
    "/settings/integrations/": ("integrations.index", {}),
    "/settings/system": ("settings.system", {}),
    "/settings/history/?run=7#run-7": ("history.index", {"run": 7, "_anchor": "run-7"}),
    "/reports/exports/3/download": ("exports.download", {"export_id": 3}),
    "/reports/exports/3": ("exports.show", {"export_id": 3}),
    OUTSIDE: ("", {}),  # never written by the app: it opens the list
}


def test_notification_paths_become_endpoints_and_back(
    empty_database, test_config, tmp_path
):
    app = create_app(
        {**test_config, "SQLALCHEMY_DATABASE_URI": empty_database},
        instance_path=tmp_path,
    )
    now = datetime.now(UTC)
    companies = sa.table(
        "companies", *map(sa.column, ("id", "name", "base_currency", "country"))
    )
    users = sa.table(
        "users",
        *map(sa.column, ("id", "company_id", "email", "name", "password_hash")),
        *map(sa.column, ("role", "active", "session_version", "created_at")),
    )
    columns = ("id", "company_id", "user_id", "title", "body", "read", "created_at")
    notifications = sa.table(
        "notifications", sa.column("link"), *map(sa.column, columns)
    )
    with app.app_context():
        flask_migrate.upgrade(revision="c4attm00004")
        with db.engine.begin() as conn:
            conn.execute(
                companies.insert().values(
                    id=1, name="Co", base_currency="GBP", country="GB"
                )
            )
            conn.execute(
                users.insert().values(
                    id=1, company_id=1, email="a@example.com", name="A",
                    password_hash="x", role="admin", active=True, session_version=1,
                    created_at=now,
                )
            )  # fmt: skip
            for number, link in enumerate(OLD_LINKS, 1):
                conn.execute(
                    notifications.insert().values(
                        id=number, company_id=1, user_id=1, title=link, body="",
                        read=False, created_at=now, link=link,
                    )
                )  # fmt: skip
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT title, endpoint, url_values FROM notifications")
            )
            moved = {
                title: (endpoint, json.loads(values))
                for title, endpoint, values in rows
            }
        assert moved == OLD_LINKS
        flask_migrate.downgrade(revision="c4attm00004")
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT title, link FROM notifications"))
            back = dict(rows.all())
        # Each comes back as it was, but the one that named no page of ours.
        assert back == {**{link: link for link in OLD_LINKS}, OUTSIDE: ""}
        flask_migrate.downgrade(revision="base")
        db.engine.dispose()
