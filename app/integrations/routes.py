"""Settings > Accounts Integration: app credentials, connect, choose, disconnect."""

import hmac

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.audit_trail import changes
from app.auth import admin_required
from app.extensions import db
from app.integrations import oauth, services, urls
from app.integrations.forms import CredentialsForm
from app.integrations.linking import (
    PENDING,
    back,
    drop_choice,
    finish,
    link_consent,
    pending_choice,
)
from app.integrations.tokens import ConnectionTokens
from app.models import AccountsConnection, ProviderApp
from app.providers.registry import CLIENTS, PROVIDER_NAMES, PROVIDERS

bp = Blueprint("integrations", __name__, url_prefix="/settings/integrations")
bp.app_context_processor(services.reconnect_banner)


def known(provider):
    if provider not in PROVIDERS:
        abort(404)
    return provider


@bp.route("/")
@admin_required
def index():
    """One card per provider: its state, its credentials form, Connect/Disconnect."""
    # The sync options card below the providers is the sync blueprint's: its
    # template reads the form from sync_options_form().
    return render_template("integrations/index.html", cards=page_cards())


def page_cards(posted=None):
    """The provider cards, with the posted form (and its errors) on its own card."""
    cards = services.cards(current_user.company_id)
    for card in cards:
        mine = posted is not None and posted.provider == card["provider"]
        card["form"] = posted if mine else credentials_form(card["provider"])
        card["redirect_uri"] = oauth.redirect_uri(card["provider"])
        card["remote_id_label"] = CLIENTS[card["provider"]].remote_id_label
    return cards


def credentials_form(provider, formdata=None):
    saved = db.session.scalar(
        ProviderApp.for_company(current_user.company_id).where(
            ProviderApp.provider == provider
        )
    )
    form = CredentialsForm(formdata=formdata, prefix=provider)
    if formdata is None:
        if saved is not None:
            form.client_id.data = saved.client_id
        elif installed := urls.installed_credentials(provider):
            form.client_id.data = installed[0]
    form.saved, form.provider = saved, provider
    return form


@bp.route("/<provider>/credentials", methods=["POST"])
@admin_required
def save_credentials(provider):
    """Save the Client ID and (when given) the Client Secret, encrypted."""
    known(provider)
    form = credentials_form(provider, formdata=request.form)
    saved = form.saved
    if form.validate():
        if not form.client_secret.data and not (saved and saved.client_secret):
            form.client_secret.errors.append("Paste the Client Secret of your app.")
        else:
            old_client_id = saved.client_id if saved else None
            saved = saved or ProviderApp(
                company_id=current_user.company_id, provider=provider
            )
            saved.client_id = form.client_id.data
            if form.client_secret.data:
                saved.client_secret = form.client_secret.data
            changes.credentials_saved(
                provider, old_client_id, saved, bool(form.client_secret.data)
            )
            db.session.add(saved)
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()  # saved by another admin at the same moment
                form.client_id.errors.append("These were just saved elsewhere; reload.")
            else:
                flash(f"{PROVIDER_NAMES[provider]} app credentials saved.", "success")
                return back()
    return render_template("integrations/index.html", cards=page_cards(form)), 400


@bp.route("/<provider>/connect", methods=["POST"])
@admin_required
def connect(provider):
    """Send the admin to the provider's consent page (PKCE, state)."""
    known(provider)
    other = services.blocked_by(current_user.company_id, provider)
    if other is not None:
        flash(
            f"Disconnect {other.provider_name} first: a company can be linked to "
            "one accounts package at a time.",
            "error",
        )
        return back()
    client = oauth.credentials(current_user.company_id, provider)
    if client is None:
        flash(
            f"Save your {PROVIDER_NAMES[provider]} app's Client ID and Secret first.",
            "error",
        )
        return back()
    url, state, verifier = oauth.authorization(provider, client)
    session[PENDING] = {
        "provider": provider,
        "state": state,
        "verifier": verifier,
        "user_id": current_user.id,
    }
    return redirect(url)


