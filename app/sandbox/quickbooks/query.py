"""The QBO query language, a safe subset parsed by hand (never evaluated).

SELECT * | count(*) FROM Entity [WHERE a op v [AND ...]] [ORDERBY f [ASC|DESC], ...]
[STARTPOSITION n] [MAXRESULTS n]; op is =, <, >, <=, >=, !=, IN (...), LIKE '%x%'.
"""

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from app.sandbox.quickbooks import company, store
from app.sandbox.quickbooks.envelopes import PACIFIC, QboError

ENTITIES = set(store.RESOURCES.values())
# One per company; clients often read them by query.
SINGLETONS = {"CompanyInfo": company.info, "Preferences": company.preferences}
MAX_RESULTS = 1000
DEFAULT_RESULTS = 100
TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<num>-?\d+(?:\.\d+)?(?![\w.]))"
    r"|(?P<op><=|>=|!=|=|<|>)|(?P<punct>[(),*])|(?P<word>[A-Za-z_][\w.]*))"
)


def parse_error(near):
    return QboError(
        4000,
        "Error parsing query",
        f'QueryParserError: Encountered " {near} " at line 1.',
        "",
    )


def tokenize(text):
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise parse_error(text[position : position + 10])
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        tokens.append((kind, value))
        position = match.end()
    return tokens


class Parser:
    def __init__(self, text):
        self.tokens = tokenize(text)
        self.at = 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None)

    def word(self, *expected):
        kind, value = self.peek()
        if kind == "word" and value.upper() in expected:
            self.at += 1
            return value.upper()
        return None

    def take(self, kind, value=None):
        got_kind, got = self.peek()
        if got_kind != kind or (value is not None and got.upper() != value):
            raise parse_error(got or "<EOF>")
        self.at += 1
        return got

    def parse(self):
        if not self.word("SELECT"):
            raise parse_error(self.peek()[1] or "<EOF>")
        count = False
        if self.word("COUNT"):
            self.take("punct", "(")
            self.take("punct", "*")
            self.take("punct", ")")
            count = True
        else:
            self.take("punct", "*")
        if not self.word("FROM"):
            raise parse_error(self.peek()[1] or "<EOF>")
        entity = self.take("word")
        if entity not in ENTITIES and entity not in SINGLETONS:
            raise parse_error(entity)
        conditions, order, start, limit = [], [], 1, DEFAULT_RESULTS
        if self.word("WHERE"):
            conditions.append(self.condition())
            while self.word("AND"):
                conditions.append(self.condition())
        if self.word("ORDERBY", "ORDER"):
            self.word("BY")
            order.append(self.ordering())
            while self.peek() == ("punct", ","):
                self.at += 1
                order.append(self.ordering())
        if self.word("STARTPOSITION"):
            start = max(int(self.take("num")), 1)
        if self.word("MAXRESULTS"):
            limit = min(max(int(self.take("num")), 0), MAX_RESULTS)
        if self.at != len(self.tokens):
            raise parse_error(self.peek()[1])
        return {
            "entity": entity,
            "count": count,
            "where": conditions,
            "order": order,
            "start": start,
            "limit": limit,
        }

    def literal(self):
        kind, value = self.peek()
        if kind in ("str", "num"):
            self.at += 1
            return value
        if kind == "word" and value.lower() in ("true", "false"):
            self.at += 1
            return value.lower() == "true"
        raise parse_error(value or "<EOF>")

    def condition(self):
        field = self.take("word")
        if self.word("IN"):
            self.take("punct", "(")
            values = [self.literal()]
            while self.peek() == ("punct", ","):
                self.at += 1
                values.append(self.literal())
            self.take("punct", ")")
            return field, "IN", values
        if self.word("LIKE"):
            return field, "LIKE", self.take("str")
        return field, self.take("op"), self.literal()

    def ordering(self):
        field = self.take("word")
        descending = self.word("DESC") == "DESC"
        if not descending:
            self.word("ASC")
        return field, descending


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
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return Decimal(str(value)), Decimal(str(literal))
        except InvalidOperation:
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
        return False
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
            "!=": left != right,
            "<": left < right,
            ">": left > right,
            "<=": left <= right,
            ">=": left >= right,
        }[op]
    except TypeError:
        return False


def run(realm_id, text):
    """The QueryResponse body for one query string."""
    query = Parser(text or "").parse()
    entity = query["entity"]
    if entity in SINGLETONS:
        found = [SINGLETONS[entity](realm_id)]
    else:
        found = store.many_to_json(realm_id, store.rows(realm_id, entity))
    conditions = list(query["where"])
    if entity in store.NAME_LISTS and not any(c[0] == "Active" for c in conditions):
        # Name lists hide inactive entries unless the query asks about Active.
        conditions.append(("Active", "=", True))
    found = [e for e in found if all(matches(e, c) for c in conditions)]
    if query["count"]:
        return {"totalCount": len(found)}
    for field, descending in reversed(query["order"]):
        found.sort(key=lambda e, f=field: sort_key(lookup(e, f)), reverse=descending)
    page = found[query["start"] - 1 : query["start"] - 1 + query["limit"]]
    if not page:
        return {}
    return {entity: page, "startPosition": query["start"], "maxResults": len(page)}


def sort_key(value):
    if value is None:
        return (1, "")
    if isinstance(value, int | float) or (
        isinstance(value, str) and value.isascii() and value.isdigit()
    ):
        return (0, Decimal(str(value)))
    return (0, str(value).lower())
