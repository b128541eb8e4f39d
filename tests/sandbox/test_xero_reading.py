"""Xero sandbox reading: envelope, tenant header, reference data, contacts, paging."""

import re

import pytest

from tests.sandbox.xero_support import connect

MS_DATE = re.compile(r"/Date\(\d+\+0000\)/")
DEMO_CUSTOMERS = {
    "Acme Property Management",
    "Brightwater Retail Park",
    "Castle Dental Practice",
    "Dale Bakery",
    "Elm Care Home",
    "Foxley Medical Centre",
    "Granite Leisure Centre",
    "Harbour Housing Association",
    "Juniper Primary School",
    "Lakeside Hotel",
}

pytestmark = pytest.mark.usefixtures("xero_traffic_fits_the_spec")


def test_envelope_and_limit_headers(api):
    reply = api.get("Organisation")
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) >= {"Id", "Status", "ProviderName", "DateTimeUTC", "Organisations"}
    assert body["Status"] == "OK"
    assert re.fullmatch(r"/Date\(\d+\)/", body["DateTimeUTC"])
    org = body["Organisations"][0]
    assert org["Name"] == "Demo Services Ltd"
    assert org["Version"] == "UK" and org["BaseCurrency"] == "GBP"
    assert "PeriodLockDate" not in org
    for header in (
        "X-MinLimit-Remaining",
        "X-DayLimit-Remaining",
        "X-AppMinLimit-Remaining",
    ):
        assert reply.headers[header].isdigit()


def test_tenant_header_is_required(api):
    reply = api.get("Organisation", headers={"xero-tenant-id": ""})
    assert reply.status_code == 403
    body = reply.json()
    assert body["Title"] == "Forbidden"
    assert body["Detail"] == "AuthenticationUnsuccessful"
    other = api.get(
        "Organisation",
        headers={"xero-tenant-id": "00000000-0000-0000-0000-000000000001"},
    )
    assert other.status_code == 403


def test_missing_token_is_401(api):
    reply = api.get("Organisation", headers={"Authorization": "Bearer nonsense"})
    assert reply.status_code == 401
    assert reply.json()["Detail"] == "AuthenticationUnsuccessful"