@bp.route("/<provider>/callback")
@admin_required
def callback(provider):
    """The provider sends the admin back here with a code (or an error)."""
    known(provider)
    pending = session.pop(PENDING, None)
    state = request.args.get("state", "")
    if (
        not pending
        or pending.get("provider") != provider
        or pending.get("user_id") != current_user.id
        or not hmac.compare_digest(pending.get("state", ""), state)
    ):
        flash(
            "That sign-in could not be matched to a Connect from this page, so "
            "nothing was linked. Press Connect to try again.",
            "error",
        )
        return back()
    error = request.args.get("error")
    if error:
        flash(oauth.consent_error(provider, error), "error")
        return back()
    code = request.args.get("code")
    if not code:
        flash(
            "The accounts package sent no sign-in code. Press Connect again.", "error"
        )
        return back()
    if services.blocked_by(current_user.company_id, provider) is not None:
        flash("Disconnect the other accounts package first.", "error")
        return back()
    client = oauth.credentials(current_user.company_id, provider)
    if client is None:
        flash("The app credentials were removed. Save them and connect again.", "error")
        return back()
    try:
        token = oauth.exchange_code(provider, client, code, pending["verifier"])
        return link_consent(provider, token, request.args)
    except oauth.ConnectError as failure:
        db.session.rollback()
        flash(failure.message, "error")
        return back()


@bp.route("/<provider>/organisation", methods=["GET", "POST"])
@admin_required
def choose_organisation(provider):
    """Pick which of the organisations the admin allowed to link."""
    known(provider)
    pending = pending_choice(provider)
    if pending is None:
        flash(
            f"That choice has expired. Press Connect to {PROVIDER_NAMES[provider]} "
            "again.",
            "error",
        )
        return back()
    token, allowed = pending
    page = {"provider": provider, "name": PROVIDER_NAMES[provider]}
    if request.method == "GET":
        return render_template(
            "integrations/choose_organisation.html", organisations=allowed, **page
        )
    wanted = request.form.get("remote_id", "")
    chosen = next((each for each in allowed if each.remote_id == wanted), None)
    if chosen is None:
        return render_template(
            "integrations/choose_organisation.html",
            organisations=allowed,
            error="Choose one organisation.",
            **page,
        ), 400
    if services.blocked_by(current_user.company_id, provider) is not None:
        flash("Disconnect the other accounts package first.", "error")
        return back()
    drop_choice()
    try:
        return finish(provider, token, chosen)
    except oauth.ConnectError as failure:
        flash(failure.message, "error")
        return back()


@bp.route("/<provider>/disconnect", methods=["POST"])
@admin_required
def disconnect(provider):
    """Revoke at the provider and forget the tokens; links and history stay."""
    known(provider)
    row = services.connection_for(current_user.company_id, provider)
    if row is None or row.status == AccountsConnection.DISCONNECTED:
        flash(f"{PROVIDER_NAMES[provider]} is not connected.", "error")
        return back()
    if row.is_connected:
        try:
            # Some packages revoke with the access token: it must be live.
            ConnectionTokens(row.id).access_token()
        except Exception:  # noqa: BLE001 - whatever the package did, forget it here
            db.session.rollback()
            current_app.logger.warning("No live token to revoke", exc_info=True)
        db.session.refresh(row)
    client = oauth.credentials(current_user.company_id, provider)
    try:
        confirmed = client is not None and oauth.revoke(row, client)
    except Exception:  # noqa: BLE001 - a failed revocation never blocks the disconnect
        current_app.logger.warning("Revoking at the package failed", exc_info=True)
        confirmed = False
    changes.disconnected(row, confirmed)
    services.forget(row)
    if confirmed:
        flash(f"Disconnected from {PROVIDER_NAMES[provider]}.", "success")
    else:
        flash(
            f"Disconnected here, but {PROVIDER_NAMES[provider]} did not confirm it; "
            "you can also remove LedgerBridge in its connected apps page.",
            "warning",
        )
    return back()
