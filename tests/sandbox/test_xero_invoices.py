"""Xero sandbox invoices: creation, totals, batches, Xero's rules and messages."""

import pytest

pytestmark = pytest.mark.usefixtures("xero_traffic_fits_the_spec")


def contact_id(api, name):
    reply = api.get(
        "Contacts", params={"where": f'Name=="{name}"', "includeArchived": "true"}
    )
    return reply.json()["Contacts"][0]["ContactID"]


def invoice(api, contact="Acme Property Management", lines=None, **fields):
    body = {
        "Type": "ACCREC",
        "Contact": {"ContactID": contact_id(api, contact)},
        "Date": "2026-11-02",
        "DueDate": "2026-12-02",
        "Status": "AUTHORISED",
        "LineItems": lines
        or [
            {
                "Description": "Boiler service",
                "Quantity": 2,
                "UnitAmount": 85,
                "AccountCode": "200",
                "TaxType": "OUTPUT2",
            }
        ],
    }
    body.update(fields)
    return body


def messages(element):
    return [e["Message"] for e in element["ValidationErrors"]]


def test_put_creates_an_authorised_invoice_with_xero_numbering(api):
    reply = api.put(
        "Invoices", {"Invoices": [invoice(api)]}, params={"summarizeErrors": "false"}
    )
    assert reply.status_code == 200
    created = reply.json()["Invoices"][0]
    assert created["StatusAttributeString"] == "OK"
    assert created["HasErrors"] is False
    assert created["InvoiceNumber"] == "INV-0003"
    assert created["Status"] == "AUTHORISED"
    assert (created["SubTotal"], created["TotalTax"], created["Total"]) == (
        170.0,
        34.0,
        204.0,
    )
    assert created["AmountDue"] == 204.0 and created["AmountPaid"] == 0.0
    assert created["LineItems"][0]["LineItemID"]
    assert created["Contact"]["Name"] == "Acme Property Management"
    assert created["DateString"] == "2026-11-02T00:00:00"
    fetched = api.get(f"Invoices/{created['InvoiceID']}").json()["Invoices"][0]
    assert fetched["Total"] == 204.0


def test_tax_is_rounded_per_line_then_added(api):
    lines = [
        {
            "Description": f"Part {n}",
            "Quantity": 1,
            "UnitAmount": 1.03,
            "AccountCode": "200",
            "TaxType": "OUTPUT2",
        }
        for n in range(3)
    ]
    created = api.put("Invoices", {"Invoices": [invoice(api, lines=lines)]}).json()[
        "Invoices"
    ][0]
    assert [line["TaxAmount"] for line in created["LineItems"]] == [0.21, 0.21, 0.21]
    assert created["TotalTax"] == 0.63  # not round(3.09 * 20%) = 0.62
    assert created["Total"] == 3.72


def test_inclusive_and_no_tax_line_amount_types(api):
    line = {
        "Description": "Call-out",
        "Quantity": 1,
        "UnitAmount": 120,
        "AccountCode": "200",
        "TaxType": "OUTPUT2",
    }
    inclusive = api.put(
        "Invoices",
        {"Invoices": [invoice(api, lines=[line], LineAmountTypes="Inclusive")]},
    )
    body = inclusive.json()["Invoices"][0]
    assert (body["SubTotal"], body["TotalTax"], body["Total"]) == (100.0, 20.0, 120.0)
    no_tax = api.put(
        "Invoices", {"Invoices": [invoice(api, lines=[line], LineAmountTypes="NoTax")]}
    )
    body = no_tax.json()["Invoices"][0]
    assert (body["TotalTax"], body["Total"], body["LineItems"][0]["TaxType"]) == (
        0.0,
        120.0,
        "NONE",
    )
    reduced = dict(line, TaxType="RROUTPUT")
    body = api.put("Invoices", {"Invoices": [invoice(api, lines=[reduced])]}).json()[
        "Invoices"
    ][0]
    assert body["TotalTax"] == 6.0


