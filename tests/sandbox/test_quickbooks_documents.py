"""QuickBooks sandbox writes: invoices, credit memos, customers and their rules."""

from tests.sandbox.quickbooks_support import fault


def test_invoice_amounts_uk_vat_and_subtotal(qbo):
    reduced = qbo.tax_code("5.0% R")
    invoice = qbo.invoice(
        lines=[
            qbo.line(qty=1.5, price=33.33),  # 49.995 -> 50.00
            qbo.line(qty=3, price=10, tax=reduced),
            {"DetailType": "DescriptionOnly", "Description": "Visit on 3 March"},
        ],
        DocNumber="INV-00001",
        TxnDate="2026-03-03",
    )
    lines = invoice["Line"]
    assert [line["Amount"] for line in lines if "Amount" in line][:2] == [50, 30]
    assert lines[0]["Id"] == "1" and lines[0]["LineNum"] == 1
    assert lines[0]["SalesItemLineDetail"]["ItemRef"]["name"] == "Annual boiler service"
    assert lines[-1] == {
        "Amount": 80,
        "DetailType": "SubTotalLineDetail",
        "SubTotalLineDetail": {},
    }
    tax = invoice["TxnTaxDetail"]
    assert tax["TotalTax"] == 11.5  # 20% of 50 + 5% of 30
    assert sorted(t["TaxLineDetail"]["TaxPercent"] for t in tax["TaxLine"]) == [5, 20]
    assert invoice["TotalAmt"] == 91.5 and invoice["Balance"] == 91.5
    assert invoice["DueDate"] == "2026-04-02"
    assert invoice["CurrencyRef"]["value"] == "GBP"
    assert invoice["CustomerRef"]["name"]


def test_amount_must_equal_qty_times_unit_price(qbo):
    error = fault(
        qbo.post(
            "invoice",
            {
                "CustomerRef": {"value": qbo.customer()["Id"]},
                "Line": [qbo.line(qty=2, price=10, amount=25)],
            },
        )
    )
    assert error["code"] == "6070"
    assert "Amount is not equal to UnitPrice * Qty" in error["Detail"]


def test_item_price_is_used_when_none_given(qbo):
    invoice = qbo.invoice(lines=[qbo.line(qty=2)])
    assert invoice["Line"][0]["Amount"] == 170  # 2 x 85.00


def test_uk_lines_need_a_vat_code(qbo):
    line = qbo.line(price=10)
    del line["SalesItemLineDetail"]["TaxCodeRef"]
    error = fault(
        qbo.post(
            "invoice", {"CustomerRef": {"value": qbo.customer()["Id"]}, "Line": [line]}
        )
    )
    assert error["code"] == "6000"
    assert error["Message"] == (
        "A business validation error has occurred while processing your request"
    )
    assert error["Detail"] == (
        "Business Validation Error: Make sure all your transactions have a VAT rate "
        "before you save."
    )


def test_required_and_invalid_references(qbo):
    error = fault(qbo.post("invoice", {"Line": [qbo.line(price=1)]}))
    assert error["code"] == "2020" and error["element"] == "CustomerRef"
    error = fault(qbo.post("invoice", {"CustomerRef": {"value": qbo.customer()["Id"]}}))
    assert error["code"] == "2020"
    assert error["Detail"] == "Required parameter Line is missing in the request"
    bad_item = qbo.line(price=1, item={"Id": "99999999"})
    error = fault(
        qbo.post(
            "invoice",
            {"CustomerRef": {"value": qbo.customer()["Id"]}, "Line": [bad_item]},
        )
    )
    assert error["code"] == "2500"
    assert error["Message"] == "Invalid Reference Id"
    assert error["element"] == "Line.SalesItemLineDetail.ItemRef"
    inactive = qbo.query("select * from Customer where Active = false")["Customer"][0]
    error = fault(
        qbo.post(
            "invoice",
            {"CustomerRef": {"value": inactive["Id"]}, "Line": [qbo.line(price=1)]},
        )
    )
    assert error["code"] == "2500" and error["element"] == "CustomerRef"


def test_unreadable_body_is_refused(qbo):
    reply = qbo.http.post(
        f"{qbo.url}/invoice",
        data="{not json",
        headers={**qbo.headers(), "Content-Type": "application/json"},
    )
    assert fault(reply)["code"] == "2010"
    assert fault(qbo.post("batch", ["a list"]))["code"] == "2010"


def test_unknown_field_is_refused_like_qbo(qbo):
    error = fault(
        qbo.post(
            "invoice",
            {
                "CustomerRef": {"value": qbo.customer()["Id"]},
                "Line": [qbo.line(price=1)],
                "Amount": 5,
            },
        )
    )
    assert error["code"] == "2010"
    assert 'Unrecognized field "Amount"' in error["Detail"]


