"""Token refresh: rotation, single-flight across threads, expiry to needs reconnect."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import render_template
from flask_login import login_user

from app.extensions import db
from app.integrations.tokens import ConnectionTokens
from app.models import AccountsConnection, Notification
from app.providers.base import ProviderError
from sandbox import product_settings
from tests import test_integrations as flows
from tests.factories import user
from tests.test_integrations import connect, connection

# Fixtures shared with the connect tests: the sandbox on a port, a signed-in admin.
sandbox_app = flows.sandbox_app
sandbox_url = flows.sandbox_url
http = flows.http
linked_app = flows.linked_app
admin = flows.admin


def expire_access(row):
    db.session.execute(
        sa.update(AccountsConnection)
        .where(AccountsConnection.id == row.id)
        .values(access_expires_at=datetime.now(UTC) + timedelta(seconds=30))
    )
    db.session.commit()


@pytest.fixture
def xero(admin, http, company):
    connect(admin, http, "xero")
    return connection(company, "xero")


def test_a_fresh_token_is_used_as_it_is(linked_app, xero):
    with linked_app.app_context():
        assert ConnectionTokens(xero.id).access_token() == xero.access_token


def test_refresh_near_expiry_rotates_and_saves_both_tokens(
    linked_app, xero, company, http, sandbox_url
):
    old_access, old_refresh = xero.access_token, xero.refresh_token
    expire_access(xero)
    with linked_app.app_context():
        token = ConnectionTokens(xero.id).access_token()
    row = connection(company, "xero")
    assert token == row.access_token != old_access
    assert row.refresh_token != old_refresh  # Xero rotates on every use
    assert row.access_expires_at.replace(tzinfo=UTC) > datetime.now(UTC) + timedelta(
        minutes=20
    )
    listed = http.get(
        sandbox_url + "/xero/connections",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert listed.status_code == 200 and listed.json()
    # The rotated refresh token works next time too.
    expire_access(row)
    with linked_app.app_context():
        assert ConnectionTokens(xero.id).access_token() != token


def token_calls(http, sandbox_url):
    """Statuses of the calls to Xero's token endpoint, in order."""
    log = http.get(sandbox_url + "/_admin/requests", params={"limit": 5000}).json()
    return [entry["status"] for entry in log if entry["path"] == "/xero/connect/token"]


def test_two_threads_refreshing_at_once_share_one_refresh(
    linked_app, xero, company, http, sandbox_url
):
    old_access, connection_id = xero.access_token, xero.id  # read before threads
    expire_access(xero)
    start = threading.Barrier(2)
    results, errors = [], []

    def work():
        with linked_app.app_context():
            start.wait()
            try:
                results.append(ConnectionTokens(connection_id).access_token())
            except Exception as error:  # noqa: BLE001 - recorded, so the test shows it
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    row = connection(company, "xero")
    assert row.status == "connected"
    assert results == [row.access_token, row.access_token]
    assert row.access_token != old_access
    # Single flight: the code exchange, then one refresh, not one per thread.
    assert token_calls(http, sandbox_url) == [200, 200]


def test_refresh_after_rejection_skips_a_refresh_someone_else_did(linked_app, xero):
    old_access = xero.access_token
    with linked_app.app_context():
        tokens = ConnectionTokens(xero.id)
        first = tokens.refresh_after_rejection()
        assert first != old_access
        # A second caller rejected with the old token gets the new one, no refresh.
        db.session.execute(
            sa.update(AccountsConnection)
            .where(AccountsConnection.id == xero.id)
            .values(last_error="marker")
        )
        db.session.commit()
    with linked_app.app_context():
        assert ConnectionTokens(xero.id)._refresh(rejected=old_access) == first
        row = db.session.get(AccountsConnection, xero.id)
        assert row.last_error == "marker"  # untouched: no refresh happened


def test_quickbooks_refresh(admin, http, company, linked_app):
    connect(admin, http, "quickbooks")
    row = connection(company, "quickbooks")
    old_access = row.access_token
    expire_access(row)
    with linked_app.app_context():
        token = ConnectionTokens(row.id).access_token()
    assert token != old_access
    assert connection(company, "quickbooks").access_token == token


def test_a_sixty_day_old_refresh_token_needs_a_reconnect(
    linked_app, xero, company, http, sandbox_url, client
):
    moved = http.post(
        sandbox_url + "/xero/_admin/clock", json={"advance_seconds": 61 * 86400}
    )
    assert moved.status_code == 200
    expire_access(xero)
    with linked_app.app_context(), pytest.raises(ProviderError) as failure:
        ConnectionTokens(xero.id).access_token()
    assert failure.value.code == "auth_revoked"
    row = connection(company, "xero")
    assert row.status == "needs_reconnect"
    assert "reconnect" in row.last_error
    notes = db.session.scalars(
        sa.select(Notification).where(Notification.title == "Reconnect Xero")
    ).all()
    assert [note.user_id for note in notes] == [user(company).id]  # admins only
    page = client.get("/settings/integrations/").get_data(as_text=True)
    assert "Needs reconnect" in page and "Reconnect to Xero" in page
    # Still the package in use: QuickBooks waits for a disconnect.
    assert "Disconnect it first to connect QuickBooks Online" in page
    with linked_app.test_request_context("/"):
        login_user(db.session.get(type(user(company)), user(company).id))
        banner = render_template("integrations/_banner.html")
    assert "Xero needs you to sign in again" in banner


def test_banner_is_for_admins_only(linked_app, xero, company):
    db.session.execute(sa.update(AccountsConnection).values(status="needs_reconnect"))
    db.session.commit()
    with linked_app.test_request_context("/"):
        login_user(user(company, "office"))
        assert "sign in again" not in render_template("integrations/_banner.html")


def test_provider_down_during_refresh_keeps_the_connection(linked_app, xero, company):
    expire_access(xero)
    linked_app.config.update(product_settings("http://127.0.0.1:9"))
    with linked_app.app_context(), pytest.raises(ProviderError) as failure:
        ConnectionTokens(xero.id).access_token()
    assert failure.value.code == "unavailable"
    assert connection(company, "xero").status == "connected"


def test_a_changed_encryption_key_asks_for_a_reconnect(linked_app, xero, company):
    expire_access(xero)
    linked_app.config["SECRET_KEY"] = "a-different-secret"  # tokens now unreadable
    with linked_app.app_context(), pytest.raises(ProviderError) as failure:
        ConnectionTokens(xero.id).access_token()
    assert failure.value.code == "auth_revoked"
    linked_app.config["SECRET_KEY"] = "test-secret"
    assert connection(company, "xero").status == "needs_reconnect"