def test_tax_type_defaults_from_the_account(api):
    line = {
        "Description": "Service",
        "Quantity": 1,
        "UnitAmount": 50,
        "AccountCode": "200",
    }
    body = api.put("Invoices", {"Invoices": [invoice(api, lines=[line])]}).json()[
        "Invoices"
    ][0]
    assert body["LineItems"][0]["TaxType"] == "OUTPUT2"
    assert body["TotalTax"] == 10.0


def test_duplicate_invoice_number_is_a_validation_exception(api):
    reply = api.put("Invoices", {"Invoices": [invoice(api, InvoiceNumber="INV-00003")]})
    assert reply.status_code == 400
    body = reply.json()
    assert body["ErrorNumber"] == 10
    assert body["Type"] == "ValidationException"
    assert body["Message"] == "A validation exception occurred"
    element = body["Elements"][0]
    assert messages(element) == ["Invoice # must be unique."]
    assert element["InvoiceID"] == "00000000-0000-0000-0000-000000000000"
    assert element["HasErrors"] is True


def test_summarize_errors_false_gives_per_element_results(api):
    good = invoice(api, InvoiceNumber="WEB-1")
    bad = invoice(api, InvoiceNumber="INV-0001")
    reply = api.put(
        "Invoices", {"Invoices": [good, bad]}, params={"summarizeErrors": "false"}
    )
    assert reply.status_code == 200
    first, second = reply.json()["Invoices"]
    assert first["StatusAttributeString"] == "OK" and first["HasErrors"] is False
    assert second["StatusAttributeString"] == "ERROR" and second["HasErrors"] is True
    assert messages(second) == ["Invoice # must be unique."]


def test_summarised_batch_still_creates_the_valid_elements(api):
    good = invoice(api, InvoiceNumber="WEB-2")
    bad = invoice(api, InvoiceNumber="INV-0001")
    reply = api.put("Invoices", {"Invoices": [good, bad]})
    assert reply.status_code == 400
    assert len(reply.json()["Elements"]) == 1
    found = api.get("Invoices", params={"InvoiceNumbers": "WEB-2"}).json()["Invoices"]
    assert len(found) == 1  # created, though the reply did not say so


def test_duplicate_number_within_one_batch(api):
    reply = api.put(
        "Invoices",
        {
            "Invoices": [
                invoice(api, InvoiceNumber="WEB-3"),
                invoice(api, InvoiceNumber="WEB-3"),
            ]
        },
        params={"summarizeErrors": "false"},
    )
    statuses = [i["StatusAttributeString"] for i in reply.json()["Invoices"]]
    assert statuses == ["OK", "ERROR"]


@pytest.mark.parametrize("code", ["999", "265", "090", "610"])
def test_account_code_must_be_valid_active_and_right_for_sales(api, code):
    line = {
        "Description": "x",
        "Quantity": 1,
        "UnitAmount": 10,
        "AccountCode": code,
        "TaxType": "OUTPUT2",
    }
    reply = api.put("Invoices", {"Invoices": [invoice(api, lines=[line])]})
    assert reply.status_code == 400
    assert messages(reply.json()["Elements"][0]) == [
        f"Account code '{code}' is not a valid code for this document."
    ]


def test_authorised_invoice_needs_an_account(api):
    line = {"Description": "x", "Quantity": 1, "UnitAmount": 10}
    reply = api.put("Invoices", {"Invoices": [invoice(api, lines=[line])]})
    assert messages(reply.json()["Elements"][0]) == ["Account must be valid."]
    draft = api.put(
        "Invoices", {"Invoices": [invoice(api, lines=[line], Status="DRAFT")]}
    )
    assert draft.status_code == 200


@pytest.mark.parametrize("tax_type", ["XYZ", "INPUT2", "OUTPUT"])
def test_tax_type_must_exist_and_fit_a_sale(api, tax_type):
    line = {
        "Description": "x",
        "Quantity": 1,
        "UnitAmount": 10,
        "AccountCode": "200",
        "TaxType": tax_type,
    }
    reply = api.put("Invoices", {"Invoices": [invoice(api, lines=[line])]})
    assert messages(reply.json()["Elements"][0]) == [
        f"The TaxType code '{tax_type}' does not exist or cannot be used for this "
        "type of transaction."
    ]


