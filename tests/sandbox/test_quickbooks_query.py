"""The QBO sandbox's query language over HTTP: each form QBO accepts, and its faults."""

# ruff: noqa: S608 - every string here is QBO query text sent to the sandbox, not SQL

import pytest

from tests.sandbox.quickbooks_support import Qbo, fault

# (DisplayName, CompanyName): two companies, so ORDERBY has ties to break.
PEOPLE = [("Qq Alpha", "Co2"), ("Qq Bravo", "Co1"), ("Qq Charlie", "Co2")]
PEOPLE += [("Qq Delta", "Co1")]


@pytest.fixture
def qbo(sandbox_url, http):
    client = Qbo(http, sandbox_url)
    for name, company in PEOPLE:
        client.create("customer", {"DisplayName": name, "CompanyName": company})
    return client


@pytest.fixture
def invoices(qbo):
    """Q-1..Q-3 for Qq Alpha at 100, 200 and 300 net (VAT 20% on top)."""
    alpha = qbo.customer("Qq Alpha")
    return [
        qbo.invoice(alpha, [qbo.line(price=100 * n)], DocNumber=f"Q-{n}")
        for n in (1, 2, 3)
    ]


def names(found, entity="Customer"):
    return [row["DisplayName"] for row in found.get(entity, [])]


@pytest.mark.parametrize(
    "text",
    [
        "select * from customer where DisplayName like 'Qq%'",
        "SELECT * FROM CUSTOMER WHERE DisplayName LIKE 'Qq%'",
        "Select * From Customer Where DisplayName Like 'Qq%' OrderBy DisplayName Asc",
        "select * from CusTomer where DisplayName like 'Qq%' order by DisplayName",
        "select * from customer where DisplayName like 'Qq%' startposition 1 "
        "maxresults 1000",  # what node-quickbooks sends
        "  select\t*\nfrom Customer\nwhere DisplayName like 'Qq%'  ",
    ],
)
def test_keywords_and_entity_names_match_in_any_case(qbo, text):
    assert sorted(names(qbo.query(text))) == [p[0] for p in PEOPLE]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("TotalAmt = 240", ["Q-2"]),
        ("TotalAmt = '240.00'", ["Q-2"]),
        ("TotalAmt < 240", ["Q-1"]),
        ("TotalAmt > 240", ["Q-3"]),
        ("TotalAmt <= 240", ["Q-1", "Q-2"]),
        ("TotalAmt >= 240", ["Q-2", "Q-3"]),
        ("DocNumber IN ('Q-1', 'Q-3')", ["Q-1", "Q-3"]),
        ("DocNumber LIKE 'Q-%'", ["Q-1", "Q-2", "Q-3"]),
        ("DocNumber LIKE '%3'", ["Q-3"]),
        ("DocNumber = 'Q-2' AND TotalAmt > 300", []),
        ("DocNumber LIKE 'Q-%' AND TotalAmt > 120 AND TotalAmt < 360", ["Q-2"]),
        ("DocNumber LIKE 'Q-%' AND TxnDate >= '2000-01-01'", ["Q-1", "Q-2", "Q-3"]),
    ],
)
def test_each_operator_filters(qbo, invoices, where, expected):
    found = qbo.query(f"select * from Invoice where {where} ORDERBY DocNumber")
    assert [row["DocNumber"] for row in found.get("Invoice", [])] == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("Qq%", ["Qq Alpha", "Qq Bravo", "Qq Charlie", "Qq Delta"]),
        ("%ravo", ["Qq Bravo"]),
        ("%q c%", ["Qq Charlie"]),
        ("Qq Delta", ["Qq Delta"]),
        ("Qq", []),
    ],
)
def test_like_takes_percent_as_wildcard(qbo, pattern, expected):
    found = qbo.query(
        f"select * from Customer where DisplayName like '{pattern}' orderby DisplayName"
    )
    assert names(found) == expected


