"""Sandbox settings from the environment."""

import os
from pathlib import Path

# The checkout's instance folder, as the product's, unless INSTANCE_PATH says.
INSTANCE = Path(
    os.environ.get("INSTANCE_PATH", Path(__file__).resolve().parents[1] / "instance")
)


def _sqlite_default():
    return f"sqlite:///{INSTANCE / 'sandbox.db'}"


class SandboxConfig:
    """Registered client apps, storage and the clock the limits run on."""

    def __init__(self):
        self.SQLALCHEMY_DATABASE_URI = (
            os.environ.get("SANDBOX_DATABASE_URL") or _sqlite_default()
        )
        self.SECRET_KEY = os.environ.get("SANDBOX_SECRET_KEY", "sandbox-not-secret")
        self.XERO_CLIENT_ID = os.environ.get(
            "SANDBOX_XERO_CLIENT_ID", "sandbox-xero-client"
        )
        self.XERO_CLIENT_SECRET = os.environ.get(
            "SANDBOX_XERO_CLIENT_SECRET", "sandbox-xero-secret"
        )
        self.QUICKBOOKS_CLIENT_ID = os.environ.get(
            "SANDBOX_QUICKBOOKS_CLIENT_ID", "sandbox-quickbooks-client"
        )
        self.QUICKBOOKS_CLIENT_SECRET = os.environ.get(
            "SANDBOX_QUICKBOOKS_CLIENT_SECRET", "sandbox-quickbooks-secret"
        )
        # Extra non-loopback redirect URIs, space-separated, as a portal keeps them.
        self.REDIRECT_URIS = os.environ.get("SANDBOX_REDIRECT_URIS", "").split()
        # With a key, the admin API (/_admin/...) wants it in X-Sandbox-Admin-Key;
        # without one it answers loopback callers only.
        self.ADMIN_KEY = os.environ.get("SANDBOX_ADMIN_KEY", "")
        # 60 means a sandbox "minute" of rate limiting lasts one real second.
        self.TIME_SCALE = float(os.environ.get("SANDBOX_TIME_SCALE", "1"))

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    JSON_SORT_KEYS = False
