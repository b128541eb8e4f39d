"""OAuth redirect URIs and the demo sandbox's address come from PUBLIC_URL, never
from the Host header a visitor sends."""

from urllib.parse import parse_qs, urlsplit

import pytest

from app.config import public_url
from sandbox import product_settings
from tests import factories

EVIL = "http://evil.example"


@pytest.fixture
def sandboxed(make_app):
    """An app set up as the demo's: its packages are the sandbox at PUBLIC_URL."""

    def build(**config):
        return make_app(**config, **product_settings(config["PUBLIC_URL"] + "/sandbox"))

    return build


def signed_in(app, base):
    """A client signed in as the admin, every request naming Host `base`."""
    client = app.test_client()
    client.post(
        "/login",
        data={"email": "admin@acme.example", "password": factories.PASSWORD},
        base_url=base,
    )
    return client


@pytest.mark.parametrize("base", [EVIL, "http://localhost"])
def test_a_host_header_does_not_choose_the_redirect_uri(sandboxed, company, base):
    app = sandboxed(PUBLIC_URL="https://lb.example.co.uk")
    client = signed_in(app, base)
    page = client.get("/settings/integrations/", base_url=base)
    text = page.get_data(as_text=True)
    assert "https://lb.example.co.uk/settings/integrations/xero/callback" in text
    assert "evil.example" not in text
    start = client.post("/settings/integrations/xero/connect", base_url=base)
    location = start.headers["Location"]
    # The consent page (here the demo sandbox) is ours too, not the Host's.
    assert location.startswith("https://lb.example.co.uk/sandbox/xero/")
    query = parse_qs(urlsplit(location).query)
    assert query["redirect_uri"] == [
        "https://lb.example.co.uk/settings/integrations/xero/callback"
    ]


def test_unset_it_is_the_loopback_address_run_py_prints(sandboxed, company):
    app = sandboxed(PUBLIC_URL=public_url(""))
    client = signed_in(app, EVIL)
    start = client.post("/settings/integrations/quickbooks/connect", base_url=EVIL)
    location = start.headers["Location"]
    assert location.startswith("http://127.0.0.1:")
    redirect = parse_qs(urlsplit(location).query)["redirect_uri"][0]
    assert urlsplit(redirect).hostname == "127.0.0.1"


def test_public_url_is_read_and_checked(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    assert public_url("") == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "5123")
    assert public_url(None) == "http://127.0.0.1:5123"
    assert public_url(" https://lb.example.co.uk/ ") == "https://lb.example.co.uk"
    assert public_url("http://10.0.0.5:8080") == "http://10.0.0.5:8080"
    for bad in (
        "lb.example.co.uk",
        "ftp://lb.example.co.uk",
        "https://",
        "https://x/y",
    ):
        with pytest.raises(ValueError, match="PUBLIC_URL"):
            public_url(bad)
