"""The QBO query language read into a Query, never evaluated.

SELECT * | count(*) | Prop [, Prop ...] FROM Entity [WHERE Prop op value [AND ...]]
[ORDERBY Prop [ASC|DESC] [, ...]] [STARTPOSITION n] [MAXRESULTS n]

op is one of IN, =, <, >, <=, >=, LIKE, as Intuit's "Query operations and syntax"
page lists them (developer.intuit.com .../explore-the-quickbooks-online-api/
data-queries); OR is a token of QBO's grammar but not supported, so it is refused
where AND could stand. Keywords and entity names match in any case. What does not
parse gets QBO's 4000 "Error parsing query" with a QueryParserError detail worded
as its JavaCC parser words them (seen in mcohen01/node-quickbooks#56,
ruckus/quickbooks-ruby#471, consolibyte/quickbooks-php#129, and
intuit/QuickBooks-V3-PHP-SDK#397 for the lexical error).
"""

import re
from dataclasses import dataclass, field

from sandbox.quickbooks.envelopes import QboError

KEYWORDS = {
    "SELECT", "FROM", "WHERE", "AND", "OR", "IN", "LIKE", "ORDER", "ORDERBY", "BY",
    "ASC", "DESC", "STARTPOSITION", "MAXRESULTS", "COUNT", "TRUE", "FALSE",
}  # fmt: skip
TOKEN = re.compile(
    r"(?P<STRING>'(?:[^'\\]|\\.)*')|(?P<NUMBER>-?\d+(?:\.\d+)?(?![\w.]))"
    r"|(?P<OP><=|>=|=|<|>)|(?P<PUNCT>[(),*])|(?P<IDENTIFIER>[A-Za-z_][\w.]*)",
    re.DOTALL | re.ASCII,  # names and numbers are ASCII; strings take anything
)
# Java's int: QBO reads STARTPOSITION and MAXRESULTS into one.
INT_MAX = 2**31 - 1


@dataclass
class Token:
    kind: str  # STRING, NUMBER, OP, PUNCT, IDENTIFIER, KEYWORD or EOF
    text: str
    line: int
    column: int

    @property
    def word(self):
        return self.text.upper()


@dataclass
class Query:
    entity: str = ""
    entity_at: tuple = (1, 1)  # (line, column), for a fault naming it
    count: bool = False
    star: bool = False  # every property, whatever else is named
    fields: list = field(default_factory=list)  # the named properties
    where: list = field(default_factory=list)  # (path, op, value or [values])
    order: list = field(default_factory=list)  # (path, descending)
    start: int = 1
    limit: int | None = None


def parse_error(detail):
    return QboError(4000, "Error parsing query", f"QueryParserError: {detail}")


def spelled(char):
    """A character as JavaCC prints it: itself, or a \\u escape outside ASCII."""
    return char if " " <= char <= "~" else f"\\u{ord(char):04x}"


def where_at(text, position):
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def tokenize(text):
    tokens, position = [], 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        line, column = where_at(text, position)
        if position == len(text):
            tokens.append(Token("EOF", "", line, column))
            return tokens
        match = TOKEN.match(text, position)
        if match is None:
            char = text[position]
            if char == "'":  # a string that never closes
                raise parse_error(
                    f"Lexical error at line {line}, column {len(text) + 1}.  "
                    f'Encountered: <EOF> after : "{text[position:]}"'
                )
            raise parse_error(
                f"Invalid content. Lexical error at line {line}, column {column}.  "
                f'Encountered: "{spelled(char)}" ({ord(char)}), after : ""'
            )
        kind = match.lastgroup
        if kind == "IDENTIFIER" and match.group().upper() in KEYWORDS:
            kind = "KEYWORD"
        tokens.append(Token(kind, match.group(), line, column))
        position = match.end()


def unexpected(token, *expected):
    if token.kind == "EOF":
        seen = '"<EOF>"'
    elif token.word in ("AND", "OR"):  # named tokens in QBO's grammar
        seen = f'" <{token.word}> "{token.text} ""'
    elif token.kind in ("KEYWORD", "OP", "PUNCT"):
        seen = f'" "{token.text.lower()}" "{token.text} ""'
    else:
        seen = f'" <{token.kind}> "{token.text} ""'
    listed = "".join(
        f"\n    {name} " if name == "<EOF>" else f"\n    {name} ..."
        for name in expected
    )
    heading = "Was expecting one of:" if len(expected) > 1 else "Was expecting:"
    return parse_error(
        f"Encountered {seen} at line {token.line}, column {token.column}.\n"
        f"{heading}{listed}\n    "
    )


