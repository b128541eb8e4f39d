"""Finishing a consent: link the organisation it allowed, or the one chosen."""

from dataclasses import asdict

from flask import flash, redirect, session, url_for
from flask_login import current_user

from app.integrations import oauth, services
from app.providers.connect import AllowedOrganisation, ConnectError
from app.providers.registry import PROVIDER_NAMES

PENDING = "integrations_oauth"  # the Flask session key for a consent in progress
CHOICE = PENDING + "_choice"  # ... and for one waiting for the admin's choice


def back():
    """To the Accounts Integration page."""
    return redirect(url_for("integrations.index"))


def link_consent(provider, token, callback_args):
    """Link the one organisation the consent allowed, or ask which of several."""
    allowed = oauth.organisations(provider, token, callback_args)
    if not allowed:
        raise ConnectError(
            f"No {PROVIDER_NAMES[provider]} organisation was chosen. "
            "Press Connect again."
        )
    if len(allowed) == 1:
        return finish(provider, token, allowed[0])
    key = services.save_pending(
        {"token": token, "organisations": [asdict(each) for each in allowed]}
    )
    session[CHOICE] = {"key": key, "user_id": current_user.id, "provider": provider}
    return redirect(url_for("integrations.choose_organisation", provider=provider))


def pending_choice(provider):
    """(token, [AllowedOrganisation]) of this admin's consent that waits for a
    choice of organisation, or None when there is none (or it expired)."""
    choice = session.get(CHOICE) or {}
    if choice.get("user_id") != current_user.id or choice.get("provider") != provider:
        return None
    pending = services.load_pending(choice.get("key"))
    if pending is None:
        return None
    allowed = [AllowedOrganisation(**each) for each in pending["organisations"]]
    return pending["token"], allowed


def drop_choice():
    """The choice is made: neither the session nor Redis keeps its tokens."""
    choice = session.pop(CHOICE, None) or {}
    services.drop_pending(choice.get("key"))


def finish(provider, token, organisation):
    """Link this organisation; a package that would not name it now is linked
    under its id."""
    remote_id, name = organisation.remote_id, organisation.name
    services.link(
        current_user,
        provider,
        token,
        remote_id,
        name or f"Company {remote_id}",
        organisation.connection_id,
    )
    flash(f"Connected to {PROVIDER_NAMES[provider]}: {name or remote_id}.", "success")
    return back()
