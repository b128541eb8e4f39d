"""Connecting a company to a package, in neutral terms: the steps each provider
class answers for, what a consent allowed, and a failed step's plain English.

They are asked of the class, not an instance: while connecting there is no
connection yet to make a client for."""

from abc import ABC, abstractmethod
from dataclasses import dataclass


class ConnectError(Exception):
    """A connect step failed; .message is for the page, in plain English."""

    def __init__(self, message, code="unknown"):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class AllowedOrganisation:
    """An organisation the admin's consent let LedgerBridge into."""

    remote_id: str  # what every later call names it by
    name: str | None  # None: the package would not say just now
    connection_id: str | None = None  # the package's id for this grant, if any


def bearer(token):
    """The headers of a sign-in call made with an access token."""
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


class Connecting(ABC):
    """What differs between packages while connecting and disconnecting."""

    scopes = ""  # the OAuth scopes to ask for, space-separated
    remote_id_label = "ID"  # the package's own name for an organisation's id

    @classmethod
    @abstractmethod
    def organisations(
        cls, access_token, callback_args, settings
    ) -> list[AllowedOrganisation]:
        """The organisations this consent allowed; with several, the admin chooses.

        callback_args are the query arguments the package sent the admin back
        with. ConnectError says what is wrong with the consent itself; a failed
        or malformed reply raises its requests error or replies.JunkReply, for
        the caller to put in plain English as it does for the token exchange."""

    @classmethod
    @abstractmethod
    def revoke(cls, connection, client, settings) -> bool:
        """Ask the package to forget this connection (client: the app's id and
        secret); True when it confirmed, False when it did not or could not."""

    @classmethod  # noqa: B027 - an optional step, not one every package must take
    def remember(cls, connection, connection_id):
        """Keep the package's id for this grant on the connection row, where
        revoking it later needs one; most packages have none."""
