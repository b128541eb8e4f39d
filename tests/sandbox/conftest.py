"""The sandbox served over real HTTP on a loopback port, with its own database."""

import pytest
import requests

from sandbox import create_sandbox_app
from sandbox.storage import sandbox_db
from tests.sandbox.quickbooks_support import Qbo
from tests.sandbox.xero_schema import check_traffic
from tests.sandbox.xero_support import connect
from tests.serving import serve_wsgi


@pytest.fixture
def sandbox_app(tmp_path):
    app = create_sandbox_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'sandbox.db'}",
            "TIME_SCALE": 60.0,
            "FAULT_HANG_SECONDS": 3,
        }
    )
    yield app
    with app.app_context():
        sandbox_db.engine.dispose()


@pytest.fixture
def sandbox_url(sandbox_app):
    """Base URL of the sandbox, e.g. http://127.0.0.1:PORT."""
    served = serve_wsgi(sandbox_app)
    yield served.url
    served.close()


@pytest.fixture
def http():
    with requests.Session() as session:
        yield session


@pytest.fixture
def xero_traffic_fits_the_spec(sandbox_url):
    """After the test, every Xero exchange the sandbox logged fits Xero's OpenAPI.
    The test_xero_* modules use it (pytestmark)."""
    yield
    check_traffic(sandbox_url)


@pytest.fixture
def api(sandbox_url, http):
    """The Xero Accounting API, connected to the first organisation."""
    return connect(sandbox_url, http)


@pytest.fixture
def qbo(sandbox_url, http):
    """The QuickBooks API, connected to the demo company."""
    return Qbo(http, sandbox_url)
