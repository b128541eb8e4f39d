"""LedgerBridge: the office app and its accounts integration."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import logs
from app.config import INSTANCE, Config
from app.extensions import csrf, db, htmx, login_manager, migrate, tune_sqlite

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None, instance_path=None):
    """Build the app: config, extensions, blueprints and error handlers."""
    instance_path = Path(instance_path or INSTANCE)
    app = Flask(
        __name__,
        instance_path=str(instance_path.resolve()),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(Config(app.instance_path))
    if test_config:
        app.config.update(test_config)
    logs.init(app.config["LOG_LEVEL"])

    from app.crypto import check_key

    check_key(app)
    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    login_manager.init_app(app)
    htmx.init_app(app)
    from app.auth import throttle

    app.before_request(throttle.small_sign_in_form)  # before CSRF reads the form
    csrf.init_app(app)

    @app.teardown_request
    def end_session(_error):
        # A request never hands its session to the next one, even while a test
        # or a CLI command keeps the app context open around several requests.
        db.session.remove()

    from app import tasks

    tasks.init_app(app)
    throttle.init_app(app)  # the limiter, on the Redis tasks just resolved

    from app import auth, cli, errors, submissions, web

    web.init_app(app)
    submissions.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    app.register_blueprint(auth.bp)

    from app.audit_trail.routes import bp as audit_trail_bp
    from app.codes.routes import bp as codes_bp
    from app.credit_notes.routes import bp as credit_notes_bp
    from app.customers.routes import bp as customers_bp
    from app.exports.routes import bp as exports_bp
    from app.help.routes import bp as help_bp
    from app.history.routes import bp as history_bp
    from app.imports.routes import bp as imports_bp
    from app.integrations.routes import bp as integrations_bp
    from app.invoices.routes import bp as invoices_bp
    from app.main.routes import bp as main_bp
    from app.notifications.routes import bp as notifications_bp
    from app.payments.routes import bp as payments_bp
    from app.purchases.routes import bp as purchases_bp
    from app.reports.routes import bp as reports_bp
    from app.settings.routes import bp as settings_bp
    from app.suppliers.routes import bp as suppliers_bp
    from app.sync.routes import bp as sync_bp

    for blueprint in (
        main_bp,
        customers_bp,
        invoices_bp,
        credit_notes_bp,
        payments_bp,
        suppliers_bp,
        purchases_bp,
        codes_bp,
        reports_bp,
        exports_bp,
        imports_bp,
        settings_bp,
        integrations_bp,
        notifications_bp,
        help_bp,
        history_bp,
        sync_bp,
        audit_trail_bp,
    ):
        app.register_blueprint(blueprint)

    if app.config["TRUSTED_PROXIES"]:
        # Only behind our own nginx: its X-Forwarded-For names the client.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    return app
