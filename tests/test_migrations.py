"""Alembic builds the whole schema from empty, on SQLite and on PostgreSQL."""

import os
import uuid

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
