"""A local emulator of Xero's identity service and Accounting API (2.0).

Served under /xero: /identity/connect/authorize, /connect/token,
/connect/revocation, /connections and /api.xro/2.0/...

Optional settings (app.config): XERO_MINUTE_LIMIT (60), XERO_TIER (starter: 1000 a
day; core, plus, advanced, enterprise: 5000), XERO_DAY_LIMIT (the tier's, or 5000),
XERO_CONCURRENT_LIMIT (5), XERO_APP_MINUTE_LIMIT (10000); windows run on TIME_SCALE.
Admin (for tests and demos): POST /xero/_admin/expire-tokens, GET/POST
/xero/_admin/clock ({"advance_seconds": n} moves token, code and idempotency
clocks), PUT /xero/_admin/organisations/<tenant>/lock-dates,
POST /xero/_admin/organisations/<tenant>/reset.
"""

from sandbox.xero.seed import seed

__all__ = ["register", "seed"]


def register(app):
    """Add the emulator's blueprints and its section of the sandbox page."""
    from sandbox.xero import (  # noqa: F401  (modules attach their routes)
        admin,
        api_contacts,
        api_documents,
        api_payments,
        api_settings,
        connections,
        guard,
        oauth,
    )
    from sandbox.xero.blueprints import api, identity
    from sandbox.xero.overview import overview

    app.register_blueprint(identity)
    app.register_blueprint(api)
    app.extensions.setdefault("sandbox_overviews", []).append(overview)
