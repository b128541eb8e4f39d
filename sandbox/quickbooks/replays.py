"""requestid: the first reply to an id is kept and replayed for every repeat."""

import sqlalchemy as sa
from flask import Response, g
from sqlalchemy.exc import IntegrityError

from sandbox.quickbooks.envelopes import QboError, fault_reply
from sandbox.quickbooks.models import QboReplay
from sandbox.storage import sandbox_db


def claim(realm_id, request_id):
    """Replay a finished reply, or reserve the id for this request (None)."""
    sandbox_db.session.add(QboReplay(realm_id=realm_id, request_id=request_id))
    try:
        sandbox_db.session.commit()
    except IntegrityError:
        sandbox_db.session.rollback()
        stored = sandbox_db.session.scalar(
            sa.select(QboReplay).where(
                QboReplay.realm_id == realm_id, QboReplay.request_id == request_id
            )
        )
        if stored is None or stored.status == 0:
            # The first request with this id is still running.
            return fault_reply(
                QboError(600, "Duplicate Request ID", "Duplicate Request ID", "")
            )
        return Response(stored.body, status=stored.status, mimetype=stored.mimetype)
    g.qbo_replay = (realm_id, request_id)
    return None


def record(response):
    """Keep the first reply so a repeat of the id gets the same one."""
    key = g.pop("qbo_replay", None)
    if key is None:
        return
    sandbox_db.session.rollback()
    sandbox_db.session.execute(
        sa.update(QboReplay)
        .where(QboReplay.realm_id == key[0], QboReplay.request_id == key[1])
        .values(
            status=response.status_code,
            body=response.get_data(as_text=True),
            mimetype=response.mimetype or "application/json",
        )
    )
    sandbox_db.session.commit()


def abandon():
    """A request that crashed frees its id, so a retry runs for real."""
    key = g.pop("qbo_replay", None)
    if key is None:
        return
    sandbox_db.session.rollback()
    sandbox_db.session.execute(
        sa.delete(QboReplay).where(
            QboReplay.realm_id == key[0],
            QboReplay.request_id == key[1],
            QboReplay.status == 0,
        )
    )
    sandbox_db.session.commit()
