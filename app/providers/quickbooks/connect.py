"""Connecting to QuickBooks Online: its scope, the one company chosen at Intuit's
sign-in (realmId on the callback), and revoking the token."""

import logging

import requests

from app.providers import replies
from app.providers.connect import AllowedOrganisation, ConnectError, bearer
from app.providers.quickbooks import wire

log = logging.getLogger("ledgerbridge.providers")


class QuickBooksConnect:
    """QuickBooks' connect steps: the admin picks one company while signing in."""

    scopes = "com.intuit.quickbooks.accounting"
    remote_id_label = "Realm ID"

    @classmethod
    def organisations(cls, access_token, callback_args, settings):
        """The company the admin chose (its realm id), named by its CompanyInfo."""
        realm_id = callback_args.get("realmId")
        if not realm_id:
            raise ConnectError("QuickBooks did not say which company was chosen.")
        if replies.realm_id(realm_id) is None:
            # It goes into every API path: only the digits Intuit issues will do.
            raise ConnectError(
                "QuickBooks sent back a company id that is not one it issues, so "
                "nothing was connected. Press Connect again."
            )
        name = company_name(access_token, realm_id, settings)
        return [AllowedOrganisation(realm_id, name)]

    @classmethod
    def revoke(cls, connection, client, settings):
        """Revoke the refresh token (or the access token, if that is all we hold)."""
        token = connection.refresh_token or connection.access_token
        if not token:
            return False
        try:
            reply = requests.post(
                settings.revoke_url,
                json={"token": token},
                auth=client,
                headers={"Accept": "application/json"},
                timeout=settings.timeout,
            )
        except requests.RequestException:
            return False
        return reply.status_code == 200


def company_name(access_token, realm_id, settings):
    """The company's name from CompanyInfo, or None when it cannot be read now:
    the company is linked all the same, under its realm id."""
    try:
        reply = requests.get(
            f"{settings.api_base}/{realm_id}/companyinfo/{realm_id}",
            params={"minorversion": wire.MINOR_VERSION},
            headers=bearer(access_token),
            timeout=settings.timeout,
        )
        reply.raise_for_status()
        name = replies.company_name(reply.json())
        if name is None:
            raise ValueError("CompanyInfo holds no CompanyName")
        return name
    except (requests.RequestException, ValueError):
        log.warning("QuickBooks CompanyInfo unavailable for %s", realm_id)
        return None
