"""QuickBooks sandbox reads: auth faults, seed data, entities by Id and queries."""

import pytest

from demo.data import FIRST, SECOND
from sandbox.quickbooks.seed import DEMO_REALM, SECOND_REALM
from tests.sandbox.quickbooks_support import fault


def test_missing_or_expired_token_gets_the_gateway_401(sandbox_url, http, qbo):
    url = f"{sandbox_url}/quickbooks/v3/company/{DEMO_REALM}/customer/1"
    reply = http.get(url)
    assert reply.status_code == 401
    assert reply.headers["intuit_tid"]
    body = reply.json()
    [error] = body["fault"]["error"]
    assert error["code"] == "3200"
    assert error["message"] == (
        "message=AuthenticationFailed; errorCode=003200; statusCode=401"
    )
    assert body["fault"]["type"] == "AUTHENTICATION"
    assert isinstance(body["time"], int)
    assert http.post(sandbox_url + "/quickbooks/_admin/expire-tokens").json()["expired"]
    assert qbo.get("customer/1").status_code == 401


def test_other_realm_is_forbidden(sandbox_url, http, qbo):
    url = f"{sandbox_url}/quickbooks/v3/company/{SECOND_REALM}/query"
    reply = http.get(
        url, params={"query": "select * from Customer"}, headers=qbo.headers()
    )
    assert reply.status_code == 403
    assert reply.json()["fault"]["error"][0]["code"] == "3100"


def test_every_api_reply_carries_intuit_tid(qbo):
    first = qbo.get("query", query="select * from Account")
    second = qbo.get("invoice/999999")
    assert first.headers["intuit_tid"] != second.headers["intuit_tid"]


def test_seed_is_a_uk_company_with_vat_codes_rates_accounts_and_items(qbo):
    info = qbo.get(f"companyinfo/{DEMO_REALM}").json()["CompanyInfo"]
    assert qbo.query("select * from CompanyInfo")["CompanyInfo"] == [info]
    assert info["CompanyName"] == "Demo Services Ltd" and info["Country"] == "GB"
    codes = {c["Name"]: c for c in qbo.query("select * from TaxCode")["TaxCode"]}
    assert set(codes) == {
        "20.0% S",
        "5.0% R",
        "0.0% Z",
        "Exempt",
        "No VAT",
        "20.0% ECG",
    }
    assert codes["20.0% ECG"]["SalesTaxRateList"] == {"TaxRateDetail": []}
    rate_ref = codes["20.0% S"]["SalesTaxRateList"]["TaxRateDetail"][0]["TaxRateRef"]
    rate = qbo.get(f"taxrate/{rate_ref['value']}").json()["TaxRate"]
    assert rate["RateValue"] == 20
    assert rate["AgencyRef"]["name"] == "HM Revenue & Customs"
    sales = qbo.one("Account", "Name = 'Sales - service calls'")
    assert sales["AcctNum"] == "4000"  # QBO cannot filter on AcctNum
    assert sales["AccountType"] == "Income" and sales["Classification"] == "Revenue"
    item = qbo.item("Annual boiler service")
    assert item["UnitPrice"] == 85 and item["Type"] == "Service"
    assert item["IncomeAccountRef"]["name"] == "Sales - maintenance contracts"


def test_seed_customers_overlap_demo_data(qbo):
    names = {c["DisplayName"] for c in qbo.query("select * from Customer")["Customer"]}
    exact = f"{FIRST[0]} {SECOND[0]}"
    assert exact in names
    shouted = f"{FIRST[6]} {SECOND[(6 * 7) % len(SECOND)]}".upper()
    assert shouted in names
    inactive = f"{FIRST[10]} {SECOND[(10 * 7) % len(SECOND)]}"
    assert inactive not in names  # hidden: queries show active entries by default
    hidden = qbo.query(
        f"select * from Customer where DisplayName = '{inactive}' "  # noqa: S608
        "and Active = false"
    )["Customer"]
    assert hidden[0]["Active"] is False


def test_read_by_id_and_610_for_unknown(qbo):
    customer = qbo.customer()
    reply = qbo.get(f"customer/{customer['Id']}")
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"Customer", "time"}
    got = body["Customer"]
    assert got["Id"] == customer["Id"] and got["SyncToken"] == "0"
    assert got["domain"] == "QBO" and got["sparse"] is False
    assert got["MetaData"]["CreateTime"]
    error = fault(qbo.get("customer/99999999"))
    assert error["code"] == "610"
    assert error["Message"] == "Object Not Found"
    # Another realm's ids are not visible here.
    assert fault(qbo.get("invoice/abc"))["code"] == "610"


def test_query_where_orderby_and_pages(qbo):
    everyone = qbo.query("select * from Customer ORDERBY DisplayName")["Customer"]
    names = [c["DisplayName"] for c in everyone]
    assert names == sorted(names, key=str.lower)
    page = qbo.query(
        "SELECT * FROM Customer ORDERBY DisplayName DESC STARTPOSITION 3 MAXRESULTS 4"
    )
    assert page["startPosition"] == 3 and page["maxResults"] == 4
    assert [c["DisplayName"] for c in page["Customer"]] == names[::-1][2:6]
    assert qbo.query("select count(*) from Customer") == {"totalCount": len(names)}
    like = qbo.query("select * from Customer where DisplayName like 'acme%'")
    assert all(c["DisplayName"].lower().startswith("acme") for c in like["Customer"])
    ids = [everyone[0]["Id"], everyone[1]["Id"]]
    in_list = f"('{ids[0]}', '{ids[1]}')"
    found = qbo.query("select * from Customer where Id in " + in_list)  # noqa: S608 - QBO query text
    assert sorted(c["Id"] for c in found["Customer"]) == sorted(ids)
    assert qbo.query("select * from Customer where DisplayName = 'Nobody'") == {}


def test_query_takes_maxresults_1000_and_post_text(qbo):
    page = qbo.query("select * from Account MAXRESULTS 1000")
    assert page["maxResults"] == len(page["Account"])
    reply = qbo.http.post(
        f"{qbo.url}/query",
        data="select * from TaxRate where RateValue > '4'",
        headers={**qbo.headers(), "Content-Type": "application/text"},
    )
    rates = reply.json()["QueryResponse"]["TaxRate"]
    assert {r["RateValue"] for r in rates} == {20, 5}


def test_query_filters_on_last_updated_time(qbo):
    later = qbo.query(
        "select * from Customer "
        "where MetaData.LastUpdatedTime > '2999-01-01T00:00:00-08:00'"
    )
    assert later == {}
    assert qbo.query(
        "select * from Customer where MetaData.LastUpdatedTime > '2000-01-01T00:00:00'"
    )["Customer"]


@pytest.mark.parametrize(
    "text",
    [
        "select * from Customer where DisplayName = 'x' or Active = true",
        "delete from Customer",
        "select * from Customer where",
        "select * from Customer; drop table x",
        "",
    ],
)
def test_bad_queries_get_4000(qbo, text):
    error = fault(qbo.get("query", query=text))
    assert error["code"] == "4000"
    assert error["Message"] == "Error parsing query"


def test_tax_codes_and_rates_are_read_only(qbo):
    error = fault(qbo.post("taxcode", {"Name": "New"}))
    assert error["code"] == "500"
    assert error["Message"] == "Unsupported Operation"


def test_minorversion_is_accepted_at_any_value(qbo):
    assert (
        qbo.get("query", query="select * from Item", minorversion="4").status_code
        == 200
    )
    assert (
        qbo.get("query", query="select * from Item", minorversion="75").status_code
        == 200
    )