def test_active_in_true_false_shows_inactive_names(qbo):
    bravo = qbo.customer("Qq Bravo")
    qbo.create(
        "customer",
        {"Id": bravo["Id"], "SyncToken": bravo["SyncToken"], "sparse": True}
        | {"Active": False},
    )
    where = "where DisplayName like 'Qq%'"
    assert "Qq Bravo" not in names(qbo.query(f"select * from Customer {where}"))
    both = qbo.query(f"select * from Customer {where} AND Active IN (true, false)")
    assert "Qq Bravo" in names(both)
    hidden = qbo.query(f"select * from Customer {where} AND Active = false")
    assert names(hidden) == ["Qq Bravo"]


def test_orderby_takes_several_keys_each_with_its_direction(qbo):
    found = qbo.query(
        "select * from Customer where DisplayName like 'Qq%' "
        "ORDERBY CompanyName, DisplayName DESC"
    )
    assert names(found) == ["Qq Delta", "Qq Bravo", "Qq Charlie", "Qq Alpha"]
    found = qbo.query(
        "select * from Customer where DisplayName like 'Qq%' "
        "ORDERBY CompanyName DESC, DisplayName ASC"
    )
    assert names(found) == ["Qq Alpha", "Qq Charlie", "Qq Bravo", "Qq Delta"]


def test_nested_fields_work_in_where_orderby_and_the_select_list(qbo):
    newest = qbo.query(
        "select * from Customer where DisplayName like 'Qq%' "
        "ORDERBY MetaData.LastUpdatedTime DESC, DisplayName DESC MAXRESULTS 1"
    )["Customer"][0]
    stamp = newest["MetaData"]["LastUpdatedTime"]
    later = qbo.query(
        f"select * from Customer where MetaData.LastUpdatedTime > '{stamp}'"
    )
    assert later == {}
    same = qbo.query(
        "select Id, MetaData.LastUpdatedTime from Customer "
        f"where MetaData.LastUpdatedTime >= '{stamp}' AND DisplayName LIKE 'Qq%'"
    )
    assert {"Id": newest["Id"], "MetaData": {"LastUpdatedTime": stamp}} | {
        "domain": "QBO",
        "sparse": True,
    } in same["Customer"]
    by_ref = qbo.query(
        f"select * from Customer where Id = '{newest['Id']}' AND CurrencyRef = 'GBP'"
    )
    assert names(by_ref) == [newest["DisplayName"]]


def test_named_fields_return_only_those_plus_id_marked_sparse(qbo):
    found = qbo.query(
        "select DisplayName, CompanyName from Customer where DisplayName = 'Qq Alpha'"
    )
    [row] = found["Customer"]
    full = qbo.customer("Qq Alpha")
    assert row == {
        "Id": full["Id"],
        "DisplayName": "Qq Alpha",
        "CompanyName": "Co2",
        "domain": "QBO",
        "sparse": True,
    }
    assert found["startPosition"] == 1 and found["maxResults"] == 1


def test_unfilterable_properties_may_still_be_read(qbo):
    accounts = qbo.query("select AcctNum, Name from Account")["Account"]
    assert any(a.get("AcctNum") for a in accounts)


def test_star_mixed_with_named_fields_returns_every_field(qbo):
    found = qbo.query(
        "select *, DisplayName from Customer where DisplayName = 'Qq Alpha'"
    )
    assert found["Customer"] == [qbo.customer("Qq Alpha")]


