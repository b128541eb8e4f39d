"""GET collections: If-Modified-Since, id/number/status lists, where, order, paging."""

import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from flask import request

from sandbox.storage import sandbox_db
from sandbox.xero import store
from sandbox.xero.models import XeroRecord
from sandbox.xero.tokens import aware
from sandbox.xero.where import WhereError, compile_where, lookup
from sandbox.xero.wire import json_reply

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class QueryError(ValueError):
    """A filter Xero could not parse."""


def query_error(message):
    return json_reply(
        {"ErrorNumber": 16, "Type": "QueryParseException", "Message": message}, 400
    )


def if_modified_since():
    """The If-Modified-Since header as an aware UTC datetime, or None."""
    text = request.headers.get("If-Modified-Since")
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError) as error:
            raise QueryError("If-Modified-Since is not a valid date") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def csv_arg(name):
    return [
        part.strip() for part in request.args.get(name, "").split(",") if part.strip()
    ]


def select(tenant_id, kind, ids=(), numbers=(), statuses=(), contact_ids=()):
    """Rows of one kind with the SQL-side filters applied."""
    query = store.records(tenant_id, kind)
    since = if_modified_since()
    if since is not None:
        query = query.where(XeroRecord.updated_at > since.astimezone(UTC))
    if ids:
        query = query.where(XeroRecord.id.in_([i.lower() for i in ids]))
    if numbers:
        query = query.where(XeroRecord.number.in_(numbers))
    if statuses:
        query = query.where(XeroRecord.status.in_([s.upper() for s in statuses]))
    if contact_ids:
        query = query.where(XeroRecord.name_key.in_([c.lower() for c in contact_ids]))
    return sandbox_db.session.scalars(query).all()


def view(found, data, id_field):
    """What `where` and `order` see: stored fields plus id and update time."""
    return {
        **data,
        id_field: found.id,
        "UpdatedDateUTC": aware(found.updated_at).isoformat(),
    }


def filter_and_order(rows, id_field, default_order=None):
    """[(row, data)] after `where` and `order`."""
    where = request.args.get("where", "").strip()
    try:
        predicate = compile_where(where) if where else None
    except WhereError as error:
        raise QueryError(f"The where clause could not be parsed: {error}") from error
    kept = []
    for found in rows:
        data = store.data_of(found)
        if predicate is None or predicate(view(found, data, id_field)):
            kept.append((found, data))
    order = request.args.get("order", "").strip() or default_order
    for clause in reversed([part.strip() for part in (order or "").split(",") if part]):
        field, _, direction = clause.partition(" ")
        descending = direction.strip().upper() == "DESC"
        kept.sort(
            key=lambda pair, f=field: _sort_key(lookup(view(*pair, id_field), f)),
            reverse=descending,
        )
    return kept


def _sort_key(value):
    if value is None:
        return (0, "")
    if isinstance(value, str):
        return (1, value.casefold())
    return (2, value)


def page(pairs, paged):
    """(pairs on this page, pagination dict or None) for page/pageSize."""
    if not paged or "page" not in request.args:
        return pairs, None
    number = max(1, request.args.get("page", 1, type=int) or 1)
    size = (
        request.args.get("pageSize", DEFAULT_PAGE_SIZE, type=int) or DEFAULT_PAGE_SIZE
    )
    size = min(max(1, size), MAX_PAGE_SIZE)
    start = (number - 1) * size
    pagination = {
        "page": number,
        "pageSize": size,
        "pageCount": math.ceil(len(pairs) / size),
        "itemCount": len(pairs),
    }
    return pairs[start : start + size], pagination