def test_tax_type_must_fit_the_account(api):
    line = {
        "Description": "x",
        "Quantity": 1,
        "UnitAmount": 10,
        "AccountCode": "400",
        "TaxType": "OUTPUT2",
    }
    reply = api.put("Invoices", {"Invoices": [invoice(api, lines=[line])]})
    assert messages(reply.json()["Elements"][0]) == [
        "The TaxType code 'OUTPUT2' cannot be used with account code '400'."
    ]


def test_archived_contact_cannot_be_invoiced(api):
    reply = api.put("Invoices", {"Invoices": [invoice(api, contact="Lakeside Hotel")]})
    assert messages(reply.json()["Elements"][0]) == [
        "The contact with the specified contact details has been archived. The contact "
        "must be un-archived before creating new invoices or credit notes."
    ]


def test_contact_must_be_identified(api):
    body = invoice(api)
    body["Contact"] = {}
    reply = api.put("Invoices", {"Invoices": [body]})
    assert messages(reply.json()["Elements"][0]) == [
        "The Contact must contain at least 1 of the following elements to identify the "
        "contact: Name, ContactID, ContactNumber"
    ]


def test_contact_by_name_matches_or_creates(api):
    body = invoice(api)
    body["Contact"] = {"Name": "dale bakery"}
    created = api.put("Invoices", {"Invoices": [body]}).json()["Invoices"][0]
    assert created["Contact"]["Name"] == "Dale Bakery"
    body["Contact"] = {"Name": "Brand New Customer Ltd"}
    created = api.put("Invoices", {"Invoices": [body]}).json()["Invoices"][0]
    assert created["Contact"]["Name"] == "Brand New Customer Ltd"
    contact = api.get(f"Contacts/{created['Contact']['ContactID']}").json()["Contacts"][
        0
    ]
    assert contact["IsCustomer"] is True


def test_line_amount_must_match_quantity_times_price(api):
    line = {
        "Description": "x",
        "Quantity": 2,
        "UnitAmount": 10,
        "LineAmount": 25,
        "AccountCode": "200",
    }
    reply = api.put("Invoices", {"Invoices": [invoice(api, lines=[line])]})
    assert reply.status_code == 400
    negative = {
        "Description": "x",
        "Quantity": -1,
        "UnitAmount": 10,
        "AccountCode": "200",
    }
    reply = api.put("Invoices", {"Invoices": [invoice(api, lines=[negative])]})
    assert messages(reply.json()["Elements"][0]) == [
        "The quantity value '-1.0000' is invalid. Quantity must not be less than zero."
    ]


def test_period_and_year_end_lock_dates(api, sandbox_url, http):
    url = f"{sandbox_url}/xero/_admin/organisations/{api.tenant_id}/lock-dates"
    http.put(
        url, json={"PeriodLockDate": "2026-10-31", "EndOfYearLockDate": "2026-03-31"}
    )
    org = api.get("Organisation").json()["Organisations"][0]
    assert org["PeriodLockDate"] == "/Date(1793404800000+0000)/"
    locked = api.put("Invoices", {"Invoices": [invoice(api, Date="2026-10-31")]})
    assert messages(locked.json()["Elements"][0]) == [
        "The document date cannot be before the period lock date, currently set "
        "at 31-Oct-2026"
    ]
    draft = api.put(
        "Invoices", {"Invoices": [invoice(api, Date="2026-10-31", Status="DRAFT")]}
    )
    assert draft.status_code == 200  # drafts still arrive; approving them fails
    http.put(url, json={"PeriodLockDate": None})
    year_end = api.put("Invoices", {"Invoices": [invoice(api, Date="2026-03-01")]})
    assert messages(year_end.json()["Elements"][0]) == [
        "The document date cannot be before the end of year lock date, currently "
        "set at 31-Mar-2026"
    ]
    assert (
        api.put("Invoices", {"Invoices": [invoice(api, Date="2026-04-01")]}).status_code
        == 200
    )


