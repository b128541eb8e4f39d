"""What a sync leans on, held over HTTP: If-Modified-Since, paging, list filters,
the limit headers on every answer and the tier's day limit.

Sources: provider-apis.md A3/A4 (developer.xero.com faq/limits, the spec's
parameters), domain-research.md; the tier figures are as reported there.
"""

from datetime import UTC, datetime, timedelta

import pytest

from tests.sandbox.test_xero_invoices import invoice

LIMIT_HEADERS = (
    "X-MinLimit-Remaining",
    "X-DayLimit-Remaining",
    "X-AppMinLimit-Remaining",
)

pytestmark = pytest.mark.usefixtures("xero_traffic_fits_the_spec")


def created_invoices(api, count, contact="Acme Property Management"):
    reply = api.put(
        "Invoices",
        {"Invoices": [invoice(api, contact) for _ in range(count)]},
        params={"summarizeErrors": "false"},
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["Invoices"]


@pytest.mark.parametrize(
    "collection", ["Contacts", "Invoices", "CreditNotes", "Payments", "Accounts"]
)
def test_if_modified_since_on_every_list(api, collection):
    everything = api.get(collection).json()[collection]
    old = api.get(collection, headers={"If-Modified-Since": "2000-01-01T00:00:00"})
    assert len(old.json()[collection]) == len(everything)
    future = api.get(collection, headers={"If-Modified-Since": "2999-01-01T00:00:00"})
    assert future.status_code == 200 and future.json()[collection] == []


def test_if_modified_since_lists_what_changed_after_it(api):
    [first] = created_invoices(api, 1)
    since = first["UpdatedDateUTC"]  # /Date(ms+0000)/, as Xero writes it
    millis = int(since[6:].split("+")[0])
    moment = datetime.fromtimestamp(millis / 1000, UTC) - timedelta(milliseconds=1)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
    listed = api.get("Invoices", headers={"If-Modified-Since": stamp}).json()
    assert [i["InvoiceID"] for i in listed["Invoices"]] == [first["InvoiceID"]]


def test_a_bad_if_modified_since_is_refused_with_the_limit_headers(api):
    reply = api.get("Invoices", headers={"If-Modified-Since": "last Tuesday"})
    assert reply.status_code == 400
    assert reply.json()["Type"] == "QueryParseException"
    assert all(name in reply.headers for name in LIMIT_HEADERS)


def test_page_size_up_to_1000_and_the_pagination_element(api):
    created_invoices(api, 4)
    default = api.get("Invoices", params={"page": 1}).json()
    assert default["pagination"]["pageSize"] == 100
    assert default["pagination"]["itemCount"] == len(default["Invoices"]) == 7
    capped = api.get("Invoices", params={"page": 1, "pageSize": 5000}).json()
    assert capped["pagination"]["pageSize"] == 1000
    second = api.get("Invoices", params={"page": 2, "pageSize": 3}).json()
    assert second["pagination"] == {
        "page": 2,
        "pageSize": 3,
        "pageCount": 3,
        "itemCount": 7,
    }
    assert len(second["Invoices"]) == 3
    beyond = api.get("Invoices", params={"page": 4, "pageSize": 3}).json()
    assert beyond["Invoices"] == [] and beyond["pagination"]["page"] == 4
    for collection in ("Contacts", "CreditNotes", "Payments"):
        paged = api.get(collection, params={"page": 1, "pageSize": 1000}).json()
        assert paged["pagination"]["pageSize"] == 1000, collection
    assert "pagination" not in api.get("Invoices").json()


def test_comma_separated_list_filters(api):
    made = created_invoices(api, 3)
    ids = [i["InvoiceID"] for i in made]
    by_ids = api.get("Invoices", params={"IDs": ",".join(ids[:2])}).json()
    assert {i["InvoiceID"] for i in by_ids["Invoices"]} == set(ids[:2])
    numbers = [made[0]["InvoiceNumber"], "INV-0001"]
    by_numbers = api.get("Invoices", params={"InvoiceNumbers": ",".join(numbers)})
    assert sorted(i["InvoiceNumber"] for i in by_numbers.json()["Invoices"]) == sorted(
        numbers
    )
    statuses = api.get("Invoices", params={"Statuses": "DRAFT,AUTHORISED"}).json()
    assert {i["Status"] for i in statuses["Invoices"]} == {"DRAFT", "AUTHORISED"}
    contact_ids = {made[0]["Contact"]["ContactID"]}
    other = api.get("Invoices", params={"InvoiceNumbers": "INV-00003"}).json()
    contact_ids.add(other["Invoices"][0]["Contact"]["ContactID"])
    by_contacts = api.get("Invoices", params={"ContactIDs": ",".join(contact_ids)})
    assert {i["Contact"]["ContactID"] for i in by_contacts.json()["Invoices"]} == (
        contact_ids
    )
    combined = api.get(
        "Invoices",
        params={
            "IDs": ",".join(ids),
            "Statuses": "AUTHORISED",
            "where": 'Type=="ACCREC"',
        },
    ).json()
    assert {i["InvoiceID"] for i in combined["Invoices"]} == set(ids)
    contacts = api.get("Contacts", params={"page": 1, "pageSize": 2}).json()["Contacts"]
    wanted = [c["ContactID"] for c in contacts]
    by_contact_ids = api.get("Contacts", params={"IDs": ",".join(wanted)}).json()
    assert {c["ContactID"] for c in by_contact_ids["Contacts"]} == set(wanted)


def test_where_on_credit_notes_and_payments(api):
    listed = api.get("CreditNotes", params={"where": 'Status=="AUTHORISED"'})
    assert listed.status_code == 200
    paid = api.get("Payments", params={"where": 'Status=="AUTHORISED"'})
    assert paid.status_code == 200


def answers(api, sandbox_url, http):
    """One of each kind of answer the API gives an app it knows."""
    yield "ok", api.get("Organisation")
    yield "validation", api.put("Invoices", {"Invoices": [invoice(api, Status="X")]})
    yield "not found", api.get("Invoices/00000000-0000-0000-0000-000000000001")
    yield "unknown resource", api.get("Widgets")
    yield "bad where", api.get("Invoices", params={"where": "Status=="})
    yield "bad body", api.call("PUT", "Invoices", data="{not json")
    yield "not acceptable", api.get("Organisation", headers={"Accept": "text/xml"})
    yield "not connected", api.get("Organisation", headers={"xero-tenant-id": "x"})
    http.post(f"{sandbox_url}/xero/_admin/expire-tokens")
    yield "token expired", api.get("Organisation")


def test_every_answer_carries_the_three_limit_headers(api, sandbox_url, http):
    kinds = {}
    for kind, reply in answers(api, sandbox_url, http):
        kinds[kind] = reply.status_code
        assert all(name in reply.headers for name in LIMIT_HEADERS), (kind, reply)
    assert kinds == {
        "ok": 200,
        "validation": 400,
        "not found": 404,
        "unknown resource": 404,
        "bad where": 400,
        "bad body": 400,
        "not acceptable": 406,
        "not connected": 403,
        "token expired": 401,
    }


def test_a_token_no_app_owns_learns_no_counts(api):
    reply = api.get("Organisation", headers={"Authorization": "Bearer not-a-token"})
    assert reply.status_code == 401
    assert not any(name in reply.headers for name in LIMIT_HEADERS)


def test_a_refused_call_is_not_counted(api, sandbox_url, http):
    before = int(api.get("Organisation").headers["X-DayLimit-Remaining"])
    refused = api.get("Organisation", headers={"Accept": "text/xml"})
    assert refused.status_code == 406
    assert int(refused.headers["X-DayLimit-Remaining"]) == before
    after = int(api.get("Organisation").headers["X-DayLimit-Remaining"])
    assert after == before - 1


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ({"XERO_MINUTE_LIMIT": 1}, "minute"),
        ({"XERO_DAY_LIMIT": 1}, "day"),
        ({"XERO_APP_MINUTE_LIMIT": 1}, "appminute"),
    ],
)
def test_each_limit_names_itself_on_its_429(api, sandbox_app, setting, problem):
    sandbox_app.config.update(setting, TIME_SCALE=1.0)
    assert api.get("Organisation").status_code == 200
    reply = api.get("Organisation")
    assert reply.status_code == 429
    assert reply.headers["X-Rate-Limit-Problem"] == problem
    assert int(reply.headers["Retry-After"]) >= 1
    assert all(name in reply.headers for name in LIMIT_HEADERS)


@pytest.mark.parametrize(
    ("tier", "day_limit"),
    [("starter", 1000), ("core", 5000), ("plus", 5000), (None, 5000)],
)
def test_the_tier_sets_the_day_limit(api, sandbox_app, tier, day_limit):
    if tier:
        sandbox_app.config["XERO_TIER"] = tier
    reply = api.get("Organisation")
    assert int(reply.headers["X-DayLimit-Remaining"]) == day_limit - 1


def test_the_day_limit_setting_overrides_the_tier(api, sandbox_app):
    sandbox_app.config.update(XERO_TIER="starter", XERO_DAY_LIMIT=3)
    remaining = [
        api.get("Organisation").headers["X-DayLimit-Remaining"] for _ in range(3)
    ]
    assert remaining == ["2", "1", "0"]
    assert api.get("Organisation").headers["X-Rate-Limit-Problem"] == "day"


def test_an_unknown_tier_is_a_configuration_error(api, sandbox_app):
    sandbox_app.config["XERO_TIER"] = "platinum"
    assert api.get("Organisation").status_code == 500
