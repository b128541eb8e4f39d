"""The sync error catalogue: what each provider message means, and the FAQ page."""

import json
import re

import pytest
import requests
from markupsafe import escape

from app.providers.http import RETRYABLE, STATUS_CODES
from app.providers.quickbooks import wire as quickbooks_wire
from app.providers.registry import PROVIDERS, packages_giving
from app.providers.xero import wire as xero_wire
from app.sync import catalogue, failures

# Every validation message the Xero sandbox emits (sandbox/xero/*.py), as
# Xero's batch reply carries it, with the entry it must land on.
XERO_MESSAGES = [
    ("Account code '999' is not a valid code for this document.",
     "account_code_invalid"),
    ("Account must be valid.", "account_code_invalid"),
    ("The TaxType code 'OUTPUT9' does not exist or cannot be used for this type of "
     "transaction.", "tax_code_invalid"),
    ("The TaxType code 'INPUT2' cannot be used with account code '200'.",
     "tax_type_account_mismatch"),
    ("The quantity value '-1.0000' is invalid. Quantity must not be less than zero.",
     "invalid_amount"),
    ("The line amount does not equal the quantity multiplied by the unit amount (less "
     "any discount).", "total_mismatch"),
    ("Invoice # must be unique.", "duplicate_document_number"),
    ("Credit Note # must be unique.", "duplicate_document_number"),
    ("Invoice not of valid status for modification", "document_locked"),
    ("Credit Note not of valid status for modification", "document_locked"),
    ("This document cannot be edited as it has a payment or credit note allocated to "
     "it.", "document_locked"),
    ("Payments cannot be edited, only deleted (Status DELETED).", "document_locked"),
    ("The document date cannot be before the period lock date, currently set at "
     "31-Mar-2024", "period_locked"),
    ("The document date cannot be before the end of year lock date, currently set at "
     "31-Mar-2023", "period_locked"),
    ("Organisation is not subscribed to currency EUR", "currency_mismatch"),
    ("The contact name Buzz Lightyear is already assigned to another contact. The "
     "contact name must be unique across all active contacts.",
     "duplicate_contact_name"),
    ("The contact with the specified contact details has been archived. The contact "
     "must be un-archived before creating new invoices or credit notes.",
     "contact_archived"),
    ("Another contact has this contact number. Please enter a different contact "
     "number.", "duplicate_contact_number"),
    ("Contact Name cannot be empty.", "contact_name_missing"),
    ("The Contact must contain at least 1 of the following elements to identify the "
     "contact: Name, ContactID, ContactNumber", "contact_name_missing"),
    ("Email address must be valid.", "contact_details_invalid"),
    ("The contact with the specified ContactID could not be found.", "not_found"),
    ("The contact with the specified ContactNumber could not be found.", "not_found"),
    ("The document with the supplied id was not found for this endpoint.", "not_found"),
    ("This payment has already been deleted.", "not_found"),
    ("Payments can only be made against authorized documents.",
     "payment_not_authorised"),
    ("Only AUTHORISED credit notes can be allocated.", "payment_not_authorised"),
    ("Credit notes can only be allocated to AUTHORISED invoices.",
     "payment_not_authorised"),
    ("Payment amount exceeds the amount outstanding on this document",
     "payment_exceeds_outstanding"),
    ("The amount allocated exceeds the remaining credit.",
     "payment_exceeds_outstanding"),
    ("Payment amount must be greater than zero.", "invalid_amount"),
    ("Amount must be greater than zero.", "invalid_amount"),
    ("Payments can only be made to a bank account or an account with payments "
     "enabled.", "payment_account_invalid"),
    ("The credit note and invoice must be for the same contact.", "customer_mismatch"),
    ("Invoice not of valid status for creation", "invalid_request"),
    ("Invoice Type must be one of: ACCREC, ACCPAY.", "invalid_request"),
    ("The LineAmountTypes value 'Gross' is not valid.", "invalid_request"),
    ("The ContactStatus 'GONE' is not valid.", "invalid_request"),
    ("LineItems must be a list.", "invalid_request"),
    ("Each line item must be an object.", "invalid_request"),
    ("Each element must be an object.", "invalid_request"),
    ("DueDate is not a valid date.", "invalid_request"),
    ("A payment must be for one invoice or one credit note.", "invalid_request"),
    ("This sandbox does not take prepayment or overpayment payments.",
     "invalid_request"),
]  # fmt: skip

