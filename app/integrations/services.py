"""Linking a company to a provider: pending consents, connections, notifications."""

import json
import secrets
from datetime import UTC, datetime

from flask_login import current_user
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from app import tasks
from app.audit_trail import changes
from app.codes import services as codes
from app.crypto import decrypt, encrypt
from app.extensions import db
from app.integrations import oauth
from app.models import AccountsConnection
from app.notifications.services import admin_ids, notify
from app.providers.registry import PROVIDER_NAMES, PROVIDERS

PENDING_SECONDS = 600  # long enough to pick an organisation, short enough to expire


def connection_for(company_id, provider):
    return db.session.scalar(
        AccountsConnection.for_company(company_id).where(
            AccountsConnection.provider == provider
        )
    )


def linked_connection(company_id):
    """The connection in use (connected or needing reconnect), if any."""
    return AccountsConnection.linked_for(company_id)


def blocked_by(company_id, provider):
    """The other provider's connection that must be disconnected first, or None."""
    linked = linked_connection(company_id)
    return linked if linked is not None and linked.provider != provider else None


def save_pending(data):
    """Keep a consent's tokens for the organisation chooser: Redis, encrypted, TTL."""
    key = secrets.token_urlsafe(24)
    tasks.redis_connection().set(
        f"lb:oauth:pending:{key}", encrypt(json.dumps(data)), ex=PENDING_SECONDS
    )
    return key


def load_pending(key):
    if not key:
        return None
    value = tasks.redis_connection().get(f"lb:oauth:pending:{key}")
    plain = decrypt(value.decode()) if value else None
    return json.loads(plain) if plain else None


def drop_pending(key):
    if key:
        tasks.redis_connection().delete(f"lb:oauth:pending:{key}")


def link(user, provider, token, remote_id, name, connection_id=None):
    """Save the connection with its tokens in one commit and tell the admin;
    connection_id is the package's id for the grant, kept where it has one."""
    from app.providers.registry import CLIENTS

    codes.retire_other_packages(user.company_id, provider)
    row = connection_for(user.company_id, provider) or AccountsConnection(
        company_id=user.company_id, provider=provider
    )
    now = datetime.now(UTC)
    row.status = AccountsConnection.CONNECTED
    row.remote_id = remote_id
    row.organisation_name = name
    row.access_token = token["access_token"]
    row.refresh_token = token.get("refresh_token")
    row.access_expires_at = oauth.expiry(token, "expires_in", 1800)
    row.refresh_expires_at = oauth.expiry(
        token, "x_refresh_token_expires_in", 60 * 86400
    )
    row.scopes = token.get("scope") or ""
    row.connected_by_id = user.id
    row.connected_at = now
    row.last_refreshed_at = now
    CLIENTS[provider].remember(row, connection_id)
    row.last_error = None
    db.session.add(row)
    notify(
        user.company_id,
        [user.id],
        f"Connected to {PROVIDER_NAMES[provider]}",
        f"LedgerBridge is now linked to {name}.",
        "integrations.index",
    )
    changes.connected(user, provider, name, remote_id)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()  # another admin linked it a moment ago
        raise oauth.ConnectError(
            "Someone else connected at the same moment. Reload the page to see it."
        ) from error
    return row


def forget(row, error=None):
    """Disconnected: tokens gone; the row, its ids and history stay."""
    row.status = AccountsConnection.DISCONNECTED
    row.access_token = None
    row.refresh_token = None
    row.access_expires_at = None
    row.refresh_expires_at = None
    row.last_error = error
    db.session.commit()


def notify_admins(session, company_id, title, body):
    """A notification for every active admin of the company (in `session`)."""
    admins = admin_ids(company_id, session)
    notify(company_id, admins, title, body, "integrations.index", session=session)


def cards(company_id):
    """Per provider: its connection row (or None) and whether the app is set up."""
    return [
        {
            "provider": provider,
            "name": PROVIDER_NAMES[provider],
            "connection": connection_for(company_id, provider),
            "client": oauth.credentials(company_id, provider),
            "blocked_by": blocked_by(company_id, provider),
        }
        for provider in PROVIDERS
    ]


def reconnect_banner():
    """Templates get a lazy list of connections an admin must reconnect."""
    return {"integrations_needing_reconnect": needing_reconnect}


def needing_reconnect():
    """The signed-in admin's connections needing a reconnect (none for others)."""
    if (
        not getattr(current_user, "is_authenticated", False)
        or not current_user.is_admin
    ):
        return []
    try:
        return db.session.scalars(
            AccountsConnection.for_company(current_user.company_id).where(
                AccountsConnection.status == AccountsConnection.NEEDS_RECONNECT
            )
        ).all()
    except SQLAlchemyError:
        return []  # an error page must still render while the database is down


def mark_needs_reconnect(connection_id, reason=""):
    """The package refused our sign-in mid-sync: ask an admin to reconnect, once."""
    row = db.session.get(AccountsConnection, connection_id)
    if row is None or row.status != AccountsConnection.CONNECTED:
        return
    row.status = AccountsConnection.NEEDS_RECONNECT
    row.last_error = (
        f"{row.provider_name} no longer accepts LedgerBridge's sign-in"
        + (f" ({reason})" if reason else "")
        + ". An admin needs to reconnect."
    )
    notify_admins(
        db.session,
        row.company_id,
        f"Reconnect {row.provider_name}",
        f"{row.provider_name} refused our sign-in; nothing will sync until an admin "
        "reconnects it in Settings > Accounts Integration.",
    )
    db.session.commit()
