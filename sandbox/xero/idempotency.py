"""Idempotency-Key: the first reply to a key is replayed for six minutes."""

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask import Response, request
from sqlalchemy.exc import IntegrityError

from sandbox.storage import sandbox_db
from sandbox.xero.models import XeroIdempotentReply
from sandbox.xero.tokens import aware
from sandbox.xero.wire import bad_request, now

REPLAY_SECONDS = 360
MAX_KEY = 128


def fingerprint():
    """What makes two requests 'the same': method, path, query and body."""
    parts = [
        request.method,
        request.path,
        "&".join(sorted(request.query_string.decode("latin-1").split("&"))),
        request.get_data(as_text=True),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _live(client_id, key):
    row = sandbox_db.session.scalar(
        sa.select(XeroIdempotentReply).where(
            XeroIdempotentReply.client_id == client_id, XeroIdempotentReply.key == key
        )
    )
    if (
        row is not None
        and aware(row.created_at) + timedelta(seconds=REPLAY_SECONDS) <= now()
    ):
        sandbox_db.session.delete(row)
        sandbox_db.session.flush()
        return None
    return row


def before(client_id):
    """(reply, pending): a replay or error reply, or what to store afterwards."""
    key = request.headers.get("Idempotency-Key")
    if request.method not in ("PUT", "POST") or not key:
        return None, None
    if len(key) > MAX_KEY:
        return bad_request("The Idempotency-Key must be 128 characters or fewer."), None
    row = _live(client_id, key)
    print_ = fingerprint()
    if row is None:
        return None, (key, print_)
    if row.fingerprint != print_:
        return (
            bad_request(
                f"The Idempotency-Key '{key}' is used with a different request."
            ),
            None,
        )
    reply = Response(row.body, status=row.status, mimetype="application/json")
    return reply, None


def after(client_id, pending, response):
    """Keep the first reply (errors too, but not server failures)."""
    if pending is None or response.status_code >= 500:
        return
    key, print_ = pending
    sandbox_db.session.rollback()
    sandbox_db.session.execute(
        sa.delete(XeroIdempotentReply).where(
            XeroIdempotentReply.client_id == client_id,
            XeroIdempotentReply.created_at < now() - timedelta(seconds=REPLAY_SECONDS),
        )
    )
    sandbox_db.session.add(
        XeroIdempotentReply(
            client_id=client_id,
            key=key,
            fingerprint=print_,
            status=response.status_code,
            body=response.get_data(as_text=True),
            created_at=now(),
        )
    )
    try:
        sandbox_db.session.commit()
    except IntegrityError:
        sandbox_db.session.rollback()  # a concurrent retry stored it first