def test_duplicate_doc_number_names_txn_type_and_id(qbo):
    first = qbo.invoice(DocNumber="1234")
    error = fault(
        qbo.post(
            "creditmemo",
            {
                "CustomerRef": {"value": qbo.customer()["Id"]},
                "Line": [qbo.line(price=5)],
                "DocNumber": "1234",
            },
        )
    )
    assert error["code"] == "6140"
    assert error["Message"] == "Duplicate Document Number Error"
    assert error["Detail"] == (
        "Duplicate Document Number Error : You must specify a different number. "
        "This number has already been used. DocNumber=1234 is assigned to "
        f"TxnType=Invoice with TxnId={first['Id']}"
    )


def test_auto_numbering_continues_after_the_highest_number(qbo):
    qbo.invoice(DocNumber="2040")
    assert qbo.invoice()["DocNumber"] == "2041"


def test_sync_token_sparse_and_full_updates(qbo):
    invoice = qbo.invoice(DocNumber="S-1", PrivateNote="first")
    sparse = qbo.create(
        "invoice",
        {
            "Id": invoice["Id"],
            "SyncToken": "0",
            "sparse": True,
            "PrivateNote": "second",
        },
    )
    assert sparse["SyncToken"] == "1"
    assert sparse["PrivateNote"] == "second"
    assert sparse["TotalAmt"] == invoice["TotalAmt"]  # lines kept
    stale = fault(
        qbo.post(
            "invoice",
            {
                "Id": invoice["Id"],
                "SyncToken": "0",
                "sparse": True,
                "PrivateNote": "lost",
            },
        )
    )
    assert stale["code"] == "5010"
    assert stale["Message"] == "Stale Object Error"
    assert stale["Detail"].startswith("Stale Object Error : You and ")
    full = qbo.create(
        "invoice",
        {
            "Id": invoice["Id"],
            "SyncToken": "1",
            "CustomerRef": invoice["CustomerRef"],
            "Line": [qbo.line(qty=2, price=10)],
        },
    )
    assert full["SyncToken"] == "2"
    assert "PrivateNote" not in full  # a full update clears omitted fields
    assert full["DocNumber"] == "S-1"
    assert full["TotalAmt"] == 24
    assert fault(qbo.post("invoice", {"Id": invoice["Id"], "sparse": True}))[
        "code"
    ] == ("2020")


def test_delete_and_void_transactions(qbo):
    invoice = qbo.invoice(DocNumber="DEL-1")
    deleted = qbo.create(
        "invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="delete"
    )
    assert deleted == {"domain": "QBO", "status": "Deleted", "Id": invoice["Id"]}
    assert fault(qbo.get(f"invoice/{invoice['Id']}"))["code"] == "610"
    assert qbo.invoice(DocNumber="DEL-1")["DocNumber"] == "DEL-1"  # number freed
    other = qbo.invoice()
    voided = qbo.create(
        "invoice", {"Id": other["Id"], "SyncToken": "0"}, operation="void"
    )
    assert voided["TotalAmt"] == 0 and voided["Balance"] == 0
    assert voided["PrivateNote"] == "Voided"


def test_closed_books_refuse_old_transactions(qbo, sandbox_url):
    url = f"{sandbox_url}/quickbooks/_admin/companies/{qbo.realm}/book-close-date"
    old = qbo.invoice(TxnDate="2024-01-15")
    assert qbo.http.put(url, json={"BookCloseDate": "2024-03-31"}).status_code == 200
    prefs = qbo.get("preferences").json()["Preferences"]
    assert prefs["AccountingInfoPrefs"]["BookCloseDate"] == "2024-03-31"
    error = fault(
        qbo.post(
            "invoice",
            {
                "CustomerRef": {"value": qbo.customer()["Id"]},
                "Line": [qbo.line(price=1)],
                "TxnDate": "2024-03-31",
            },
        )
    )
    assert error["code"] == "6210"
    assert error["Message"] == "Account Period Closed"
    edit = {"Id": old["Id"], "SyncToken": "0", "sparse": True, "TxnDate": "2024-06-01"}
    assert fault(qbo.post("invoice", edit))["code"] == "6210"
    assert qbo.invoice(TxnDate="2024-04-01")["TxnDate"] == "2024-04-01"
    assert qbo.http.put(url, json={"BookCloseDate": "31/03/2024"}).status_code == 400
    qbo.http.put(url, json={"BookCloseDate": None})
    assert qbo.invoice(TxnDate="2024-01-15")


def test_credit_memo_has_remaining_credit(qbo):
    memo = qbo.invoice(resource="creditmemo", lines=[qbo.line(price=50)])
    assert memo["TotalAmt"] == 60 and memo["RemainingCredit"] == 60
    assert memo["Balance"] == 60
    assert "DueDate" not in memo


def test_tax_calculation_modes(qbo):
    outside = qbo.invoice(GlobalTaxCalculation="NotApplicable")
    assert outside["TxnTaxDetail"]["TotalTax"] == 0 and outside["TotalAmt"] == 100
    body = {"CustomerRef": {"value": qbo.customer()["Id"]}, "Line": [qbo.line(price=1)]}
    inclusive = fault(
        qbo.post("invoice", {**body, "GlobalTaxCalculation": "TaxInclusive"})
    )
    assert inclusive["code"] == "6000"
    assert (
        fault(qbo.post("invoice", {**body, "GlobalTaxCalculation": "Gross"}))["code"]
        == "2170"
    )
