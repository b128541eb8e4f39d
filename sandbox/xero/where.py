"""A safe parser for Xero's `where` filters (a small subset of its C#-like syntax).

Supported: Field == value, !=, <, <=, >, >=; Field.Contains("x"), StartsWith,
EndsWith; AND/OR (also && and ||); parentheses; values "text", numbers,
true/false/null, guid("..."), DateTime(y, m, d[, h, mi, s]). String equality
ignores case, as Xero's does. Nothing is ever evaluated as code.
"""

import re
from datetime import datetime
from decimal import Decimal

TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<op>==|!=|>=|<=|&&|\|\||[><(),!])'
    r"|(?P<num>-?\d+(?:\.\d+)?)|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"
)
METHODS = {"Contains", "StartsWith", "EndsWith"}
COMPARE = {"==", "!=", ">", ">=", "<", "<="}


class WhereError(ValueError):
    """The filter is not in the supported syntax."""


def tokenize(text):
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise WhereError(f"unexpected text at position {position}")
        position = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        tokens.append((kind, value))
    return tokens


class Parser:
    """Recursive descent into a predicate over an object's fields."""

    def __init__(self, text):
        self.tokens = tokenize(text)
        self.at = 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if token[0] is None or (value is not None and token[1] != value):
            raise WhereError(f"expected {value or 'more'}")
        self.at += 1
        return token

    def parse(self):
        predicate = self.disjunction()
        if self.at != len(self.tokens):
            raise WhereError("unexpected trailing text")
        return predicate

    def disjunction(self):
        parts = [self.conjunction()]
        while self.peek()[1] in ("||", "OR", "or"):
            self.take()
            parts.append(self.conjunction())
        return lambda item: any(part(item) for part in parts)

    def conjunction(self):
        parts = [self.unary()]
        while self.peek()[1] in ("&&", "AND", "and"):
            self.take()
            parts.append(self.unary())
        return lambda item: all(part(item) for part in parts)

    def unary(self):
        if self.peek()[1] == "!":
            self.take()
            inner = self.unary()
            return lambda item: not inner(item)
        if self.peek()[1] == "(":
            self.take("(")
            inner = self.disjunction()
            self.take(")")
            return inner
        return self.comparison()

    def comparison(self):
        kind, word = self.take()
        if kind != "word":
            raise WhereError("expected a field name")
        path, _, method = word.rpartition(".")
        if method in METHODS and self.peek()[1] == "(":
            self.take("(")
            needle = self.literal()
            self.take(")")
            return lambda item: _text_test(method, lookup(item, path), needle)
        op = self.peek()[1]
        if op not in COMPARE:
            return lambda item: bool(lookup(item, word))
        self.take()
        value = self.literal()
        return lambda item: _compare(op, lookup(item, word), value)

    def literal(self):
        kind, value = self.take()
        if kind == "str":
            return value
        if kind == "num":
            return Decimal(value)
        if value in ("true", "false"):
            return value == "true"
        if value == "null":
            return None
        if value in ("guid", "Guid", "DateTime") and self.peek()[1] == "(":
            self.take("(")
            args = [self.literal()]
            while self.peek()[1] == ",":
                self.take(",")
                args.append(self.literal())
            self.take(")")
            if value.lower() == "guid":
                return str(args[0]).lower()
            try:
                moment = datetime(*[int(a) for a in args])
            except (TypeError, ValueError) as error:
                raise WhereError("bad DateTime") from error
            return moment.isoformat()
        raise WhereError(f"unexpected {value}")


def lookup(item, path):
    value = item
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _text_test(method, value, needle):
    if not isinstance(value, str) or not isinstance(needle, str):
        return False
    value, needle = value.casefold(), needle.casefold()
    if method == "Contains":
        return needle in value
    if method == "StartsWith":
        return value.startswith(needle)
    return value.endswith(needle)


def _compare(op, left, right):
    if isinstance(left, str) and isinstance(right, str):
        left, right = left.casefold(), right.casefold()
        if len(left) == 10 and len(right) > 10:
            right = right[:10]  # a Date field against DateTime(...)
    elif isinstance(right, Decimal) and left is not None:
        try:
            left = Decimal(str(left))
        except ArithmeticError:
            return False
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if left is None or right is None or type(left) is not type(right):
        return False
    return {
        ">": left > right,
        ">=": left >= right,
        "<": left < right,
        "<=": left <= right,
    }[op]


def compile_where(text):
    """A predicate for the filter, or raise WhereError."""
    return Parser(text).parse()
