"""GET /connections and DELETE /connections/<id>: the tenants an app may call."""

import sqlalchemy as sa
from flask import Response, request

from sandbox.storage import sandbox_db
from sandbox.xero.blueprints import identity
from sandbox.xero.guard import authenticate
from sandbox.xero.models import XeroConnection, XeroOrganisation
from sandbox.xero.tokens import aware
from sandbox.xero.wire import json_reply, not_found


def _utc(moment):
    """Xero's connection timestamps: seven fractional digits, no zone."""
    return aware(moment).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0"


@identity.route("/connections")
def connections():
    """The organisations this app is connected to (filter: authEventId)."""
    row, error = authenticate()
    if error is not None:
        return error
    query = (
        sa.select(XeroConnection, XeroOrganisation.name)
        .join(XeroOrganisation, XeroOrganisation.tenant_id == XeroConnection.tenant_id)
        .where(XeroConnection.client_id == row.client_id)
        .order_by(XeroOrganisation.position)
    )
    if request.args.get("authEventId"):
        query = query.where(XeroConnection.auth_event_id == request.args["authEventId"])
    return json_reply(
        [
            {
                "id": connection.id,
                "authEventId": connection.auth_event_id,
                "tenantId": connection.tenant_id,
                "tenantType": "ORGANISATION",
                "tenantName": name,
                "createdDateUtc": _utc(connection.created_at),
                "updatedDateUtc": _utc(connection.updated_at),
            }
            for connection, name in sandbox_db.session.execute(query)
        ]
    )


@identity.route("/connections/<connection_id>", methods=["DELETE"])
def disconnect(connection_id):
    """Disconnect one tenant from this app."""
    row, error = authenticate()
    if error is not None:
        return error
    connection = sandbox_db.session.get(XeroConnection, connection_id.lower())
    if connection is None or connection.client_id != row.client_id:
        return not_found()
    sandbox_db.session.delete(connection)
    sandbox_db.session.commit()
    return Response(status=204)
