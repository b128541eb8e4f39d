"""Settings: admins only, users and their rules, system status, the worker check."""

import threading

import pytest
import sqlalchemy as sa
from flask import current_app
from rq import Queue, SimpleWorker

from app.extensions import db
from app.models import AuditEntry, Notification, User
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
    assert note.endpoint == "settings.system" and note.read is False
    bell = client.get("/notifications/bell").get_data(as_text=True)
    assert 'data-unread="1"' in bell


def at_once(posts):
    """Send each (client, path, data) from its own thread, released together."""
    barrier = threading.Barrier(len(posts))
    answers = [None] * len(posts)

    def send(n, client, path, data):
        barrier.wait()
        answers[n] = client.post(path, data=data)

    threads = [
        threading.Thread(target=send, args=(n, *post)) for n, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_admins_removing_each_other_at_once_leave_one(app, make_app, company):
    """Each pair of requests is fired at once, through two app instances."""
    first, second = factories.user(company), factories.user(company, User.OFFICE)
    second.role = User.ADMIN
    db.session.commit()
    pair = [(app, first, second), (make_app(), second, first)]
    changes = [{"role": "office", "active": "y"}, {"role": "admin"}]  # or switch off
    for trial in range(6):
        clients = []
        for instance, me, _other in pair:
            client = instance.test_client()
            signed = client.post(
                "/login", data={"email": me.email, "password": factories.PASSWORD}
            )
            assert signed.status_code == 302
            clients.append(client)
        change = changes[trial % 2]
        answers = at_once(
            [
                (
                    client,
                    f"/settings/users/{other.id}/edit",
                    {"name": other.name, **change},
                )
                for client, (_app, _me, other) in zip(clients, pair, strict=True)
            ]
        )
        db.session.expire_all()
        assert services.active_admins(company.id) == 1, trial
        saved = [a for a in answers if a.headers.get("Location") == "/settings/users"]
        assert len(saved) == 1, trial
        (other,) = [a for a in answers if a is not saved[0]]
        # Refused after waiting its turn, or its session ended before it was read.
        if other.status_code == 302:
            assert other.headers["Location"].startswith("/login")
        else:
            page = other.get_data(as_text=True)
            assert "nothing was saved" in page or "at least one active admin" in page
        for row in (first, second):
            row.role, row.active = User.ADMIN, True
        db.session.commit()


def audit_entries():
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_user_management_is_audited(client, auth, company):
    auth.login()
    client.post("/settings/users/new", data=NEW_USER)
    sam = db.session.scalar(sa.select(User).where(User.email == NEW_USER["email"]))
    client.post(
        f"/settings/users/{sam.id}/edit",
        data={"name": "Sam Admin", "role": "admin", "active": "y"},
    )
    client.post(
        f"/settings/users/{sam.id}/edit", data={"name": "Sam Admin", "role": "admin"}
    )
    client.post(
        f"/settings/users/{sam.id}/password",
        data={"password": "a brand new one", "confirm": "a brand new one"},
    )
    admin = factories.user(company)
    rows = [e for e in audit_entries() if e.kind != AuditEntry.SIGNED_IN]
    assert [e.kind for e in rows] == [
        AuditEntry.USER_ADDED,
        AuditEntry.ROLE_CHANGED,
        AuditEntry.USER_CHANGED,
        AuditEntry.USER_CHANGED,
        AuditEntry.PASSWORD_RESET,
    ]
    assert {(e.actor_id, e.company_id) for e in rows} == {(admin.id, company.id)}
    promoted = rows[1].detail_dict
    assert promoted["before"] == {"role": "office"}
    assert promoted["after"] == {"role": "admin"}
    assert rows[2].detail_dict["after"] == {"name": "Sam Admin"}
    assert rows[3].detail_dict == {
        "user": "sam@acme.example",
        "before": {"active": True},
        "after": {"active": False},
    }
    assert "a brand new one" not in " ".join(e.details for e in rows)


def test_a_refused_change_saves_and_audits_nothing(client, auth, company):
    admin = factories.user(company)
    auth.login()
    client.post(
        f"/settings/users/{admin.id}/edit",
        data={"name": "Me", "role": "office", "active": "y"},
    )
    assert [e.kind for e in audit_entries()] == [AuditEntry.SIGNED_IN]
    assert factories.fresh(User, admin.id).name != "Me"


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", "long enough pass", "Enter a valid email address"),
        ("admin@", "long enough pass", "Enter a valid email address"),
        ("new@acme.example", "eight ch", "Password: Use at least 10 characters."),
        ("new@acme.example", "p" * 201, "Password: Use at most 200 characters."),
    ],
)
def test_create_admin_follows_the_web_forms_rules(
    runner, company, email, password, message
):
    result = runner.invoke(
        args=["create-admin", email, "--company", company.name],
        input=f"{password}\n{password}\n",
    )
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(sa.select(User).where(User.email == email)) is None


def test_create_admin_adds_an_admin_who_can_sign_in(runner, client, company):
    result = runner.invoke(
        args=["create-admin", "New@Acme.example", "--company", company.name],
        input="long enough pass\nlong enough pass\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "new@acme.example"))
    assert user.is_admin and user.company_id == company.id
    (entry,) = audit_entries()
    assert entry.kind == AuditEntry.USER_ADDED and entry.company_id == company.id
    response = client.post(
        "/login", data={"email": "new@acme.example", "password": "long enough pass"}
    )
    assert response.status_code == 302
