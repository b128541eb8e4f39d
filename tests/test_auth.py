"""Signing in and out, the login wall and where users land."""

import time

import pytest

from app.auth import safe_next
from app.extensions import db
from tests import factories


def test_login_with_right_password(client, auth, company):
    response = auth.login()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/invoices/").status_code == 200


def test_login_is_case_insensitive_on_email(client, company):
    response = client.post(
        "/login",
        data={"email": "  Admin@ACME.example ", "password": factories.PASSWORD},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "email,password",
    [("admin@acme.example", "wrong password"), ("nobody@acme.example", "x" * 12)],
)
def test_login_refused_with_one_message(client, company, email, password):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 200
    assert b"That email and password do not match an account." in response.data
    assert client.get("/invoices/").status_code == 302


def test_login_form_validation_messages(client, company):
    response = client.post("/login", data={"email": "not-an-email", "password": ""})
    assert response.status_code == 200
    assert b"Invalid email address." in response.data
    assert b"This field is required." in response.data


def test_inactive_user_cannot_sign_in(client, company):
    user = factories.user(company)
    user.active = False
    db.session.commit()
    response = client.post(
        "/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    assert b"do not match an account" in response.data


def test_login_returns_to_next_page(client, company):
    response = client.post(
        "/login?next=/customers/",
        data={"email": "admin@acme.example", "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/customers/"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"],
)
def test_next_never_leaves_the_site(target):
    assert safe_next(target) is None


def test_logout(client, auth, company):
    auth.login()
    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert client.get("/invoices/").status_code == 302


def test_expired_session_during_htmx_request_redirects_whole_page(client, company):
    response = client.get(
        "/notifications/bell", headers={"HX-Request": "true", "HX-Target": "bell"}
    )
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")
    assert response.data == b""


def test_deactivated_user_is_signed_out_on_next_request(client, auth, company):
    auth.login()
    user = factories.user(company)
    user.active = False
    db.session.commit()
    assert client.get("/invoices/").status_code == 302


def test_top_bar_shows_company_nav_and_bell(client, auth, company):
    factories.make_notification(factories.user(company))
    auth.login()
    html = client.get("/invoices/").get_data(as_text=True)
    assert "Acme Heating Ltd" in html
    for label in (
        "Customers",
        "Invoices",
        "Credit notes",
        "Payments",
        "Purchases",
        "Reports",
        "Settings",
    ):
        assert f">{label}</a>" in html
    assert 'data-unread="1"' in html


def huge_login_body(email_length):
    return f"email={'a' * email_length}%40acme.example&password=x".encode()


@pytest.mark.parametrize("csrf", [False, True], ids=["plain", "with CSRF on"])
def test_a_10_mb_email_is_refused_at_once_and_not_echoed(make_app, company, csrf):
    client = make_app(WTF_CSRF_ENABLED=csrf).test_client()
    body = huge_login_body(10 * 1024 * 1024)
    started = time.perf_counter()
    response = client.post(
        "/login", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert time.perf_counter() - started < 1.5  # it took 4 s before the limit
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "far too long for an email address and password" in page
    assert "aaaaaaaaaa" not in page
    assert len(page) < 20_000


def test_an_over_long_email_gets_a_clear_message_without_an_echo(client, company):
    response = client.post(
        "/login", data={"email": "b" * 300 + "@acme.example", "password": "x"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Email addresses have at most 254 characters." in page
    assert "bbbbbbbbbb" not in page


def test_an_over_long_password_is_refused_before_hashing(client, company):
    response = client.post(
        "/login", data={"email": "admin@acme.example", "password": "p" * 201}
    )
    assert b"Passwords have at most 200 characters." in response.data


def test_other_forms_still_take_large_posts(client, auth, company):
    auth.login()
    notes = "n" * 100_000
    response = client.post(
        "/customers/new", data={"name": "Big Notes Ltd", "address_line1": notes}
    )
    assert response.status_code != 413
