"""Sign-in throttling per account and per client address.

The counts are moving windows in Redis, kept by Flask-Limiter's storage, so every
gunicorn worker and machine on one Redis shares them.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from flask import current_app, request
from limits import parse_many
from limits.errors import StorageError

from app.extensions import limiter
from app.models import User

log = logging.getLogger(__name__)

ACCOUNT = "sign-in-account"
ADDRESS = "sign-in-address"
KEY_PREFIX = "lb:limits"  # tests empty lb:* between tests
# An email (254), a password (200), the CSRF token and a tick box, URL-encoded.
MAX_FORM_BYTES = 8 * 1024


@dataclass(frozen=True)
class Lock:
    """A lock-out in force: whose (ACCOUNT or ADDRESS) and for how many seconds."""

    scope: str
    seconds: int


def storage_uri(redis_url):
    """The app's Redis as limits names it: the embedded one is a unix socket."""
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url.removeprefix("unix://")
    return redis_url


def init_app(app):
    """Give Flask-Limiter the app's Redis and keep this app's limiter at hand."""
    for setting in ("SIGN_IN_ACCOUNT_LIMITS", "SIGN_IN_ADDRESS_LIMITS"):
        parse_many(app.config[setting])  # a typo fails at start, not at sign-in
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app.config["REDIS_URL"])
    app.config.setdefault(
        "RATELIMIT_STORAGE_OPTIONS",
        {"key_prefix": KEY_PREFIX, "wrap_exceptions": True, "socket_timeout": 2},
    )
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    limiter.init_app(app)
    # The extension keeps only the last app's storage; each app keeps its own.
    app.extensions["sign_in_limiter"] = limiter.limiter


def small_sign_in_form():
    """Cap the sign-in post's size before anything (CSRF, the form) reads it."""
    if request.endpoint == "auth.login" and request.method == "POST":
        request.max_content_length = MAX_FORM_BYTES


@dataclass(frozen=True)
class Subject:
    """What one set of limits counts: an account or a client address."""

    scope: str
    key: str
    limits: list

    def lock(self, strategy):
        """The lock-out in force on this subject, or None."""
        resets = [
            strategy.get_window_stats(limit, self.scope, self.key).reset_time
            for limit in self.limits
            if not strategy.test(limit, self.scope, self.key)
        ]
        if not resets:
            return None
        return Lock(self.scope, max(1, math.ceil(max(resets) - time.time())))


def _subjects(email):
    """This sign-in's account (by a digest of its email) and client address."""
    digest = hashlib.sha256(User.normalise_email(email).encode()).hexdigest()[:32]
    config = current_app.config
    return (
        Subject(ACCOUNT, digest, parse_many(config["SIGN_IN_ACCOUNT_LIMITS"])),
        Subject(
            ADDRESS,
            request.remote_addr or "unknown",
            parse_many(config["SIGN_IN_ADDRESS_LIMITS"]),
        ),
    )


def _strategy():
    return current_app.extensions["sign_in_limiter"]


def start_attempt(email):
    """The lock-out that refuses this attempt, or None; the attempt counts against
    the account now, so guesses sent at once cannot all slip past the limit."""
    strategy = _strategy()
    account, address = _subjects(email)
    try:
        lock = address.lock(strategy)
        if lock:
            return lock
        for limit in account.limits:
            if not strategy.hit(limit, account.scope, account.key):
                return account.lock(strategy)
    except StorageError:
        log.exception("Redis did not answer; signing in without throttling")
    return None


def failed(email):
    """Count a failed sign-in against the address; the lock-out it now causes."""
    strategy = _strategy()
    account, address = _subjects(email)
    try:
        for limit in address.limits:
            strategy.hit(limit, address.scope, address.key)
        return account.lock(strategy) or address.lock(strategy)
    except StorageError:
        log.exception("Redis did not answer; a failed sign-in went uncounted")
    return None


def clear_account(email):
    """Forget the account's attempts: after a sign-in (typos never add up to a
    lock) or when an admin sets its password (which lifts a lock-out)."""
    strategy = _strategy()
    account, _address = _subjects(email)
    try:
        for limit in account.limits:
            strategy.clear(limit, account.scope, account.key)
    except StorageError:
        log.exception("Redis did not answer; sign-in attempts were not cleared")
