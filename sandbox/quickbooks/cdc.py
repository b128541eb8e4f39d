"""Change data capture: what changed since a time, deleted entities included.

Intuit's ChangeDataCapture reference: objects are grouped by type, then in
order of last update; deleted ones come after the live ones; one request
returns at most 1000 objects in all. Entity names are matched without regard
to case (Intuit's own example asks for entities=bill,invoice).
"""

from datetime import UTC, datetime

import sqlalchemy as sa

from sandbox.quickbooks import store
from sandbox.quickbooks.envelopes import PACIFIC, QboError, qbo_time, required
from sandbox.quickbooks.models import QboEntity
from sandbox.storage import sandbox_db

MAX_OBJECTS = 1000
# Intuit's rules leave TaxCode and TaxRate out of CDC but do not say how it
# answers for them; the sandbox keeps serving them.
CDC_ENTITIES = {kind.lower(): kind for kind in store.RESOURCES.values()}


def bad_parameter(name, value):
    return QboError(
        2010,
        "Request has invalid or unsupported property",
        f"Property Name:{name} value {value} specified is unsupported or invalid",
        name,
    )


def since_time(text):
    """changedSince: an ISO date or date-time; without an offset, Pacific time."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise bad_parameter("changedSince", text) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PACIFIC)
    return moment.astimezone(UTC)


def changed(realm_id, kind, since, limit):
    """Live entities by last update, then the deleted ones."""
    deleted_last = sa.case((QboEntity.status == "Deleted", 1), else_=0)
    return sandbox_db.session.scalars(
        sa.select(QboEntity)
        .where(
            QboEntity.realm_id == realm_id,
            QboEntity.kind == kind,
            QboEntity.updated_at > since,
        )
        .order_by(deleted_last, QboEntity.updated_at, QboEntity.id)
        .limit(limit)
    ).all()


def run(realm_id, entities, changed_since):
    """The CDCResponse list for ?entities=A,B&changedSince=ISO time."""
    if not entities:
        raise required("entities")
    if not changed_since:
        raise required("changedSince")
    kinds = []
    for name in (part.strip() for part in entities.split(",")):
        if name and name.lower() not in CDC_ENTITIES:
            raise bad_parameter("entities", name)
        if name:
            kinds.append(CDC_ENTITIES[name.lower()])
    since = since_time(changed_since)
    responses, room = [], MAX_OBJECTS
    for kind in kinds:
        found = changed(realm_id, kind, since, room) if room else []
        room -= len(found)
        entities_json = store.many_to_json(realm_id, found)
        for row, entity in zip(found, entities_json, strict=True):
            if row.status == "Deleted":
                entity["MetaData"] = {
                    "LastUpdatedTime": qbo_time(store.aware(row.updated_at))
                }
        page = {"startPosition": 1, "maxResults": len(found)}
        responses.append({kind: entities_json, **page} if found else {})
    return [{"QueryResponse": responses}]
