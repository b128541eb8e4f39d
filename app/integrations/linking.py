"""Finishing a consent: link the chosen QuickBooks company or Xero organisation."""

from flask import flash, redirect, session, url_for
from flask_login import current_user

from app.integrations import oauth, services
from app.providers import replies

PENDING = "integrations_oauth"  # the Flask session key for a consent in progress


def back():
    """To the Accounts Integration page."""
    return redirect(url_for("integrations.index"))


def link_quickbooks(token, realm_id):
    """Link the QuickBooks company the admin chose (its realm id)."""
    if not realm_id:
        raise oauth.ConnectError("QuickBooks did not say which company was chosen.")
    if replies.realm_id(realm_id) is None:
        # It goes into every API path: only the digits Intuit issues will do.
        raise oauth.ConnectError(
            "QuickBooks sent back a company id that is not one it issues, so "
            "nothing was connected. Press Connect again."
        )
    name = oauth.quickbooks_company_name(token["access_token"], realm_id)
    services.link(
        current_user, "quickbooks", token, realm_id, name or f"Company {realm_id}"
    )
    flash(f"Connected to QuickBooks Online: {name or realm_id}.", "success")
    return back()


def link_xero(token):
    """Link the one Xero organisation allowed, or ask which of several."""
    tenants = oauth.xero_tenants(token["access_token"])
    if not tenants:
        raise oauth.ConnectError(
            "No Xero organisation was chosen. Press Connect again."
        )
    if len(tenants) == 1:
        return finish_xero(token, tenants[0])
    key = services.save_pending({"token": token, "tenants": tenants})
    session[PENDING + "_choice"] = {"key": key, "user_id": current_user.id}
    return redirect(url_for("integrations.choose_tenant"))


def finish_xero(token, tenant):
    """Link this Xero organisation."""
    services.link(
        current_user, "xero", token, tenant["tenant_id"], tenant["name"], tenant["id"]
    )
    flash(f"Connected to Xero: {tenant['name']}.", "success")
    return back()