@pytest.mark.parametrize(
    ("paging", "start", "expected"),
    [
        ("STARTPOSITION 1 MAXRESULTS 2", 1, ["Qq Alpha", "Qq Bravo"]),
        ("STARTPOSITION 3 MAXRESULTS 2", 3, ["Qq Charlie", "Qq Delta"]),
        ("MAXRESULTS 2 STARTPOSITION 2", 2, ["Qq Bravo", "Qq Charlie"]),
        ("STARTPOSITION 4", 4, ["Qq Delta"]),
        ("STARTPOSITION 0 MAXRESULTS 1", 1, ["Qq Alpha"]),
        ("MAXRESULTS 1000", 1, ["Qq Alpha", "Qq Bravo", "Qq Charlie", "Qq Delta"]),
        ("STARTPOSITION 5", 5, []),
        ("STARTPOSITION 2147483647", 0, []),
        ("MAXRESULTS 0", 1, []),
    ],
)
def test_startposition_and_maxresults_page(qbo, paging, start, expected):
    found = qbo.query(
        "select * from Customer where DisplayName like 'Qq%' "
        f"ORDERBY DisplayName {paging}"
    )
    if not expected:
        # QBO answers an empty QueryResponse when the page holds nothing.
        assert found == {}
        return
    assert found == {
        "Customer": found["Customer"],
        "startPosition": start,
        "maxResults": len(expected),
    }
    assert names(found) == expected


def test_default_page_is_100_rows(qbo):
    for n in range(101):
        qbo.create("customer", {"DisplayName": f"Qq Many {n:03}"})
    found = qbo.query("select * from Customer where DisplayName like 'Qq Many%'")
    assert found["maxResults"] == 100 and len(found["Customer"]) == 100


@pytest.mark.parametrize("limit", [1001, 5000, 2147483647])
def test_maxresults_above_1000_is_refused_as_qbo_does(qbo, limit):
    error = fault(qbo.get("query", query=f"select * from Account MAXRESULTS {limit}"))
    assert error["code"] == "4001"
    assert error["Message"] == "Invalid query"
    assert error["Detail"] == (
        f"QueryValidationError: value {limit} is too large. Max allowed value is 1000"
    )


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("select count(*) from Customer where DisplayName like 'Qq%'", 4),
        ("SELECT COUNT(*) FROM customer WHERE CompanyName = 'Co1'", 2),
        ("select count(*) from Customer where DisplayName = 'Nobody'", 0),
        ("select Count(*) from Customer where DisplayName like 'Qq%' MAXRESULTS 1", 4),
    ],
)
def test_count_answers_total_count_alone(qbo, text, total):
    assert qbo.query(text) == {"totalCount": total}


def test_singletons_and_post_text_and_batch_queries(qbo):
    assert qbo.query("select * from companyinfo")["CompanyInfo"][0]["CompanyName"]
    assert qbo.query("select * from Preferences")["maxResults"] == 1
    reply = qbo.http.post(
        f"{qbo.url}/query",
        data="select * from customer where DisplayName = 'Qq Delta'",
        headers={**qbo.headers(), "Content-Type": "application/text"},
    )
    assert names(reply.json()["QueryResponse"]) == ["Qq Delta"]
    batch = qbo.post(
        "batch",
        {
            "BatchItemRequest": [
                {"bId": "1", "Query": "select count(*) from customer"},
                {"bId": "2", "Query": "select * from Customer where displayname = 'x'"},
            ]
        },
    ).json()["BatchItemResponse"]
    assert batch[0]["QueryResponse"]["totalCount"] >= 4
    assert batch[1]["Fault"]["Error"][0]["code"] == "4001"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("select * from Customer where displayname = 'Qq Alpha'", "displayname"),
        ("select * from Customer where Foo = 'x'", "Foo"),
        ("select * from Customer ORDERBY displayName", "displayName"),
        ("select Foo from Customer", "Foo"),
        ("select DisplayName, Bar from Customer", "Bar"),
        ("select * from Customer where MetaData.lastupdatedtime > '2020-01-01'",)
        + ("MetaData.lastupdatedtime",),
        ("select * from Customer where MetaData.Nope = 'x'", "MetaData.Nope"),
        ("select * from Customer where DisplayName.Inner = 'x'", "DisplayName.Inner"),
        ("select * from Invoice where Name = 'x'", "Name"),
        ("select count(*) from Item where DisplayName = 'x'", "DisplayName"),
        (
            "select * from TaxRate where RateValue > '4' AND rateValue < '9'",
            "rateValue",
        ),
        # Properties the entity has but QBO does not filter on.
        ("select * from Account where AcctNum = '200'", "AcctNum"),
        ("select * from Customer where AcctNum = 'C1'", "AcctNum"),
        ("select * from Invoice where Line.Amount > '1'", "Line.Amount"),
    ],
)
def test_unknown_or_miscased_properties_get_4001(qbo, text, name):
    error = fault(qbo.get("query", query=text))
    assert error["code"] == "4001"
    assert error["Message"] == "Invalid query"
    assert (
        error["Detail"] == f"QueryValidationError: property '{name}' is not queryable"
    )


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", 'Encountered "<EOF>" at line 0, column 0.'),
        ("select * from Customer where DisplayName = 'x' or Active = true", "<OR>"),
        ("select * from Customer where", 'Encountered "<EOF>" at line 1, column 29.'),
        ("select * from Customer where DisplayName = 'open", "Lexical error"),
        ("select * from Customer where DisplayName = 'Bob – x' AND Id = –1", "\\u2013"),
        ("select * from Customer; drop table x", 'Encountered: ";" (59)'),
        ("select * Customer", "column 10."),
        ("select * from Customer MAXRESULTS 99999999999999999999", "For input string"),
        ("select * from Customer STARTPOSITION 1.5", "<INTEGER>"),
    ],
)
def test_parse_errors_say_where_and_why(qbo, text, detail):
    error = fault(qbo.get("query", query=text))
    assert error["code"] == "4000"
    assert error["Message"] == "Error parsing query"
    assert error["Detail"].startswith("QueryParserError: ")
    assert detail in error["Detail"]


