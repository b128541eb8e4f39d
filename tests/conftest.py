"""Fixtures: a real database (SQLite, or DATABASE_URL) and a real Redis.

Tables are created once per session and emptied after every test; Redis keys
the app owns (rq:*, lb:*) are deleted after every test.
"""

import os

import pytest
import sqlalchemy as sa

from app import create_app
from app.config import database_url
from app.extensions import db
from demo import embedded_redis
from tests import factories
from tests.prism import XeroThroughPrism, prism_or_skip
from tests.prism_allowances import explained, unexplained


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    folder = tmp_path_factory.mktemp("redis")
    yield embedded_redis.ensure_running(folder)
    embedded_redis.shutdown(folder)


@pytest.fixture(scope="session")
def test_config(tmp_path_factory, redis_url):
    folder = tmp_path_factory.mktemp("instance")
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url(os.environ.get("DATABASE_URL"), folder),
        "REDIS_URL": redis_url,
        "RQ_QUEUE": "ledgerbridge-test",
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "INSTANCE_PATH": str(folder),
        # Real scrypt costs ~0.1 s a hash; tests hash dozens of passwords.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # The test sandboxes run 60 times faster (TIME_SCALE): so do provider minutes.
        "PROVIDER_WINDOW_SECONDS": 1.0,
        "PROVIDER_THROTTLE_WAIT": 1.0,
    }


@pytest.fixture(scope="session")
def _schema(test_config):
    app = create_app(test_config, instance_path=test_config["INSTANCE_PATH"])
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    app.extensions["redis"].close()


def empty_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_schema, test_config):
    """The app under test. The test body runs in the context of a twin app on the
    same database and Redis, so each request gets its own context and session,
    exactly as in production, and nothing leaks between test code and requests."""
    app = create_app(test_config, instance_path=test_config["INSTANCE_PATH"])
    twin = create_app(test_config, instance_path=test_config["INSTANCE_PATH"])
    with twin.app_context():
        yield app
        db.session.remove()
        empty_tables()
        redis = twin.extensions["redis"]
        for pattern in ("rq:*", "lb:*"):
            keys = list(redis.scan_iter(pattern))
            if keys:
                redis.delete(*keys)
        db.engine.dispose()
        redis.close()
    with app.app_context():
        db.engine.dispose()
    app.extensions["redis"].close()  # its sockets, before the garbage collector


@pytest.fixture
def make_app(app, test_config):
    """Build another app on the test database (say with CSRF on); disposed after."""
    made = []

    def build(**overrides):
        made.append(
            create_app(
                {**test_config, **overrides},
                instance_path=test_config["INSTANCE_PATH"],
            )
        )
        return made[-1]

    yield build
    for other in made:
        other.extensions["redis"].close()
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def company(app):
    """A company with an admin, an office user, UK VAT codes and a chart."""
    return factories.make_company("Acme Heating Ltd", email_prefix="acme")


@pytest.fixture
def other_company(app):
    return factories.make_company("Rival Plumbing Ltd", email_prefix="rival")


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email="admin@acme.example", password=factories.PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def login_office(self):
        return self.login("office@acme.example")

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


HTMX = {"HX-Request": "true"}


def htmx_headers(target):
    """Headers htmx sends when it swaps into `target`."""
    return {
        "HX-Request": "true",
        "HX-Target": target,
        "HX-Current-URL": "http://localhost/",
    }


# Prism in front of the Xero sandbox (tests/prism.py), once for the whole session:
# tests/providers and tests/clients send their Xero traffic through it.
PRISM_ROUTES = []


@pytest.fixture(scope="session")
def xero_prism(tmp_path_factory):
    node = prism_or_skip()
    route = XeroThroughPrism(node, tmp_path_factory.mktemp("prism") / "prism.log")
    PRISM_ROUTES.append(route)
    yield route
    route.close()


def pytest_terminal_summary(terminalreporter):
    """What Prism checked, and the allowed statuses it reported, said not hidden."""
    for route in PRISM_ROUTES:
        exchanges = [exchange for exchange in route.exchanges if not exchange.planted]
        planted = len(route.exchanges) - len(exchanges)
        explained_counts = ", ".join(
            f"{key} ×{count}" for key, count in sorted(explained(exchanges).items())
        )
        terminalreporter.write_line(
            f"Prism (Xero OpenAPI): {len(exchanges)} exchanges checked, "
            f"{len(unexplained(exchanges))} unexplained violations; "
            f"allowed with a source: {explained_counts or 'none'}; "
            f"{planted} broken on purpose, and caught"
        )
        for described in unexplained(exchanges):
            terminalreporter.write_line(f"  unexplained: {described}")
