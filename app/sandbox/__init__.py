"""Local emulators of the Xero and QuickBooks Online APIs: their own app and storage.

Standalone: flask --app "app.sandbox:create_sandbox_app()" run
Mounted:    under /sandbox on the main app when SANDBOX_ENABLED is on.
"""

from pathlib import Path

from flask import Flask

from app.sandbox.bodies import JunkRefusingJSON
from app.sandbox.config import SandboxConfig
from app.sandbox.storage import sandbox_db

ROOT = Path(__file__).resolve().parents[2]
EMULATORS = ("app.sandbox.xero", "app.sandbox.quickbooks")


def create_sandbox_app(test_config=None):
    """Build the sandbox: config, database, both emulators and the admin API."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        static_url_path="/static",
    )
    app.json = JunkRefusingJSON(app)
    app.config.from_object(SandboxConfig())
    if test_config:
        app.config.update(test_config)
    sandbox_db.init_app(app)

    from app.sandbox import admin, home, requests_log

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


def mount(app):
    """Serve the sandbox under /sandbox of the main app (the demo default)."""
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    sandbox = create_sandbox_app()
    app.extensions["sandbox"] = sandbox
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/sandbox": sandbox})
