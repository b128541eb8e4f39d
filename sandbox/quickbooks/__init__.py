"""QuickBooks Online emulator: Intuit OAuth and Accounting API v3 under /quickbooks."""

from flask import g, request

from sandbox.quickbooks import seed as seeding
from sandbox.quickbooks.envelopes import new_tid


def register(app):
    """Serve the emulator's blueprints and list its companies on the home page."""
    from sandbox.quickbooks import (
        admin,
        api,
        oauth,
        openid,  # noqa: F401 - adds routes to oauth.bp
        overview,
    )

    app.register_blueprint(oauth.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    app.extensions.setdefault("sandbox_overviews", []).append(overview.build)

    @app.after_request
    def add_intuit_tid(response):
        # Intuit stamps every reply; support asks for this id.
        if request.path.startswith("/quickbooks/"):
            response.headers["intuit_tid"] = g.get("intuit_tid") or new_tid()
        return response


def seed():
    """Create the demo companies (idempotent)."""
    seeding.seed()
