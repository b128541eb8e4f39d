"""Configuration read from the environment; every variable is listed in the README."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))
# instance/ holds the database, tokens' key, imports and exports: the app's user
# only. The entry points set this umask; the helpers below hold without it.
PRIVATE_UMASK = 0o077


def keep_private():
    """Make every file this process (and its children) creates owner-only."""
    os.umask(PRIVATE_UMASK)


def private_folder(path):
    """The folder, made if missing, readable by its owner alone (700)."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(path, 0o700)
    return path


def private_file(path):
    """Create the file if missing and make it owner-only (600); its path."""
    path = Path(path)
    if not path.exists():
        # Never open one that exists: closing any descriptor of an SQLite file
        # drops every POSIX lock this process holds on it, and corrupts WAL.
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process made it a moment ago
    _owner_only(path, 0o600)
    return path


def _owner_only(path, mode):
    # Tightens what an older install made; a path someone else owns is theirs.
    if path.stat().st_uid == os.getuid():
        path.chmod(mode)


def write_private(path, data):
    """Write bytes to a file only its owner can read, from the first byte."""
    private_file(path).write_bytes(data)


def env_bool(name, default):
    """Read an on/off variable: 1/true/yes/on mean on."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(url, instance_path):
    """Normalise DATABASE_URL; unset means a SQLite file under instance/."""
    if not url:
        return f"sqlite:///{Path(instance_path) / 'ledgerbridge.db'}"
    # Heroku-style and plain URLs both mean psycopg 3, the driver we install.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def public_url(value):
    """PUBLIC_URL (scheme and host) without a trailing slash; unset, the loopback
    address run.py serves the demo on."""
    value = (value or "").strip().rstrip("/")
    if not value:
        return f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        raise ValueError(
            f"PUBLIC_URL={value!r}: give the scheme and host people use, "
            "such as https://ledgerbridge.example.co.uk"
        )
    return value


def secret_key(instance_path):
    """SECRET_KEY from the environment, else one generated once and kept on disk."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        private_folder(path.parent)
        write_private(path, secrets.token_urlsafe(48).encode())
    return path.read_text().strip()


DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


class Config:
    """Settings for a running install."""

    def __init__(self, instance_path=INSTANCE):
        self.INSTANCE_PATH = str(instance_path)
        private_folder(instance_path)
        self.SECRET_KEY = secret_key(instance_path)
        # Fernet key for stored secrets and tokens; derived from SECRET_KEY if unset.
        self.ENCRYPTION_KEY = os.environ.get("ENCRYPTION_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = database_url(
            os.environ.get("DATABASE_URL"), instance_path
        )
        if not os.environ.get("DATABASE_URL"):
            # SQLite makes its -wal and -shm files with the database's mode.
            private_file(Path(instance_path) / "ledgerbridge.db")
        # Redis's own default; the demo and the tests start an embedded one and
        # set this to it (demo/embedded_redis.py): the app itself starts nothing.
        self.REDIS_URL = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
        self.RQ_QUEUE = os.environ.get("RQ_QUEUE", "ledgerbridge")
        self.SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.PER_PAGE = int(os.environ.get("PER_PAGE", "25"))
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
        self.EXPORT_INLINE_ROWS = int(os.environ.get("EXPORT_INLINE_ROWS", "5000"))
        self.EXPORT_KEEP_DAYS = int(os.environ.get("EXPORT_KEEP_DAYS", "7"))
        self.IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", "10485760"))
        self.IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
        # A run with no heartbeat for this long has lost its worker.
        self.SYNC_STALE_SECONDS = int(os.environ.get("SYNC_STALE_SECONDS", "60"))
        # An unanswered write younger than this may still land: never resend it.
        self.SYNC_UNCERTAIN_SECONDS = int(
            os.environ.get("SYNC_UNCERTAIN_SECONDS", "120")
        )
        # Workers lower their CPU priority by this much (0 keeps it): on a small
        # server a big sync then gives way to people waiting for pages.
        self.WORKER_NICE = int(os.environ.get("WORKER_NICE", "10"))
        # The app registered with each package for this whole server, if any;
        # without one every company pastes its own (Settings > Integrations).
        # Endpoints are app.providers.settings' (XERO_API_BASE and the like).
        for provider in ("XERO", "QUICKBOOKS"):
            for part in ("CLIENT_ID", "CLIENT_SECRET"):
                name = f"{provider}_{part}"
                setattr(self, name, os.environ.get(name, ""))
        # The demo's sandboxes, linked from Settings > Integrations; unset in use.
        self.SANDBOX_HOME_URL = os.environ.get("SANDBOX_HOME_URL", "")
        # Where people reach us: OAuth redirect URIs (and the demo sandbox's
        # address) are built from it, never from a request's Host header.
        self.PUBLIC_URL = public_url(os.environ.get("PUBLIC_URL"))
        # Proxies in front that set X-Forwarded-For (1: our nginx). 0 ignores the
        # header, which anyone can send when nothing is in front.
        self.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
        # Sign-in attempts per account since its last good one (each tier a
        # longer pause), and failures per client address: moving windows in Redis.
        self.SIGN_IN_ACCOUNT_LIMITS = os.environ.get(
            "SIGN_IN_ACCOUNT_LIMITS", "5 per 15 minutes; 10 per hour; 20 per day"
        )
        self.SIGN_IN_ADDRESS_LIMITS = os.environ.get(
            "SIGN_IN_ADDRESS_LIMITS", "50 per hour"
        )

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of a wall clock
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - an algorithm name, not a secret
