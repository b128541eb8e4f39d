"""Change data capture: what changed since a time, deleted entities included."""

from datetime import UTC

import sqlalchemy as sa

from app.sandbox.quickbooks import store
from app.sandbox.quickbooks.envelopes import QboError, qbo_time, required
from app.sandbox.quickbooks.models import QboEntity
from app.sandbox.quickbooks.query import ENTITIES, as_time
from app.sandbox.storage import sandbox_db

MAX_PER_ENTITY = 1000


def bad_parameter(name, value):
    return QboError(
        2010,
        "Request has invalid or unsupported property",
        f"Property Name:{name} value {value} specified is unsupported or invalid",
        name,
    )


def run(realm_id, entities, changed_since):
    """The CDCResponse list for ?entities=A,B&changedSince=ISO time."""
    if not entities:
        raise required("entities")
    if not changed_since:
        raise required("changedSince")
    names = [name.strip() for name in entities.split(",") if name.strip()]
    for name in names:
        if name not in ENTITIES:
            raise bad_parameter("entities", name)
    try:
        since = as_time(changed_since).astimezone(UTC)
    except ValueError:
        raise bad_parameter("changedSince", changed_since) from None
    responses = []
    for name in names:
        found = sandbox_db.session.scalars(
            sa.select(QboEntity)
            .where(
                QboEntity.realm_id == realm_id,
                QboEntity.kind == name,
                QboEntity.updated_at > since,
            )
            .order_by(QboEntity.updated_at)
            .limit(MAX_PER_ENTITY)
        ).all()
        entities_json = store.many_to_json(realm_id, found)
        for row, entity in zip(found, entities_json, strict=True):
            if row.status == "Deleted":
                entity["MetaData"] = {
                    "LastUpdatedTime": qbo_time(store.aware(row.updated_at))
                }
        page = {"startPosition": 1, "maxResults": len(found)}
        responses.append({name: entities_json, **page} if found else {})
    return [{"QueryResponse": responses}]