# Every fault the QuickBooks sandbox raises (sandbox/quickbooks/*.py): Detail, code.
QBO_FAULTS = [
    ("Duplicate Document Number Error : You must specify a different number. This "
     "number has already been used. DocNumber=1001 is assigned to TxnType=Invoice "
     "with TxnId=12", "6140", "duplicate_document_number"),
    ("The name supplied already exists. : Another customer, vendor or employee is "
     "already using this name.", "6240", "duplicate_contact_name"),
    ("The name supplied already exists. : Another product or service is already "
     "using this name.", "6240", "duplicate_item_name"),
    ("Stale Object Error : You and Sandbox Admin were working on this at the same "
     "time. Sandbox Admin finished before you did, so your work was not saved.",
     "5010", "stale_object"),
    ("The account period has closed and the account books cannot be updated through "
     "the QBO Services API. Please use the QBO website to make these changes.",
     "6210", "period_locked"),
    ("Object Not Found : Something you're trying to use has been made inactive. "
     "Check the fields with accounts, customers, items, vendors or employees.",
     "610", "not_found"),
    ("Invalid Reference Id : Something you're trying to use has been made inactive. "
     "Check the fields with accounts, customers, items, vendors or employees.",
     "2500", "invalid_reference"),
    ("Business Validation Error: Make sure all your transactions have a VAT rate "
     "before you save.", "6000", "tax_code_required"),
    ("Business Validation Error: The transaction needs to be in the same currency as "
     "the A/R and A/P accounts you use.", "6000", "currency_mismatch"),
    ("Business Validation Error: This transaction has payments or credits applied. "
     "Remove them first.", "6000", "document_locked"),
    ("Business Validation Error: The total can't be less than the payments and "
     "credits already applied.", "6000", "document_locked"),
    ("Business Validation Error: You must set a transaction amount.", "6000",
     "invalid_amount"),
    ("Business Validation Error: The amount applied to invoice 1001 (120.00) is more "
     "than its open balance (100.00).", "6000", "payment_exceeds_outstanding"),
    ("Business Validation Error: Credits applied can't be more than the invoices "
     "paid.", "6000", "total_mismatch"),
    ("Business Validation Error: The payment amount is less than the amount applied "
     "to invoices after credits.", "6000", "total_mismatch"),
    ("Business Validation Error: The linked transaction belongs to another "
     "customer.", "6000", "customer_mismatch"),
    ("Business Validation Error: TaxInclusive amounts are not supported by this "
     "sandbox.", "6000", "invalid_request"),
    ("Amount is not equal to UnitPrice * Qty. Supplied value:99.00", "6070",
     "total_mismatch"),
    ("Required parameter DisplayName is missing in the request", "2020",
     "contact_name_missing"),
    ("Required parameter Line is missing in the request", "2020", "invalid_request"),
    ("Invalid Enumeration : TaxIncluded", "2170", "invalid_request"),
    ('Property Name:Unrecognized field "Colour" (class com.intuit.schema.finance.v3.'
     'Invoice), not marked as ignorable specified is unsupported or invalid', "2010",
     "invalid_request"),
    ("Operation merge is not supported.", "500", "invalid_request"),
    ("Batch size exceeds allowed limit. Maximum allowed batch size is 30, received "
     "31.", "1040", "invalid_request"),
    ('QueryParserError: Encountered " FROM " at line 1.', "4000", "invalid_request"),
    ("Duplicate Request ID", "600", "invalid_request"),
    ("Token expired", "3200", "token_expired"),
    ("Malformed bearer token: no bearer token supplied", "3200", "token_expired"),
    ("Authorization Failure", "3100", "authorization_failed"),
]  # fmt: skip

# Replies that are not validation faults: (status, body as the sandbox sends it).
XERO_REPLIES = [
    (401, "TokenExpired: token expired at 04/09/2023 05:16:59", "token_expired"),
    (401, "AuthorizationUnsuccessful", "authorization_failed"),
    (403, "AuthenticationUnsuccessful", "needs_reconnect"),
    (429, "Rate limit exceeded: minute", "rate_limited"),
    (503, "The service is temporarily unavailable.", "provider_unavailable"),
    (502, "Connection reset.", "provider_unavailable"),
    (504, "The request timed out.", "timeout"),
]
QBO_THROTTLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse '
    'xmlns="http://schema.intuit.com/finance/v3"><Fault type="SERVICE"><Error '
    'code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429'
    "</Message><Detail>The request limit was reached.  Try again later</Detail>"
    "</Error></Fault></IntuitResponse>"
)