def test_post_updates_approves_and_voids(api):
    draft = api.put("Invoices", {"Invoices": [invoice(api, Status="DRAFT")]}).json()[
        "Invoices"
    ][0]
    invoice_id = draft["InvoiceID"]
    line = dict(draft["LineItems"][0], Quantity=3, LineAmount=255)
    updated = api.post(
        f"Invoices/{invoice_id}",
        {
            "Invoices": [
                {"InvoiceID": invoice_id, "Status": "AUTHORISED", "LineItems": [line]}
            ]
        },
    ).json()["Invoices"][0]
    assert updated["Status"] == "AUTHORISED"
    assert updated["Total"] == 306.0
    assert updated["LineItems"][0]["LineItemID"] == line["LineItemID"]
    back = api.post(f"Invoices/{invoice_id}", {"Invoices": [{"Status": "DRAFT"}]})
    assert messages(back.json()["Elements"][0]) == [
        "Invoice not of valid status for modification"
    ]
    voided = api.post(f"Invoices/{invoice_id}", {"Invoices": [{"Status": "VOIDED"}]})
    assert voided.json()["Invoices"][0]["Status"] == "VOIDED"
    assert voided.json()["Invoices"][0]["AmountDue"] == 0.0
    again = api.post(
        f"Invoices/{invoice_id}", {"Invoices": [{"Reference": "late change"}]}
    )
    assert again.status_code == 400
    assert messages(again.json()["Elements"][0]) == [
        "Invoice not of valid status for modification"
    ]


def test_post_collection_upserts_by_number(api):
    reply = api.post(
        "Invoices", {"Invoices": [{"InvoiceNumber": "INV-0002", "Reference": "PO 77"}]}
    )
    assert reply.status_code == 200
    body = reply.json()["Invoices"][0]
    assert body["Reference"] == "PO 77" and body["Status"] == "DRAFT"
    created = api.post("Invoices", {"Invoices": [invoice(api, InvoiceNumber="WEB-9")]})
    assert created.json()["Invoices"][0]["InvoiceNumber"] == "WEB-9"
    unknown = api.post(
        "Invoices",
        {
            "Invoices": [
                {"InvoiceID": "6b4a7a1e-0000-4000-8000-000000000000", "Reference": "x"}
            ]
        },
    )
    assert messages(unknown.json()["Elements"][0]) == [
        "The document with the supplied id was not found for this endpoint."
    ]


def test_draft_can_be_deleted(api):
    reply = api.post("Invoices/INV-0002", {"Invoices": [{"Status": "DELETED"}]})
    assert reply.json()["Invoices"][0]["Status"] == "DELETED"


def test_invoice_paging(api):
    api.put("Invoices", {"Invoices": [invoice(api) for _ in range(4)]})
    page = api.get("Invoices", params={"page": 2, "pageSize": 5}).json()
    assert page["pagination"] == {
        "page": 2,
        "pageSize": 5,
        "pageCount": 2,
        "itemCount": 7,
    }
    assert len(page["Invoices"]) == 2


def test_malformed_bodies(api):
    reply = api.call(
        "PUT",
        "Invoices",
        data="{not json",
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 400
    assert reply.json()["Type"] == "PostDataInvalidException"
    assert api.put("Invoices", {"Nope": []}).status_code == 400


def test_other_currency_is_refused(api):
    reply = api.put("Invoices", {"Invoices": [invoice(api, CurrencyCode="EUR")]})
    assert messages(reply.json()["Elements"][0]) == [
        "Organisation is not subscribed to currency EUR"
    ]


def test_draft_for_a_contact_archived_since_cannot_be_approved(api):
    draft = api.put(
        "Invoices",
        {"Invoices": [invoice(api, Status="DRAFT", contact="Walker Facilities Group")]},
    )
    invoice_id = draft.json()["Invoices"][0]["InvoiceID"]
    walker = contact_id(api, "Walker Facilities Group")
    api.post(f"Contacts/{walker}", {"Contacts": [{"ContactStatus": "ARCHIVED"}]})
    reply = api.post(f"Invoices/{invoice_id}", {"Invoices": [{"Status": "AUTHORISED"}]})
    assert reply.status_code == 400
    assert messages(reply.json()["Elements"][0])[0].startswith(
        "The contact with the specified contact details has been archived."
    )
