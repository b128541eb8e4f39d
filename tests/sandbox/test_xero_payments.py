"""Xero sandbox payments, credit notes and allocations."""

import pytest

from tests.sandbox.test_xero_invoices import contact_id, invoice, messages

EXCEEDS = "Payment amount exceeds the amount outstanding on this document"

pytestmark = pytest.mark.usefixtures("xero_traffic_fits_the_spec")


def authorised_invoice(api, **fields):
    reply = api.put("Invoices", {"Invoices": [invoice(api, **fields)]})
    return reply.json()["Invoices"][0]  # £204.00 (2 x £85 + VAT)


def pay(api, invoice_id, amount, code="090", **extra):
    body = {
        "Invoice": {"InvoiceID": invoice_id},
        "Account": {"Code": code},
        "Date": "2026-11-10",
        "Amount": amount,
    }
    body.update(extra)
    return api.put(
        "Payments", {"Payments": [body]}, params={"summarizeErrors": "false"}
    )


def test_part_then_full_payment_marks_invoice_paid(api):
    inv = authorised_invoice(api)
    first = pay(api, inv["InvoiceID"], 100).json()["Payments"][0]
    assert first["StatusAttributeString"] == "OK"
    assert first["PaymentType"] == "ACCRECPAYMENT"
    assert first["Status"] == "AUTHORISED"
    assert first["Amount"] == 100.0
    assert first["Account"]["Code"] == "090"
    assert first["Invoice"]["AmountDue"] == 104.0
    assert first["Invoice"]["AmountPaid"] == 100.0
    second = pay(api, inv["InvoiceID"], 104).json()["Payments"][0]
    assert second["Invoice"]["Status"] == "PAID"
    paid = api.get(f"Invoices/{inv['InvoiceID']}").json()["Invoices"][0]
    assert paid["Status"] == "PAID" and paid["AmountDue"] == 0.0
    assert len(paid["Payments"]) == 2
    assert paid["FullyPaidOnDate"].startswith("/Date(")
    change = api.post(
        f"Invoices/{inv['InvoiceID']}", {"Invoices": [{"Reference": "edit"}]}
    )
    assert messages(change.json()["Elements"][0]) == [
        "Invoice not of valid status for modification"
    ]


def test_payment_beyond_amount_due_is_refused(api):
    inv = authorised_invoice(api)
    reply = pay(api, inv["InvoiceID"], 204.01).json()["Payments"][0]
    assert reply["StatusAttributeString"] == "ERROR"
    assert reply["HasValidationErrors"] is True
    assert messages(reply) == [EXCEEDS]
    summarised = api.put(
        "Payments",
        {
            "Payments": [
                {
                    "Invoice": {"InvoiceID": inv["InvoiceID"]},
                    "Account": {"Code": "090"},
                    "Amount": 500,
                }
            ]
        },
    )
    assert summarised.status_code == 400
    assert messages(summarised.json()["Elements"][0]) == [EXCEEDS]


def test_payments_only_against_authorised_documents(api):
    draft = authorised_invoice(api, Status="DRAFT")
    reply = pay(api, draft["InvoiceID"], 10).json()["Payments"][0]
    assert messages(reply) == [
        "Payments can only be made against authorized documents."
    ]


def test_payment_needs_a_bank_account(api):
    inv = authorised_invoice(api)
    reply = pay(api, inv["InvoiceID"], 10, code="200").json()["Payments"][0]
    assert reply["StatusAttributeString"] == "ERROR"
    owner = pay(api, inv["InvoiceID"], 10, code="970").json()["Payments"][0]
    assert owner["StatusAttributeString"] == "OK"  # EnablePaymentsToAccount


def test_payment_by_invoice_number_with_single_post_body(api):
    inv = authorised_invoice(api)
    body = {
        "Invoice": {"InvoiceNumber": inv["InvoiceNumber"]},
        "Account": {"Code": "090"},
        "Amount": 4,
    }
    reply = api.post("Payments", body)
    assert reply.status_code == 200
    assert reply.json()["Payments"][0]["Invoice"]["AmountDue"] == 200.0


def test_payment_locked_period(api, sandbox_url, http):
    inv = authorised_invoice(api)
    url = f"{sandbox_url}/xero/_admin/organisations/{api.tenant_id}/lock-dates"
    http.put(url, json={"PeriodLockDate": "2026-11-30"})
    reply = pay(api, inv["InvoiceID"], 10).json()["Payments"][0]
    assert messages(reply) == [
        "The document date cannot be before the period lock date, currently set "
        "at 30-Nov-2026"
    ]


def test_delete_payment_reopens_the_invoice(api):
    inv = authorised_invoice(api)
    payment = pay(api, inv["InvoiceID"], 204).json()["Payments"][0]
    assert payment["Invoice"]["Status"] == "PAID"
    reply = api.post(f"Payments/{payment['PaymentID']}", {"Status": "DELETED"})
    assert reply.status_code == 200
    assert reply.json()["Payments"][0]["Status"] == "DELETED"
    reopened = api.get(f"Invoices/{inv['InvoiceID']}").json()["Invoices"][0]
    assert reopened["Status"] == "AUTHORISED" and reopened["AmountDue"] == 204.0
    listed = api.get("Payments", params={"where": 'Status=="DELETED"'}).json()[
        "Payments"
    ]
    assert [p["PaymentID"] for p in listed] == [payment["PaymentID"]]
    edit = api.post(f"Payments/{payment['PaymentID']}", {"Amount": 3})
    assert edit.status_code == 400