# Messages users report (domain research) that the sandboxes do not produce.
REPORTED = [
    ("xero", "validation", "Account 'Sales' has been archived, or has been deleted",
     "account_archived"),
    ("xero", "validation", "Account: Business Current - The Code field is required",
     "account_code_required"),
    ("xero", "validation", "You have reached the limit of invoices you can approve",
     "plan_limit"),
    ("xero", "validation", "The invoice total does not equal the sum of the lines.",
     "total_mismatch"),
    ("xero", "validation", 'The UnitAmount value "0.0000" is invalid.',
     "invalid_amount"),
    ("xero", "validation", "Unable to assign an Archived contact.", "contact_archived"),
    ("xero", "validation", "Tax rate must be valid.", "tax_code_invalid"),
    ("xero", "unavailable", "Service Unavailable - Fail to connect - Please try "
     "again later.", "provider_unavailable"),
    ("xero", "auth_revoked", "invalid_grant", "needs_reconnect"),
    ("quickbooks", "validation", "Invalid Line TaxCode in the request - Valid line "
     "TaxCodes for US should be TAX or NON. Supplied value: 8 (code 6100)",
     "tax_code_invalid"),
    ("quickbooks", "validation", "Business Validation Error: Make sure all your "
     "transactions have a GST/HST rate before you save. (code 6000)",
     "tax_code_required"),
    ("quickbooks", "validation", "Invalid account type: You can't associate a product "
     "or service with accounts of certain types (code 6430)", "account_type_invalid"),
    ("quickbooks", "validation", "The currency of the account must be either in home "
     "currency or the transaction currency. (code 6000)", "currency_mismatch"),
    ("quickbooks", "validation", "Accessing Wrong Cluster (code 130)", "wrong_cluster"),
    ("quickbooks", "validation", "Invalid Company Status (code 6190)", "plan_limit"),
    ("quickbooks", "validation", "Deposited Transaction cannot be changed (code 6540)",
     "document_locked"),
    ("quickbooks", "auth_revoked", "Incorrect or invalid refresh token",
     "needs_reconnect"),
    ("quickbooks", "not_found", "QuickBooks has no account numbered 4000.",
     "account_code_invalid"),
]  # fmt: skip

ENGINE_CODES = (
    "dependency_failed customer_not_synced invoice_not_synced nominal_code_unknown "
    "tax_code_unknown before_lock_date customer_archived payment_exceeds_outstanding "
    "no_lines uncertain_write worker_stopped cancelled excluded needs_reconnect "
    "internal queue_unavailable invoice_not_approved void_refused too_many_lines"
).split()


def http_failure(wire, status, text):
    """(our code, message) for a failed reply, as the provider's HTTP layer reads it."""
    response = requests.Response()
    response.status_code = status
    response._content = text.encode()
    code = "unavailable" if status in RETRYABLE else STATUS_CODES.get(status, "unknown")
    code, message, _ = wire.describe(response, code)
    return code, message


@pytest.mark.parametrize(("message", "expected"), XERO_MESSAGES)
def test_every_xero_sandbox_message_has_its_entry(message, expected):
    element = {
        "StatusAttributeString": "ERROR",
        "ValidationErrors": [{"Message": message}],
    }
    error = xero_wire.element_error(element)
    assert failures.classify("xero", error.code, error.message) == expected


@pytest.mark.parametrize(("detail", "fault_code", "expected"), QBO_FAULTS)
def test_every_quickbooks_sandbox_fault_has_its_entry(detail, fault_code, expected):
    fault = {"Error": [{"Message": "x", "Detail": detail, "code": fault_code}]}
    error = quickbooks_wire.fault_error(fault, status=400)
    assert failures.classify("quickbooks", error.code, error.message) == expected


@pytest.mark.parametrize(("status", "detail", "expected"), XERO_REPLIES)
def test_xero_http_failures_have_their_entry(status, detail, expected):
    body = json.dumps({"Title": "x", "Status": status, "Detail": detail})
    code, message = http_failure(xero_wire, status, body)
    assert failures.classify("xero", code, message) == expected


def test_quickbooks_throttle_and_system_fault():
    assert (
        failures.classify(
            "quickbooks", *http_failure(quickbooks_wire, 429, QBO_THROTTLE)
        )
        == "rate_limited"
    )
    fault = {"Error": [{"Detail": "System Failure Error: wait", "code": "10000"}]}
    error = quickbooks_wire.fault_error(fault, status=503)
    assert failures.classify("quickbooks", error.code, error.message) == (
        "provider_unavailable"
    )
    assert failures.classify("quickbooks", "timeout", "Read timed out.") == "timeout"


@pytest.mark.parametrize(("provider", "code", "message", "expected"), REPORTED)
def test_reported_messages_have_their_entry(provider, code, message, expected):
    assert failures.classify(provider, code, message) == expected


def test_the_tables_cover_enough_messages_and_entries():
    assert len(XERO_MESSAGES) + len(QBO_FAULTS) >= 20
    hit = {row[-1] for row in XERO_MESSAGES + QBO_FAULTS + XERO_REPLIES + REPORTED}
    provider_side = set(catalogue.ENTRIES) - set(ENGINE_CODES) - {catalogue.GENERAL}
    assert provider_side - hit == set()


