"""Settings: admins only, users and their rules, system status, the worker check."""

import pytest
import sqlalchemy as sa
from flask import current_app
from rq import Queue, SimpleWorker

from app.extensions import db
from app.models import Notification, User
from app.settings import services
from tests import factories

NEW_USER = {
    "name": "Sam Office",
    "email": "sam@acme.example",
    "role": "office",
    "password": "long enough pass",
    "confirm": "long enough pass",
}


def settings_urls(app, user_id):
    """Every settings route with each of its methods, built from the URL map."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("settings."):
            path = rule.rule.replace("<int:user_id>", str(user_id))
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield method, path


def test_office_users_get_403_on_every_settings_route(app, client, auth, company):
    office = factories.user(company, User.OFFICE)
    auth.login_office()
    urls = list(settings_urls(app, office.id))
    assert len(urls) >= 9
    for method, path in urls:
        response = client.open(path, method=method, data=NEW_USER)
        assert response.status_code == 403, (method, path)
        assert "This page is for admins" in response.get_data(as_text=True)
    assert factories.fresh(User, office.id).role == User.OFFICE
    assert (
        db.session.scalar(sa.select(User).where(User.email == NEW_USER["email"]))
        is None
    )


def test_menu_links_to_every_settings_page(client, auth, company):
    auth.login()
    page = client.get("/settings/").get_data(as_text=True)
    for link in (
        "/settings/users",
        "/codes/tax",
        "/codes/nominal",
        "/settings/system",
        "/settings/integrations/",
        "/settings/history/",
    ):
        assert f'href="{link}"' in page
    assert "Accounts Integration" in page and "Sync History" in page
    assert "Coming soon" not in page


def test_users_list_is_scoped_to_the_company(client, auth, company, other_company):
    auth.login()
    page = client.get("/settings/users").get_data(as_text=True)
    assert "admin@acme.example" in page and "office@acme.example" in page
    assert "rival.example" not in page


def test_add_user_who_can_then_sign_in(client, auth, company):
    auth.login()
    response = client.post("/settings/users/new", data=NEW_USER)
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "sam@acme.example"))
    assert user.company_id == company.id and user.role == User.OFFICE
    auth.logout()
    signed_in = auth.login("sam@acme.example", "long enough pass")
    assert (
        signed_in.status_code == 302 and "/login" not in signed_in.headers["Location"]
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"email": "admin@rival.example"},
            "That email address already has an account.",
        ),
        (
            {"email": " Office@ACME.example "},
            "That email address already has an account.",
        ),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
        ({"confirm": "something else"}, "The two passwords do not match."),
        ({"name": ""}, "Enter the person&#39;s name."),
        ({"role": "owner"}, "Not a valid choice"),
    ],
)
def test_add_user_messages(client, auth, company, other_company, changes, message):
    auth.login()
    response = client.post("/settings/users/new", data={**NEW_USER, **changes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    count = db.session.scalar(
        sa.select(sa.func.count(User.id)).where(User.company_id == company.id)
    )
    assert count == 2


def test_edit_and_switch_off_a_user(client, auth, company):
    office = factories.user(company, User.OFFICE)
    auth.login()
    response = client.post(
        f"/settings/users/{office.id}/edit", data={"name": "Olive", "role": "office"}
    )
    assert response.status_code == 302
    office = factories.fresh(User, office.id)
    assert office.name == "Olive" and office.active is False
    auth.logout()
    refused = auth.login_office()
    assert refused.status_code == 200  # the login form again


def test_admin_cannot_demote_or_switch_off_themself(client, auth, company):
    admin = factories.user(company)
    auth.login()
    demote = client.post(
        f"/settings/users/{admin.id}/edit",
        data={"name": "Me", "role": "office", "active": "y"},
    )
    assert "You cannot remove your own admin rights" in demote.get_data(as_text=True)
    switch_off = client.post(
        f"/settings/users/{admin.id}/edit", data={"name": "Me", "role": "admin"}
    )
    assert "You cannot remove your own admin rights" in switch_off.get_data(
        as_text=True
    )
    admin = factories.fresh(User, admin.id)
    assert admin.role == User.ADMIN and admin.active and admin.name != "Me"


def test_another_admin_can_be_demoted(client, auth, company):
    office = factories.user(company, User.OFFICE)
    office.role = User.ADMIN
    db.session.commit()
    auth.login()
    response = client.post(
        f"/settings/users/{office.id}/edit",
        data={"name": "Was admin", "role": "office", "active": "y"},
    )
    assert response.status_code == 302
    assert factories.fresh(User, office.id).role == User.OFFICE


def test_the_last_active_admin_is_kept(company):
    admin = factories.user(company)
    # Only an admin who has since been switched off could try this; the rule holds.
    former = factories.user(company, User.OFFICE)
    former.role, former.active = User.ADMIN, False
    db.session.commit()
    error = services.change_error(admin, former, User.OFFICE, True)
    assert error == "The company must keep at least one active admin."
    assert services.change_error(admin, former, User.ADMIN, False) == error
    assert services.change_error(former, admin, User.OFFICE, False) is None


def test_reset_password(client, auth, company):
    office = factories.user(company, User.OFFICE)
    auth.login()
    short = client.post(
        f"/settings/users/{office.id}/password",
        data={"password": "tiny", "confirm": "tiny"},
    )
    assert "Use at least 10 characters." in short.get_data(as_text=True)
    done = client.post(
        f"/settings/users/{office.id}/password",
        data={"password": "a brand new one", "confirm": "a brand new one"},
    )
    assert done.status_code == 302
    assert factories.fresh(User, office.id).check_password("a brand new one")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/settings/users/{id}/edit"),
        ("POST", "/settings/users/{id}/edit"),
        ("POST", "/settings/users/{id}/password"),
    ],
)
def test_other_company_users_404(client, auth, company, other_company, method, path):
    theirs = factories.user(other_company, User.OFFICE)
    auth.login()
    response = client.open(
        path.format(id=theirs.id),
        method=method,
        data={
            "name": "Taken",
            "role": "admin",
            "password": "x" * 12,
            "confirm": "x" * 12,
        },
    )
    assert response.status_code == 404
    theirs = factories.fresh(User, theirs.id)
    assert theirs.role == User.OFFICE and theirs.check_password(factories.PASSWORD)


def test_system_status_names_the_database_but_not_its_url(app, client, auth, company):
    auth.login()
    page = client.get("/settings/system").get_data(as_text=True)
    dialect = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[db.engine.dialect.name]
    assert f"<dd data-database>{dialect}</dd>" in page
    assert "<dd data-redis>Reachable</dd>" in page
    assert "<dd data-workers>0</dd>" in page and "<dd data-queued>0</dd>" in page
    assert app.config["SQLALCHEMY_DATABASE_URI"] not in page
    assert app.config["REDIS_URL"] not in page


def test_test_notification_runs_through_a_real_worker(client, auth, company):
    admin = factories.user(company)
    auth.login()
    response = client.post("/settings/system/test-notification", follow_redirects=True)
    assert "Queued. The bell will show it when a worker has run it." in (
        response.get_data(as_text=True)
    )
    assert "<dd data-queued>1</dd>" in response.get_data(as_text=True)
    redis = current_app.extensions["redis"]
    queue = Queue(current_app.config["RQ_QUEUE"], connection=redis)
    SimpleWorker([queue], connection=redis).work(burst=True)
    note = db.session.scalar(
        Notification.for_company(company.id).where(Notification.user_id == admin.id)
    )
    assert note.title == "Background worker is running"
    assert note.link == "/settings/system" and note.read is False
    bell = client.get("/notifications/bell").get_data(as_text=True)
    assert 'data-unread="1"' in bell