def credit_note(
    api, status="AUTHORISED", amount=50, contact="Acme Property Management"
):
    body = {
        "Type": "ACCRECCREDIT",
        "Contact": {"ContactID": contact_id(api, contact)},
        "Date": "2026-11-05",
        "Status": status,
        "LineItems": [
            {
                "Description": "Goodwill",
                "Quantity": 1,
                "UnitAmount": amount,
                "AccountCode": "200",
                "TaxType": "OUTPUT2",
            }
        ],
    }
    reply = api.put(
        "CreditNotes", {"CreditNotes": [body]}, params={"summarizeErrors": "false"}
    )
    return reply.json()["CreditNotes"][0]


def allocate(api, credit_id, invoice_id, amount):
    body = {
        "Allocations": [
            {
                "Invoice": {"InvoiceID": invoice_id},
                "Amount": amount,
                "Date": "2026-11-06",
            }
        ]
    }
    return api.put(f"CreditNotes/{credit_id}/Allocations", body)


def test_credit_note_numbering_and_totals(api):
    created = credit_note(api)
    assert created["StatusAttributeString"] == "OK"
    assert created["CreditNoteNumber"] == "CN-0001"
    assert created["Total"] == 60.0 and created["RemainingCredit"] == 60.0
    listed = api.get("CreditNotes").json()["CreditNotes"]
    assert [c["CreditNoteNumber"] for c in listed] == ["CN-0001"]


def test_allocate_credit_note_to_invoice(api):
    inv = authorised_invoice(api)
    credit = credit_note(api)
    reply = allocate(api, credit["CreditNoteID"], inv["InvoiceID"], 60)
    assert reply.status_code == 200
    allocation = reply.json()["Allocations"][0]
    assert allocation["Amount"] == 60.0
    assert allocation["Invoice"]["InvoiceID"] == inv["InvoiceID"]
    assert allocation["CreditNote"]["CreditNoteID"] == credit["CreditNoteID"]
    after = api.get(f"Invoices/{inv['InvoiceID']}").json()["Invoices"][0]
    assert after["AmountCredited"] == 60.0 and after["AmountDue"] == 144.0
    assert after["CreditNotes"][0]["CreditNoteID"] == credit["CreditNoteID"]
    spent = api.get(f"CreditNotes/{credit['CreditNoteID']}").json()["CreditNotes"][0]
    assert spent["RemainingCredit"] == 0.0 and spent["Status"] == "PAID"
    change = api.post(
        f"Invoices/{inv['InvoiceID']}", {"Invoices": [{"Status": "VOIDED"}]}
    )
    assert messages(change.json()["Elements"][0]) == [
        "This document cannot be edited as it has a payment or credit note "
        "allocated to it."
    ]


def test_allocation_rules(api):
    inv = authorised_invoice(api)
    draft = credit_note(api, status="DRAFT")
    reply = allocate(api, draft["CreditNoteID"], inv["InvoiceID"], 10)
    assert reply.status_code == 400
    assert messages(reply.json()["Elements"][0]) == [
        "Only AUTHORISED credit notes can be allocated."
    ]
    credit = credit_note(api)
    too_much = allocate(api, credit["CreditNoteID"], inv["InvoiceID"], 61)
    assert messages(too_much.json()["Elements"][0]) == [
        "The amount allocated exceeds the remaining credit."
    ]
    assert too_much.json()["Elements"][0]["Amount"] == 61  # echoed as sent
    other = credit_note(api, contact="Dale Bakery")
    wrong_contact = allocate(api, other["CreditNoteID"], inv["InvoiceID"], 5)
    assert messages(wrong_contact.json()["Elements"][0]) == [
        "The credit note and invoice must be for the same contact."
    ]
    missing = api.put(
        "CreditNotes/6b4a7a1e-0000-4000-8000-000000000000/Allocations",
        {"Allocations": []},
    )
    assert missing.status_code == 404


def test_refund_of_a_credit_note_is_a_payment(api):
    credit = credit_note(api)
    body = {
        "CreditNote": {"CreditNoteID": credit["CreditNoteID"]},
        "Account": {"Code": "090"},
        "Amount": 20,
    }
    reply = api.put("Payments", {"Payments": [body]}).json()["Payments"][0]
    assert reply["PaymentType"] == "ARCREDITPAYMENT"
    assert reply["CreditNote"]["RemainingCredit"] == 40.0


def test_delete_allocation_restores_both_balances(api):
    inv = authorised_invoice(api)
    credit = credit_note(api)
    allocation = allocate(api, credit["CreditNoteID"], inv["InvoiceID"], 60).json()
    allocation_id = allocation["Allocations"][0]["AllocationID"]
    path = f"CreditNotes/{credit['CreditNoteID']}/Allocations/{allocation_id}"
    reply = api.call("DELETE", path)
    assert reply.status_code == 200
    assert reply.json()["IsDeleted"] is True
    assert reply.json()["AllocationID"] == allocation_id
    restored = api.get(f"CreditNotes/{credit['CreditNoteID']}").json()["CreditNotes"][0]
    assert restored["Status"] == "AUTHORISED" and restored["RemainingCredit"] == 60.0
    invoice_after = api.get(f"Invoices/{inv['InvoiceID']}").json()["Invoices"][0]
    assert invoice_after["AmountDue"] == 204.0 and invoice_after["CreditNotes"] == []
    assert api.call("DELETE", path).status_code == 404