JUNK = [
    "delete from Customer",
    "select * from",
    "select from Customer",
    "select * from Vendor",  # an entity this sandbox does not keep
    "select * from Customer, Invoice",
    "select * from Customer where DisplayName =",
    "select * from Customer where DisplayName IN ()",
    "select * from Customer where DisplayName IN ('a',",
    "select * from Customer where DisplayName LIKE 5",
    "select * from Customer where DisplayName != 'x'",
    "select * from Customer where DisplayName = 'x' AND",
    "select * from Customer where = 'x'",
    "select * from Customer ORDERBY",
    "select * from Customer ORDER DisplayName",
    "select * from Customer STARTPOSITION",
    "select * from Customer MAXRESULTS -1",
    "select * from Customer MAXRESULTS 5 MAXRESULTS 6",
    "select * from Customer GROUP BY DisplayName",
    "select * from Customer trailing garbage",
    "select count(DisplayName) from Customer",
    "select count(* from Customer",
    "select *,, from Customer",
    'select * from Customer where DisplayName = "x"',
    "select * from Customer where DisplayName = 'x'\x00",
    "sélect * from Customer",
    "select * from Customer where Balance > 1e400",
    "select * from Customer where DisplayName = '" + "x" * 20000,
    "'",
    "\\",
    "))))",
    "select * from Customer where DisplayName = 'x' OR",
    "SELECT * FROM Customer WHERE (DisplayName = 'x')",
    "select * from 💥",
]


@pytest.mark.parametrize("text", JUNK)
def test_junk_gets_a_4000_fault_never_a_500(qbo, text):
    reply = qbo.get("query", query=text)
    error = fault(reply)
    assert error["code"] == "4000", error


@pytest.mark.parametrize(
    "where",
    [
        "DisplayName = 'Café ☕ 名前'",
        "DisplayName = 'it\\'s'",
        "Balance > '99999999999999999999999999999999'",
        "Balance > 9" + "9" * 5000,
        "Balance > 'NaN'",
        "Balance = 'Infinity'",
        "MetaData.LastUpdatedTime > 'T not a time'",
        "MetaData.LastUpdatedTime > '9999-99-99T99:99:99'",
        "DisplayName LIKE '%%%'",
        "DisplayName IN ('a', 1, true)",
        "Active = 'yes'",
    ],
)
def test_odd_values_that_parse_answer_without_error(qbo, where):
    reply = qbo.get("query", query=f"select * from Customer where {where}")
    assert reply.status_code == 200, reply.text
    assert "QueryResponse" in reply.json()
