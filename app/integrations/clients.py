"""The provider client for a connection: its settings, tokens and organisation."""

from app.integrations import urls
from app.integrations.tokens import ConnectionTokens
from app.providers.registry import CLIENTS


def provider_for(connection, **changes):
    """An AccountsProvider speaking for this connection (settings changes optional)."""
    settings = urls.endpoints(connection.provider)
    if changes:
        settings = settings.with_changes(**changes)
    client = CLIENTS[connection.provider]
    return client(settings, connection.remote_id, ConnectionTokens(connection.id))
