"""QuickBooks sandbox payments: balances, credit memos applied, limits on amounts."""

from tests.sandbox.quickbooks_support import fault


def pay(customer, total, *links):
    return {
        "CustomerRef": {"value": customer["Id"]},
        "TotalAmt": total,
        "Line": [
            {"Amount": amount, "LinkedTxn": [{"TxnId": doc["Id"], "TxnType": kind}]}
            for kind, doc, amount in links
        ],
    }


def test_payment_reduces_balance_and_links_back(qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer)  # 120.00 with VAT
    payment = qbo.create("payment", pay(customer, 50, ("Invoice", invoice, 50)))
    assert payment["TotalAmt"] == 50 and payment["UnappliedAmt"] == 0
    assert payment["Line"][0]["LinkedTxn"] == [
        {"TxnId": invoice["Id"], "TxnType": "Invoice"}
    ]
    after = qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]
    assert after["Balance"] == 70
    assert after["SyncToken"] == "1"
    assert {"TxnId": payment["Id"], "TxnType": "Payment"} in after["LinkedTxn"]
    assert qbo.get(f"customer/{customer['Id']}").json()["Customer"]["Balance"] == 70


def test_payment_beyond_balance_is_refused(qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer)
    error = fault(qbo.post("payment", pay(customer, 200, ("Invoice", invoice, 120.01))))
    assert error["code"] == "6000"
    assert "more than its open balance" in error["Detail"]
    assert qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]["Balance"] == 120


def test_extra_cash_is_left_unapplied(qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer)
    payment = qbo.create("payment", pay(customer, 150, ("Invoice", invoice, 120)))
    assert payment["UnappliedAmt"] == 30
    assert qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]["Balance"] == 0
    assert (
        fault(qbo.post("payment", pay(customer, 10, ("Invoice", invoice, 20))))["code"]
        == "6000"
    )


def test_zero_payment_applies_a_credit_memo_to_an_invoice(qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer)  # 120
    memo = qbo.invoice(
        customer, resource="creditmemo", lines=[qbo.line(price=25)]
    )  # 30
    payment = qbo.create(
        "payment", pay(customer, 0, ("Invoice", invoice, 30), ("CreditMemo", memo, 30))
    )
    assert payment["TotalAmt"] == 0 and payment["UnappliedAmt"] == 0
    assert qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]["Balance"] == 90
    memo_after = qbo.get(f"creditmemo/{memo['Id']}").json()["CreditMemo"]
    assert memo_after["RemainingCredit"] == 0 and memo_after["Balance"] == 0
    assert qbo.get(f"customer/{customer['Id']}").json()["Customer"]["Balance"] == 90
    # The memo has no credit left to give.
    again = pay(customer, 0, ("Invoice", invoice, 1), ("CreditMemo", memo, 1))
    assert fault(qbo.post("payment", again))["code"] == "6000"


def test_payment_update_and_delete_restore_balances(qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer)
    payment = qbo.create("payment", pay(customer, 100, ("Invoice", invoice, 100)))
    changed = qbo.create(
        "payment",
        {
            **pay(customer, 40, ("Invoice", invoice, 40)),
            "Id": payment["Id"],
            "SyncToken": "0",
        },
    )
    assert changed["SyncToken"] == "1"
    paid = qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]
    assert paid["Balance"] == 80
    locked = fault(
        qbo.post(
            "invoice",
            {"Id": invoice["Id"], "SyncToken": paid["SyncToken"]},
            operation="delete",
        )
    )
    assert locked["code"] == "6000"
    qbo.create("payment", {"Id": payment["Id"], "SyncToken": "1"}, operation="delete")
    after = qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]
    assert after["Balance"] == 120
    assert not any(link["TxnType"] == "Payment" for link in after["LinkedTxn"])


def test_payment_needs_customer_total_and_real_documents(qbo):
    customer = qbo.customer()
    assert fault(qbo.post("payment", {"TotalAmt": 5}))["code"] == "2020"
    assert (
        fault(qbo.post("payment", {"CustomerRef": {"value": customer["Id"]}}))[
            "element"
        ]
        == "TotalAmt"
    )
    ghost = {"Id": "99999999"}
    error = fault(qbo.post("payment", pay(customer, 5, ("Invoice", ghost, 5))))
    assert error["code"] == "2500"
    someone_else = qbo.query("select * from Customer")["Customer"][1]
    invoice = qbo.invoice(someone_else)
    assert (
        fault(qbo.post("payment", pay(customer, 5, ("Invoice", invoice, 5))))["code"]
        == "6000"
    )


def test_invoice_total_cannot_drop_below_what_was_paid(qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer)
    qbo.create("payment", pay(customer, 100, ("Invoice", invoice, 100)))
    smaller = {
        "Id": invoice["Id"],
        "SyncToken": "1",
        "sparse": True,
        "Line": [qbo.line(price=10)],
    }
    assert fault(qbo.post("invoice", smaller))["code"] == "6000"


def test_payment_void_frees_the_invoice(qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer)
    payment = qbo.create("payment", pay(customer, 120, ("Invoice", invoice, 120)))
    voided = qbo.create(
        "payment",
        {"Id": payment["Id"], "SyncToken": "0", "sparse": True},
        operation="update",
        include="void",
    )
    assert voided["TotalAmt"] == 0 and voided["PrivateNote"] == "Voided"
    assert qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]["Balance"] == 120


def test_two_lines_on_one_invoice_cannot_overpay_it(qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer)
    twice = pay(customer, 200, ("Invoice", invoice, 100), ("Invoice", invoice, 100))
    assert fault(qbo.post("payment", twice))["code"] == "6000"


def test_foreign_currency_is_refused_without_multicurrency(qbo):
    customer = qbo.customer()
    dollars = {**pay(customer, 5), "CurrencyRef": {"value": "USD"}}
    error = fault(qbo.post("payment", dollars))
    assert error["code"] == "6000" and "same currency" in error["Detail"]
    assert qbo.invoice(customer, CurrencyRef={"value": "GBP"})["TotalAmt"] == 120
