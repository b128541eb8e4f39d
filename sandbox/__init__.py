"""Local emulators of the Xero and QuickBooks Online APIs: their own app and storage.

Standalone: flask --app "sandbox:create_sandbox_app()" run
Mounted:    under /sandbox of the demo (run.py's demo_web) by mount(app).

A development and demo tool, not part of the product: it imports nothing from
app/, ships outside the production install, and the product knows it only as any
real install knows Xero or QuickBooks, by the URLs and credentials in its Config
(product_settings gives them).
"""

from pathlib import Path

from flask import Flask

from sandbox.bodies import JunkRefusingJSON
from sandbox.config import SandboxConfig
from sandbox.storage import sandbox_db

HERE = Path(__file__).resolve().parent
STATIC = HERE.parent / "static"  # the checkout's stylesheet and htmx, shared
EMULATORS = ("sandbox.xero", "sandbox.quickbooks")


def create_sandbox_app(test_config=None):
    """Build the sandbox: config, database, both emulators and the admin API."""
    app = Flask(
        __name__,
        template_folder=str(HERE / "templates"),
        static_folder=str(STATIC),
        static_url_path="/static",
    )
    app.json = JunkRefusingJSON(app)
    app.config.from_object(SandboxConfig())
    if test_config:
        app.config.update(test_config)
    sandbox_db.init_app(app)

    from sandbox import admin, home, requests_log, security

    security.init_app(app)
    requests_log.init_app(app)
    app.register_blueprint(home.bp)
    app.register_blueprint(admin.bp)
    emulators = installed_emulators()
    for emulator in emulators:
        emulator.register(app)

    with app.app_context():
        tune_sqlite(sandbox_db.engine)
        # The sandbox is a test double with its own throwaway database, so it
        # builds its tables itself; the app's schema only ever comes from Alembic.
        sandbox_db.create_all()
        for emulator in emulators:
            emulator.seed()
    return app


def tune_sqlite(engine):
    """WAL and relaxed syncing: several processes share the file and a batch
    commits per item; a sandbox can lose its last writes in a power cut."""
    if engine.dialect.name != "sqlite":
        return
    import sqlalchemy as sa

    @sa.event.listens_for(engine, "connect")
    def pragmas(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    engine.dispose()  # connections made before the listener get the pragmas too


def installed_emulators():
    """Emulator modules with register(app) and seed(); a missing one is not served."""
    import importlib

    found = []
    for name in EMULATORS:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return found


# Each provider endpoint the product's Config names, and where the sandbox serves it.
ENDPOINTS = {
    "XERO_AUTHORIZE_URL": "/xero/identity/connect/authorize",
    "XERO_TOKEN_URL": "/xero/connect/token",
    "XERO_REVOKE_URL": "/xero/connect/revocation",
    "XERO_CONNECTIONS_URL": "/xero/connections",
    "XERO_API_BASE": "/xero/api.xro/2.0",
    "QUICKBOOKS_AUTHORIZE_URL": "/quickbooks/connect/oauth2",
    "QUICKBOOKS_TOKEN_URL": "/quickbooks/oauth2/v1/tokens/bearer",
    "QUICKBOOKS_REVOKE_URL": "/quickbooks/oauth2/v1/tokens/revoke",
    "QUICKBOOKS_API_BASE": "/quickbooks/v3/company",
    "QUICKBOOKS_DISCOVERY_URL": "/quickbooks/.well-known/openid_configuration",
}


def product_settings(base):
    """The product Config that points at a sandbox served at `base`: its endpoints,
    the client apps registered with it, no package web pages to link to, and the
    sandbox home for the demo's "see what arrived" link."""
    base = base.rstrip("/")
    registered = SandboxConfig()
    settings = {name: base + path for name, path in ENDPOINTS.items()}
    for provider in ("XERO", "QUICKBOOKS"):
        for part in ("CLIENT_ID", "CLIENT_SECRET"):
            key = f"{provider}_{part}"
            settings[key] = getattr(registered, key)
        settings[f"{provider}_WEB_URL"] = ""  # a sandbox record has no web page
    settings["SANDBOX_HOME_URL"] = base + "/"
    return settings


def mount(app, prefix="/sandbox"):
    """Serve the sandbox under `prefix` of another app (the demo's); returns it."""
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    sandbox = create_sandbox_app()
    app.extensions["sandbox"] = sandbox
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {prefix: sandbox})
    return sandbox
