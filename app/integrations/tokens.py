"""Access tokens for one connection: refreshed before expiry, one refresh at a time.

Web requests and workers share a connection's refresh token, and providers rotate
it on every use, so two refreshes at once would leave one side with a dead token.
A Redis lock (plus a row lock on PostgreSQL) makes the refresh single-flight; the
rotated token is saved in the same transaction that read the old one.
"""

from datetime import UTC, datetime, timedelta

import requests
import sqlalchemy as sa
from authlib.integrations.base_client.errors import OAuthError
from sqlalchemy.orm import Session

from app import tasks
from app.extensions import db
from app.integrations import oauth, services
from app.models import AccountsConnection
from app.providers.base import ProviderError

MARGIN = timedelta(minutes=2)
LOCK_SECONDS = 60


def _aware(moment):
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)  # SQLite drops the zone
    return moment


class ConnectionTokens:
    """The TokenSource of one AccountsConnection."""

    def __init__(self, connection_id):
        self.connection_id = connection_id

    def access_token(self):
        """A valid access token, refreshing first when under two minutes are left."""
        with Session(db.engine) as session:
            row = self._load(session)
            if self._fresh(row):
                return row.access_token
        return self._refresh(rejected=None)

    def refresh_after_rejection(self):
        """The provider said 401: refresh (unless someone just did) and retry once."""
        with Session(db.engine) as session:
            rejected = self._load(session).access_token
        return self._refresh(rejected=rejected)

    def _load(self, session, lock=False):
        query = sa.select(AccountsConnection).where(
            AccountsConnection.id == self.connection_id
        )
        if lock:
            query = query.with_for_update()  # PostgreSQL; SQLite relies on Redis
        row = session.scalar(query)
        if row is None or row.status != AccountsConnection.CONNECTED:
            raise ProviderError("auth_revoked", "The connection is not connected.")
        return row

    @staticmethod
    def _fresh(row):
        expires = _aware(row.access_expires_at)
        return bool(
            row.access_token and expires and expires - datetime.now(UTC) > MARGIN
        )

    def _refresh(self, rejected):
        lock = tasks.redis_connection().lock(
            f"lb:lock:token:{self.connection_id}",
            timeout=LOCK_SECONDS,
            blocking_timeout=LOCK_SECONDS,
        )
        if not lock.acquire():
            raise ProviderError("timeout", "Another refresh is taking too long.")
        try:
            with Session(db.engine) as session, session.begin():
                row = self._load(session, lock=True)
                # Someone refreshed while we waited for the lock: use theirs.
                if rejected is None and self._fresh(row):
                    return row.access_token
                if rejected is not None and row.access_token != rejected:
                    return row.access_token
                return self._rotate(session, row)
        finally:
            try:
                lock.release()
            except Exception:  # noqa: S110 - an expired lock is already gone
                pass

    def _rotate(self, session, row):
        client = self._client(session, row)
        if not row.refresh_token:  # unreadable after a key change, or never given
            self._needs_reconnect(session, row, "no refresh token")
            session.commit()
            raise ProviderError("auth_revoked", "No usable refresh token.")
        try:
            token = oauth.refresh(row.provider, client, row.refresh_token)
        except OAuthError as error:
            if error.error in ("invalid_grant", "invalid_client"):
                self._needs_reconnect(session, row, error.error)
                session.commit()
                raise ProviderError("auth_revoked", error.description or "") from error
            raise ProviderError("unknown", str(error)) from error
        except requests.Timeout as error:
            raise ProviderError("timeout", str(error)) from error
        except (requests.RequestException, ValueError) as error:
            raise ProviderError("unavailable", str(error)) from error
        now = datetime.now(UTC)
        row.access_token = token["access_token"]
        row.refresh_token = token.get("refresh_token") or row.refresh_token
        row.access_expires_at = oauth.expiry(token, "expires_in", 1800)
        if token.get("x_refresh_token_expires_in"):
            row.refresh_expires_at = oauth.expiry(token, "x_refresh_token_expires_in")
        else:
            row.refresh_expires_at = now + timedelta(days=60)
        row.last_refreshed_at = now
        row.last_error = None
        return row.access_token

    @staticmethod
    def _client(session, row):
        from app.models import ProviderApp

        app_row = session.scalar(
            ProviderApp.for_company(row.company_id).where(
                ProviderApp.provider == row.provider
            )
        )
        if app_row is not None and app_row.client_id and app_row.client_secret:
            return app_row.client_id, app_row.client_secret
        installed = oauth.urls.installed_credentials(row.provider)
        if installed is not None:
            return installed
        raise ProviderError("auth_revoked", "The app credentials are missing.")

    @staticmethod
    def _needs_reconnect(session, row, reason):
        row.status = AccountsConnection.NEEDS_RECONNECT
        row.last_error = (
            f"{row.provider_name} no longer accepts LedgerBridge's sign-in "
            f"({reason}). An admin needs to reconnect."
        )
        services.notify_admins(
            session,
            row.company_id,
            f"Reconnect {row.provider_name}",
            f"{row.provider_name} asked us to sign in again; nothing will sync "
            "until an admin reconnects it in Settings > Accounts Integration.",
        )
