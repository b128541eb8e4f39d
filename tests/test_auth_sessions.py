"""Sessions that really end, and new tokens at every sign-in."""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Customer, User
from tests import factories

ADMIN = "admin@acme.example"
OFFICE = "office@acme.example"


def token_from(html):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]


def sign_in(client, email=ADMIN, remember=False, csrf=False):
    data = {"email": email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    if csrf:
        data["csrf_token"] = token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    return response


def copy_of(app, client, *names):
    """Another browser holding copies of this one's cookies."""
    thief = app.test_client()
    for name in names:
        thief.set_cookie(name, client.get_cookie(name).value)
    return thief


def user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_a_copied_session_is_refused_after_sign_out(csrf_app, company):
    client = csrf_app.test_client()
    sign_in(client, csrf=True)
    thief = copy_of(csrf_app, client, "session")
    token = token_from(thief.get("/customers/new").get_data(as_text=True))
    assert thief.get("/invoices/").status_code == 200

    client.post("/logout", data={"csrf_token": token})
    assert thief.get("/invoices/").status_code == 302
    posted = thief.post(
        "/customers/new", data={"csrf_token": token, "name": "Stolen Session Ltd"}
    )
    assert posted.status_code == 302
    assert posted.headers["Location"].startswith("/login")
    assert db.session.scalar(sa.select(sa.func.count(Customer.id))) == 0


def test_sign_out_ends_the_session_everywhere(app, client, company):
    sign_in(client)
    laptop = app.test_client()
    sign_in(laptop)
    client.post("/logout")
    assert laptop.get("/invoices/").status_code == 302


def test_a_copied_remember_cookie_is_refused_after_sign_out(app, client, company):
    sign_in(client, remember=True)
    thief = copy_of(app, client, "remember_token")
    assert thief.get("/invoices/").status_code == 200  # the cookie alone signs in
    client.post("/logout")
    fresh = copy_of(app, thief, "remember_token")  # no session: only the cookie
    assert fresh.get("/invoices/").status_code == 302


def test_the_remember_cookie_differs_at_every_sign_in(client, company):
    sign_in(client, remember=True)
    first = client.get_cookie("remember_token").value
    client.post("/logout")
    sign_in(client, remember=True)
    second = client.get_cookie("remember_token").value
    assert first != second


def test_two_devices_kept_signed_in_each_have_their_own_good_cookie(
    app, client, company
):
    sign_in(client, remember=True)
    phone = app.test_client()
    sign_in(phone, remember=True)
    assert client.get_cookie("remember_token").value != (
        phone.get_cookie("remember_token").value
    )
    for device in (client, phone):
        page = copy_of(app, device, "remember_token").get("/invoices/")
        assert page.status_code == 200


def test_the_csrf_token_is_renewed_at_sign_in(csrf_app, company):
    client = csrf_app.test_client()
    before = token_from(client.get("/login").get_data(as_text=True))
    client.post(
        "/login",
        data={"email": ADMIN, "password": factories.PASSWORD, "csrf_token": before},
    )
    after = token_from(client.get("/customers/new").get_data(as_text=True))
    assert after != before
    stale = client.post(
        "/customers/new", data={"csrf_token": before, "name": "Old Token Ltd"}
    )
    assert stale.status_code == 400
    assert b"Your form expired" in stale.data


@pytest.mark.parametrize(
    "change",
    [
        {"role": "admin", "active": "y"},  # office made admin
        {"role": "office"},  # switched off
    ],
    ids=["role change", "deactivation"],
)
def test_a_role_change_or_deactivation_ends_that_persons_sessions(
    app, client, company, change
):
    office = app.test_client()
    sign_in(office, OFFICE)
    copied = copy_of(app, office, "session")
    sign_in(client)
    target = user(OFFICE)
    response = client.post(
        f"/settings/users/{target.id}/edit", data={"name": target.name, **change}
    )
    assert response.status_code == 302
    assert office.get("/invoices/").status_code == 302
    assert copied.get("/invoices/").status_code == 302


def test_a_rename_leaves_sessions_alone(app, client, company):
    office = app.test_client()
    sign_in(office, OFFICE)
    sign_in(client)
    target = user(OFFICE)
    client.post(
        f"/settings/users/{target.id}/edit",
        data={"name": "Sam Renamed", "role": "office", "active": "y"},
    )
    assert office.get("/invoices/").status_code == 200


def test_a_password_reset_ends_that_persons_sessions(app, client, company):
    office = app.test_client()
    sign_in(office, OFFICE, remember=True)
    copied = copy_of(app, office, "session", "remember_token")
    sign_in(client)
    target = user(OFFICE)
    response = client.post(
        f"/settings/users/{target.id}/password",
        data={"password": "a brand new one", "confirm": "a brand new one"},
    )
    assert response.status_code == 302
    assert office.get("/invoices/").status_code == 302
    assert copied.get("/invoices/").status_code == 302
    assert client.get("/invoices/").status_code == 200  # the admin carries on


def test_an_admin_resetting_their_own_password_stays_signed_in(app, client, company):
    sign_in(client)
    elsewhere = app.test_client()
    sign_in(elsewhere)
    admin = user(ADMIN)
    client.post(
        f"/settings/users/{admin.id}/password",
        data={"password": "my own new one", "confirm": "my own new one"},
    )
    assert client.get("/invoices/").status_code == 200
    assert elsewhere.get("/invoices/").status_code == 302


def test_a_password_reset_lifts_a_lock_out(app, client, company):
    office = app.test_client()
    for _ in range(5):
        office.post("/login", data={"email": OFFICE, "password": "wrong password"})
    sign_in(client)
    target = user(OFFICE)
    client.post(
        f"/settings/users/{target.id}/password",
        data={"password": "a brand new one", "confirm": "a brand new one"},
    )
    response = office.post(
        "/login", data={"email": OFFICE, "password": "a brand new one"}
    )
    assert response.status_code == 302


def test_a_session_from_before_session_versions_is_refused(app, client, company):
    admin = user(ADMIN)
    with client.session_transaction() as session:
        session["_user_id"] = str(admin.id)  # what Flask-Login stored until now
        session["_fresh"] = True
    assert client.get("/invoices/").status_code == 302


def test_sign_in_and_sign_out_are_audited(client, company):
    sign_in(client)
    client.post("/logout")
    kinds = db.session.scalars(sa.select(AuditEntry.kind).order_by(AuditEntry.id)).all()
    assert kinds == [AuditEntry.SIGNED_IN, AuditEntry.SIGNED_OUT]
    entries = db.session.scalars(sa.select(AuditEntry)).all()
    admin = user(ADMIN)
    assert {(e.actor_id, e.company_id) for e in entries} == {(admin.id, company.id)}
