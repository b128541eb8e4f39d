"""The factory, configuration, health check, headers, CSRF and error pages."""

import re

import pytest

from app import create_app
from app.config import Config, database_url


def test_database_url_defaults_to_sqlite_under_instance(tmp_path):
    assert database_url("", tmp_path) == f"sqlite:///{tmp_path / 'ledgerbridge.db'}"
    assert database_url("postgres://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert (
        database_url("postgresql://u@h:5432/db", tmp_path)
        == "postgresql+psycopg://u@h:5432/db"
    )


def test_config_reads_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("REDIS_URL", "redis://example:6379/2")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "no")
    config = Config(tmp_path)
    assert config.SECRET_KEY == "from-env"
    assert config.REDIS_URL == "redis://example:6379/2"
    assert config.SESSION_COOKIE_SECURE is False


def test_secret_key_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = Config(tmp_path).SECRET_KEY
    assert len(first) >= 40
    assert Config(tmp_path).SECRET_KEY == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_cookies_are_secure_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = Config(tmp_path)
    assert config.SESSION_COOKIE_SECURE is True
    assert config.SESSION_COOKIE_HTTPONLY is True
    assert config.SESSION_COOKIE_SAMESITE == "Lax"


def test_test_config_overrides(app):
    assert app.testing
    assert app.config["RQ_QUEUE"] == "ledgerbridge-test"


def test_healthz_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "ok"}


def test_login_page_is_public_and_everything_else_is_not(client):
    assert client.get("/login").status_code == 200
    response = client.get("/invoices/")
    assert response.status_code == 302
    assert "/login?next=/invoices/" in response.headers["Location"]
    with client.get("/static/js/htmx.min.js") as static:
        assert static.status_code == 200


def test_security_headers(client, auth, company):
    auth.login()
    response = client.get("/invoices/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_htmx_is_vendored_and_pages_use_no_cdn(client, auth, company):
    auth.login()
    html = client.get("/invoices/").get_data(as_text=True)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert "/static/js/htmx.min.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)


def test_friendly_404_page(client, auth, company):
    auth.login()
    response = client.get("/invoices/999999")
    assert response.status_code == 404
    assert b"We could not find that page" in response.data
    assert b"<html" in response.data


def test_405_is_friendly(client, auth, company):
    auth.login()
    response = client.get("/logout")
    assert response.status_code == 405
    assert b"That action is not allowed here" in response.data


def test_htmx_error_is_a_fragment(client, auth, company):
    auth.login()
    response = client.get("/invoices/999999", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert b"<html" not in response.data
    assert b"We could not find that page" in response.data


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def csrf_token_from(html):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_csrf_rejects_posts_without_token(csrf_app, company):
    client = csrf_app.test_client()
    response = client.post(
        "/login",
        data={"email": "admin@acme.example", "password": "correct horse battery"},
    )
    assert response.status_code == 400
    assert b"Your form expired" in response.data


def test_csrf_accepts_form_token_and_htmx_header(csrf_app, company):
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        data={
            "email": "admin@acme.example",
            "password": "correct horse battery",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    page = client.get("/invoices/").get_data(as_text=True)
    header_token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    assert client.post("/notifications/read-all").status_code == 400
    response = client.post(
        "/notifications/read-all",
        headers={"HX-Request": "true", "X-CSRFToken": header_token},
    )
    assert response.status_code == 200


def test_invalid_encryption_key_stops_start_up_with_a_clear_message(test_config):
    with pytest.raises(RuntimeError, match="ENCRYPTION_KEY is not a valid Fernet key"):
        create_app({**test_config, "ENCRYPTION_KEY": "not-a-key"})
