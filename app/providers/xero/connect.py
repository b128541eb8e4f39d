"""Connecting to Xero: its scopes, the organisations a consent added (its
/connections list), and revoking by deleting our connection there."""

import base64
import json

import requests

from app.providers import replies
from app.providers.clean import clean
from app.providers.connect import AllowedOrganisation, bearer


class XeroConnect:
    """Xero's connect steps: one consent may allow several organisations."""

    # Granular transaction scopes: Xero apps made from March 2026 get no others.
    scopes = (
        "offline_access openid profile email accounting.settings "
        "accounting.contacts accounting.invoices accounting.payments"
    )
    remote_id_label = "Tenant ID"

    @classmethod
    def organisations(cls, access_token, callback_args, settings):
        """The organisations this authorization connected: Xero's /connections."""
        params = {}
        event = jwt_claims(access_token).get("authentication_event_id")
        if event:
            params["authEventId"] = event  # only the tenants this consent added
        reply = requests.get(
            settings.connections_url,
            params=params,
            headers=bearer(access_token),
            timeout=settings.timeout,
        )
        reply.raise_for_status()
        return [
            AllowedOrganisation(tenant["tenant_id"], tenant["name"], tenant["id"])
            for tenant in replies.xero_tenants(clean(reply.json()))
        ]

    @classmethod
    def revoke(cls, connection, client, settings):
        """Delete our connection to the organisation (it needs a live token)."""
        if not connection.xero_connection_id or not connection.access_token:
            return False
        try:
            reply = requests.delete(
                f"{settings.connections_url}/{connection.xero_connection_id}",
                headers=bearer(connection.access_token),
                timeout=settings.timeout,
            )
        except requests.RequestException:
            return False
        return reply.status_code in (200, 204, 404)

    @classmethod
    def remember(cls, connection, connection_id):
        """Keep the /connections id: disconnecting deletes it by that id."""
        connection.xero_connection_id = connection_id


def jwt_claims(token):
    """The claims of a JWT access token, unverified: only to filter /connections."""
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