def test_unknown_resource_is_plain_text_404(api):
    reply = api.get("Widgets")
    assert reply.status_code == 404
    assert reply.text == "The resource you're looking for cannot be found"
    assert reply.headers["Content-Type"].startswith("text/plain")
    missing = api.get("Invoices/4f5e0d7c-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing.text == "The resource you're looking for cannot be found"


def test_second_organisation_is_separate(sandbox_url, http):
    second = connect(sandbox_url, http, tenant_name="Demo Services (Second Site) Ltd")
    org = second.get("Organisation").json()["Organisations"][0]
    assert org["Name"] == "Demo Services (Second Site) Ltd"
    names = {c["Name"] for c in second.get("Contacts").json()["Contacts"]}
    assert names == {
        "Acme Property Management",
        "Meadow Property Management",
        "Northgate Retail Park",
    }
    assert second.get("Invoices").json()["Invoices"] == []


def test_uk_vat_tax_rates(api):
    rates = {r["TaxType"]: r for r in api.get("TaxRates").json()["TaxRates"]}
    assert {
        "OUTPUT2",
        "RROUTPUT",
        "ZERORATEDOUTPUT",
        "EXEMPTOUTPUT",
        "NONE",
        "INPUT2",
    } <= set(rates)
    assert rates["OUTPUT2"]["EffectiveRate"] == 20.0
    assert rates["OUTPUT2"]["Name"] == "20% (VAT on Income)"
    assert rates["OUTPUT2"]["CanApplyToRevenue"] is True
    assert rates["OUTPUT2"]["CanApplyToExpenses"] is False
    assert rates["RROUTPUT"]["DisplayTaxRate"] == 5.0
    assert rates["INPUT2"]["CanApplyToRevenue"] is False
    active = api.get("TaxRates", params={"where": 'Status=="ACTIVE"'}).json()[
        "TaxRates"
    ]
    assert "OUTPUT" not in {r["TaxType"] for r in active}
    one = api.get("TaxRates/RROUTPUT").json()["TaxRates"]
    assert [r["TaxType"] for r in one] == ["RROUTPUT"]


def test_uk_chart_of_accounts(api):
    accounts = {a["Code"]: a for a in api.get("Accounts").json()["Accounts"]}
    assert accounts["200"]["Name"] == "Sales"
    assert accounts["200"]["Class"] == "REVENUE"
    assert accounts["200"]["TaxType"] == "OUTPUT2"
    assert accounts["090"]["Type"] == "BANK"
    assert accounts["610"]["SystemAccount"] == "DEBTORS"
    assert accounts["265"]["Status"] == "ARCHIVED"
    assert MS_DATE.fullmatch(accounts["200"]["UpdatedDateUTC"])
    banks = api.get("Accounts", params={"where": 'Type=="BANK"'}).json()["Accounts"]
    assert {a["Code"] for a in banks} == {"090", "091"}
    one = api.get(f"Accounts/{accounts['200']['AccountID']}").json()["Accounts"]
    assert one[0]["Code"] == "200"


def test_contacts_overlap_demo_customers(api):
    contacts = api.get("Contacts").json()["Contacts"]
    names = {c["Name"] for c in contacts}
    assert "Acme Property Management" in names  # exact
    assert "FOXLEY MEDICAL CENTRE" in names  # case differs
    assert "Harbour  Housing Association" in names  # spacing differs
    assert "Lakeside Hotel" not in names  # archived: hidden by default
    everyone = api.get("Contacts", params={"includeArchived": "true"}).json()[
        "Contacts"
    ]
    archived = [c for c in everyone if c["ContactStatus"] == "ARCHIVED"]
    assert [c["Name"] for c in archived] == ["Lakeside Hotel"]
    squashed = {" ".join(c["Name"].split()).casefold() for c in everyone}
    assert {n.casefold() for n in DEMO_CUSTOMERS} <= squashed


def test_app_demo_names_still_match_the_seed():
    from demo.data import FIRST, SECOND

    demo = {
        f"{FIRST[i % len(FIRST)]} {SECOND[(i * 7) % len(SECOND)]}" for i in range(40)
    }
    assert {"Acme Property Management", "Dale Bakery", "Lakeside Hotel"} <= demo
    assert {"Foxley Medical Centre", "Harbour Housing Association"} <= demo


def test_contacts_where_name_ignores_case(api):
    reply = api.get("Contacts", params={"where": 'Name=="foxley medical centre"'})
    assert [c["Name"] for c in reply.json()["Contacts"]] == ["FOXLEY MEDICAL CENTRE"]
    reply = api.get("Contacts", params={"where": 'Name.Contains("Care")'})
    assert [c["Name"] for c in reply.json()["Contacts"]] == ["Elm Care Home"]
    archived = api.get("Contacts", params={"where": 'ContactStatus=="ARCHIVED"'})
    assert [c["Name"] for c in archived.json()["Contacts"]] == ["Lakeside Hotel"]
    term = api.get("Contacts", params={"searchTerm": "walker"}).json()["Contacts"]
    assert [c["Name"] for c in term] == ["Walker Facilities Group"]


def test_bad_where_is_a_query_parse_error(api):
    reply = api.get("Contacts", params={"where": 'Name=="x" AND __import__("os")'})
    assert reply.status_code == 400
    assert reply.json()["Type"] == "QueryParseException"


def test_contact_by_id_and_ids_filter(api):
    contacts = api.get("Contacts").json()["Contacts"]
    first, second = contacts[0], contacts[1]
    one = api.get(f"Contacts/{first['ContactID']}").json()["Contacts"]
    assert one[0]["Name"] == first["Name"]
    both = api.get(
        "Contacts", params={"IDs": f"{first['ContactID']},{second['ContactID']}"}
    )
    assert {c["ContactID"] for c in both.json()["Contacts"]} == {
        first["ContactID"],
        second["ContactID"],
    }


def test_contacts_paging(api):
    page1 = api.get("Contacts", params={"page": 1, "pageSize": 5}).json()
    assert page1["pagination"] == {
        "page": 1,
        "pageSize": 5,
        "pageCount": 3,
        "itemCount": 11,
    }
    assert len(page1["Contacts"]) == 5
    page3 = api.get("Contacts", params={"page": 3, "pageSize": 5}).json()
    assert len(page3["Contacts"]) == 1
    assert not {c["ContactID"] for c in page1["Contacts"]} & {
        c["ContactID"] for c in page3["Contacts"]
    }


def test_seeded_invoices_and_filters(api):
    assert "LineItems" not in api.get("Invoices").json()["Invoices"][0]
    invoices = api.get("Invoices", params={"page": 1}).json()["Invoices"]
    assert [i["InvoiceNumber"] for i in invoices] == [
        "INV-0001",
        "INV-0002",
        "INV-00003",
    ]
    first = invoices[0]
    assert first["Type"] == "ACCREC"
    assert (
        first["Total"] == 102.0
        and first["TotalTax"] == 17.0
        and first["AmountDue"] == 102.0
    )
    assert MS_DATE.fullmatch(first["Date"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00", first["DateString"])
    assert first["LineItems"][0]["TaxType"] == "OUTPUT2"
    drafts = api.get("Invoices", params={"Statuses": "DRAFT"}).json()["Invoices"]
    assert [i["InvoiceNumber"] for i in drafts] == ["INV-0002"]
    where = api.get(
        "Invoices", params={"where": 'Status=="AUTHORISED" AND Type=="ACCREC"'}
    )
    assert [i["InvoiceNumber"] for i in where.json()["Invoices"]] == [
        "INV-0001",
        "INV-00003",
    ]
    by_number = api.get("Invoices", params={"InvoiceNumbers": "INV-00003"}).json()
    assert by_number["Invoices"][0]["Contact"]["Name"] == "Castle Dental Practice"
    contact_id = first["Contact"]["ContactID"]
    by_contact = api.get(
        "Invoices", params={"where": f'Contact.ContactID==guid("{contact_id}")'}
    )
    assert [i["InvoiceNumber"] for i in by_contact.json()["Invoices"]] == ["INV-0001"]
    by_number_path = api.get("Invoices/INV-0002").json()["Invoices"]
    assert by_number_path[0]["Status"] == "DRAFT"
    ordered = api.get("Invoices", params={"order": "InvoiceNumber DESC"}).json()[
        "Invoices"
    ]
    assert [i["InvoiceNumber"] for i in ordered] == [  # text order, as Xero sorts
        "INV-0002",
        "INV-0001",
        "INV-00003",
    ]


def test_if_modified_since_returns_only_later_changes(api):
    assert api.get(
        "Invoices", headers={"If-Modified-Since": "2000-01-01T00:00:00"}
    ).json()["Invoices"]
    future = api.get("Invoices", headers={"If-Modified-Since": "2999-01-01T00:00:00"})
    assert future.json()["Invoices"] == []
    http_date = api.get(
        "Accounts", headers={"If-Modified-Since": "Tue, 01 Jan 2999 00:00:00 GMT"}
    )
    assert http_date.json()["Accounts"] == []


def test_invoice_search_term_and_summary(api):
    found = api.get("Invoices", params={"searchTerm": "castle"}).json()["Invoices"]
    assert [i["InvoiceNumber"] for i in found] == ["INV-00003"]
    summary = api.get("Invoices", params={"page": 1, "summaryOnly": "true"}).json()
    assert "LineItems" not in summary["Invoices"][0]
    assert summary["Invoices"][0]["Total"] == 102.0


def test_json_must_be_asked_for(api):
    reply = api.get("Organisation", headers={"Accept": "*/*"})
    assert reply.status_code == 406
    assert "application/json" in reply.text


def test_where_on_dates_and_contacts_modified_since(api):
    today = api.get("Invoices", params={"page": 1}).json()["Invoices"][0]["DateString"]
    year, month, day = (int(part) for part in today[:10].split("-"))
    later = api.get(
        "Invoices", params={"where": f"Date >= DateTime({year}, {month}, {day})"}
    )
    assert len(later.json()["Invoices"]) == 3
    before = api.get(
        "Invoices", params={"where": f"Date < DateTime({year}, {month}, {day})"}
    )
    assert before.json()["Invoices"] == []
    recent = api.get("Contacts", headers={"If-Modified-Since": "2999-01-01T00:00:00Z"})
    assert recent.json()["Contacts"] == []