class Parser:
    def __init__(self, text):
        self.text = text
        self.tokens = tokenize(text)
        self.at = 0

    @property
    def token(self):
        return self.tokens[self.at]

    def keyword(self, *words):
        """The next keyword if it is one of these (consumed), else None."""
        if self.token.kind == "KEYWORD" and self.token.word in words:
            self.at += 1
            return self.tokens[self.at - 1].word
        return None

    def expect(self, kind, text, *expected):
        token = self.token
        if token.kind != kind or (text is not None and token.word != text):
            raise unexpected(token, *(expected or [f'"{(text or kind).lower()}"']))
        self.at += 1
        return token

    def comma(self):
        if self.token.kind == "PUNCT" and self.token.text == ",":
            self.at += 1
            return True
        return False

    def parse(self):
        if self.token.kind == "EOF" and not self.text.strip():
            # QBO's own words for an empty query.
            raise parse_error(
                'Encountered "<EOF>" at line 0, column 0.\nWas expecting:\n'
                '    "select" ...\n    '
            )
        query = Query()
        self.expect("KEYWORD", "SELECT")
        self.select_list(query)
        self.expect("KEYWORD", "FROM")
        token = self.expect("IDENTIFIER", None, "<IDENTIFIER>")
        query.entity, query.entity_at = token.text, (token.line, token.column)
        if self.keyword("WHERE"):
            query.where.append(self.condition())
            while self.keyword("AND"):
                query.where.append(self.condition())
        if self.keyword("ORDERBY") or (self.keyword("ORDER") and self.by()):
            query.order.append(self.ordering())
            while self.comma():
                query.order.append(self.ordering())
        for _ in range(2):  # either order, each once
            if query.start == 1 and self.keyword("STARTPOSITION"):
                query.start = max(self.integer(), 1)
            elif query.limit is None and self.keyword("MAXRESULTS"):
                query.limit = self.integer()
        if self.token.kind != "EOF":
            raise unexpected(self.token, *self.after(query))
        return query

    def by(self):
        return self.expect("KEYWORD", "BY")

    def after(self, query):
        """What could still follow, for the error's 'Was expecting' list."""
        expected = ["<EOF>", "<AND>"] if query.where and not query.order else ["<EOF>"]
        if not query.order:
            expected += ['"order"', '"orderby"']
        return [*expected, '"maxresults"', '"startposition"']

    def select_list(self, query):
        if self.keyword("COUNT"):
            self.expect("PUNCT", "(")
            self.expect("PUNCT", "*")
            self.expect("PUNCT", ")")
            query.count = True
            return
        star = False
        while True:
            if self.token.kind == "PUNCT" and self.token.text == "*":
                self.at += 1
                star = True
            else:
                query.fields.append(self.expect("IDENTIFIER", None, '"*"', "<ID>").text)
            if not self.comma():
                break
        # "*, MetaData.LastUpdatedTime" still asks for every property.
        query.star = star

    def integer(self):
        token = self.expect("NUMBER", None, "<INTEGER>")
        if not token.text.isdigit():
            raise unexpected(token, "<INTEGER>")
        if len(token.text) > 10 or int(token.text) > INT_MAX:
            raise parse_error(f'For input string: "{token.text}"')
        return int(token.text)

    def literal(self):
        token = self.token
        self.at += 1
        if token.kind == "STRING":
            return re.sub(r"\\(.)", r"\1", token.text[1:-1], flags=re.DOTALL)
        if token.kind == "NUMBER":
            return token.text
        if token.kind == "KEYWORD" and token.word in ("TRUE", "FALSE"):
            return token.word == "TRUE"
        if token.kind == "IDENTIFIER":  # value_without_quote
            return token.text
        self.at -= 1
        raise unexpected(token, "<STRING>", "<INTEGER>", '"true"', '"false"')

    def condition(self):
        path = self.expect("IDENTIFIER", None, "<IDENTIFIER>").text
        if self.keyword("IN"):
            self.expect("PUNCT", "(")
            values = [self.literal()]
            while self.comma():
                values.append(self.literal())
            self.expect("PUNCT", ")")
            return path, "IN", values
        if self.keyword("LIKE"):
            token = self.expect("STRING", None, "<STRING>")
            return path, "LIKE", re.sub(r"\\(.)", r"\1", token.text[1:-1])
        operator = self.expect("OP", None, '"="', '"<"', '">"', '"in"', '"like"')
        return path, operator.text, self.literal()

    def ordering(self):
        path = self.expect("IDENTIFIER", None, "<IDENTIFIER>").text
        descending = self.keyword("DESC", "ASC") == "DESC"
        return path, descending


def parse(text):
    return Parser(text or "").parse()
