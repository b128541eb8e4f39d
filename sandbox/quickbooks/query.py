"""Answers a QBO query: filter, sort, page and project the store's entities.

The text is read by query_parse; here each named property is checked against the
XSD's (query_fields) and the rows are found. Replies follow IntuitRestServiceDef.xsd
QueryResponse: startPosition and maxResults (the rows in this reply) on a page,
totalCount alone for count(*), and an empty QueryResponse when nothing matches.
"""

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sandbox.quickbooks import company, query_fields, query_parse, store
from sandbox.quickbooks.envelopes import PACIFIC, QboError

ENTITIES = set(store.RESOURCES.values())
# One per company; clients often read them by query.
SINGLETONS = {"CompanyInfo": company.info, "Preferences": company.preferences}
MAX_RESULTS = 1000
DEFAULT_RESULTS = 100
# Always in a projected row, which QBO marks sparse (not every property is there).
KEPT = ("Id",)


def invalid(detail):
    """4001, as QBO refuses a query that parses but cannot run."""
    return QboError(4001, "Invalid query", f"QueryValidationError: {detail}")


def checked(text):
    """The parsed query, its entity and property names checked as QBO does."""
    query = query_parse.parse(text)
    entity = query_fields.BY_LOWER.get(query.entity.lower())
    if entity is None or (entity not in ENTITIES and entity not in SINGLETONS):
        seen = query_parse.Token("IDENTIFIER", query.entity, *query.entity_at)
        raise query_parse.unexpected(seen, "<ENTITY>")
    query.entity = entity
    named = [*query.fields, *(c[0] for c in query.where), *(o[0] for o in query.order)]
    for path in named:
        # Property names are case-sensitive: "displayname" is not DisplayName.
        # The wording is QBO's (intuit/QuickBooks-V3-DotNET-SDK#163).
        if not query_fields.known(entity, path):
            raise invalid(f"property '{path}' is not queryable")
    for path, *_ in query.where:
        if not query_fields.filterable(entity, path):
            raise invalid(f"property '{path}' is not queryable")
    if query.limit is not None and query.limit > MAX_RESULTS:
        # ruckus/quickbooks-ruby#24 quotes QBO's reply to MAXRESULTS 1500.
        raise invalid(
            f"value {query.limit} is too large. Max allowed value is {MAX_RESULTS}"
        )
    return query


def lookup(entity, path):
    value = entity
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def comparable(value, literal):
    """Both sides as one type: numbers, booleans, times or case-folded text."""
    if isinstance(literal, bool) or isinstance(value, bool):
        return value, literal
    if isinstance(value, int | float):
        try:
            number = Decimal(str(literal))
        except InvalidOperation:
            return str(value), str(literal)
        if number.is_finite():
            return Decimal(str(value)), number
        return str(value), str(literal)
    text, wanted = str(value), str(literal)
    if "T" in text and "T" in wanted:
        try:
            return as_time(text), as_time(wanted)
        except ValueError:
            pass
    return text.lower(), wanted.lower()


def as_time(text):
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=PACIFIC)


def matches(entity, condition):
    field, op, literal = condition
    value = lookup(entity, field)
    if value is None:
        # Intuit's docs: null is written as ' ' (a space in quotes).
        return literal == " " if op == "=" else op == "IN" and " " in literal
    if op == "IN":
        return any(_compare(value, "=", item) for item in literal)
    if op == "LIKE":
        pattern = "".join(".*" if ch == "%" else re.escape(ch) for ch in literal)
        return re.fullmatch(pattern, str(value), re.IGNORECASE | re.DOTALL) is not None
    return _compare(value, op, literal)


def _compare(value, op, literal):
    left, right = comparable(value, literal)
    try:
        return {
            "=": left == right,
            "<": left < right,
            ">": left > right,
            "<=": left <= right,
            ">=": left >= right,
        }[op]
    except TypeError:
        return False


def run(realm_id, text):
    """The QueryResponse body for one query string."""
    query = checked(text if isinstance(text, str) else "")
    entity = query.entity
    if entity in SINGLETONS:
        found = [SINGLETONS[entity](realm_id)]
    else:
        found = store.many_to_json(realm_id, store.rows(realm_id, entity))
    conditions = list(query.where)
    if entity in store.NAME_LISTS and not any(c[0] == "Active" for c in conditions):
        # Name lists hide inactive entries unless the query asks about Active.
        conditions.append(("Active", "=", True))
    found = [e for e in found if all(matches(e, c) for c in conditions)]
    if query.count:
        return {"totalCount": len(found)}
    for path, descending in reversed(query.order):
        found.sort(key=lambda e, p=path: sort_key(lookup(e, p)), reverse=descending)
    limit = DEFAULT_RESULTS if query.limit is None else query.limit
    page = found[query.start - 1 : query.start - 1 + limit]
    if not page:
        return {}
    if query.fields and not query.star:
        page = [project(e, query.fields) for e in page]
    return {entity: page, "startPosition": query.start, "maxResults": len(page)}


def project(entity, paths):
    """Only the named properties (nested ones keep their parents), sparse."""
    kept = {"domain": entity.get("domain", "QBO"), "sparse": True}
    for path in (*KEPT, *paths):
        source, target = entity, kept
        *parents, last = path.split(".")
        for step in parents:
            source = source.get(step) if isinstance(source, dict) else None
            target = target.setdefault(step, {})
        if isinstance(source, dict) and last in source:
            target[last] = source[last]
    return kept


def sort_key(value):
    if value is None:
        return (1, "")
    if isinstance(value, int | float) or (
        isinstance(value, str) and value.isascii() and value.isdigit()
    ):
        return (0, Decimal(str(value)))
    return (0, str(value).lower())