@pytest.mark.parametrize(
    ("provider", "code", "message"),
    [
        ("xero", "validation", "Something nobody has seen before."),
        ("quickbooks", "validation", "Frobnication failed (code 9999)"),
        ("xero", "unknown", ""),
        ("xero", "duplicate", "Duplicate Object"),
        ("xero", "validation", "Stale Object Error"),  # QuickBooks' words, not Xero's
        ("", "unknown", None),
    ],
)
def test_unknown_messages_get_the_general_entry(provider, code, message):
    assert failures.classify(provider, code, message) == catalogue.GENERAL


def test_engine_codes_all_have_entries():
    missing = [code for code in ENGINE_CODES if code not in catalogue.ENTRIES]
    assert missing == []


def test_entries_are_complete_and_handled_right():
    listed = [e.code for _, entries in catalogue.SECTIONS for e in entries]
    assert len(listed) == len(set(listed)) == len(catalogue.ENTRIES)
    assert list(catalogue.ENTRIES)[-1] == catalogue.GENERAL
    for code, entry in catalogue.ENTRIES.items():
        assert entry.code == code
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code), code
        assert entry.title.strip() and entry.cause.strip() and entry.fix.strip()
        assert set(packages_giving(code)) <= set(PROVIDERS)
        assert entry.handling in catalogue.HANDLING
    by_handling = {
        h: {c for c, e in catalogue.ENTRIES.items() if e.handling == h}
        for h in catalogue.HANDLING
    }
    assert by_handling["transient"] == {
        "rate_limited",
        "provider_unavailable",
        "timeout",
    }
    assert by_handling["auth"] == {
        "token_expired",
        "needs_reconnect",
        "authorization_failed",
    }


def test_entry_falls_back_to_general():
    assert catalogue.entry("no_such_code") is catalogue.ENTRIES[catalogue.GENERAL]
    assert catalogue.entry(None).code == catalogue.GENERAL
    assert catalogue.entry("stale_object").code == "stale_object"


def test_explain_gives_one_plain_sentence_never_raw_text():
    raw = (
        "HTTPSConnectionPool(host='api.xero.com', port=443): Read timed out. "
        "(read timeout=30)"
    )
    for code in catalogue.ENTRIES:
        text = failures.explain(code, raw)
        assert "ConnectionPool" not in text
        assert text.endswith((".", "”.")) and text.count(". ") == 0, (code, text)
    said = failures.explain(catalogue.GENERAL, "Frobnication failed (code 9999)")
    assert (
        said
        == "The accounts package refused this record, saying “Frobnication failed”."
    )
    assert failures.explain("no_such_code", "") == failures.explain(catalogue.GENERAL)
    long_text = failures.explain(catalogue.GENERAL, "word " * 100)
    assert len(long_text) < 220


def test_faq_lists_every_entry_with_its_anchor(client, auth, company):
    auth.login_office()
    response = client.get("/help/sync-errors")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for code, entry in catalogue.ENTRIES.items():
        assert f'<section id="{code}"' in page
        assert f'href="#{code}"' in page
        assert str(escape(entry.title)) in page
        assert str(escape(entry.cause)) in page
    assert "Why it happens" in page and "How to fix it" in page


@pytest.mark.parametrize(
    ("provider", "shown", "hidden"),
    [
        ("xero", "contact_archived", "stale_object"),
        ("quickbooks", "stale_object", "contact_archived"),
    ],
)
def test_faq_provider_filter(client, auth, company, provider, shown, hidden):
    auth.login()
    page = client.get(f"/help/sync-errors?provider={provider}").get_data(as_text=True)
    assert f'id="{shown}"' in page
    assert f'id="{hidden}"' not in page
    assert f'id="{catalogue.GENERAL}"' in page
    for code in catalogue.ENTRIES:
        assert (f'<section id="{code}"' in page) == (provider in packages_giving(code))


@pytest.mark.parametrize("value", ["sage", "", "XERO", "<script>", "x" * 500])
def test_faq_ignores_a_bad_filter(client, auth, company, value):
    auth.login()
    response = client.get("/help/sync-errors", query_string={"provider": value})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert all(f'<section id="{code}"' in page for code in catalogue.ENTRIES)
    assert "<script>" not in page.split("<main", 1)[1]


def test_faq_sends_logged_out_people_to_login(client):
    response = client.get("/help/sync-errors")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    hx = client.get("/help/sync-errors", headers={"HX-Request": "true"})
    assert hx.status_code == 401
    assert "/login" in hx.headers["HX-Redirect"]
