"""Xero sandbox contact writes: unique active names, numbers, archiving."""

import pytest

from tests.sandbox.test_xero_invoices import messages

pytestmark = pytest.mark.usefixtures("xero_traffic_fits_the_spec")


def duplicate(name):
    return (
        f"The contact name {name} is already assigned to another contact. The contact "
        "name must be unique across all active contacts."
    )


def test_put_creates_contacts(api):
    body = {
        "Contacts": [
            {
                "Name": "Oakwood Offices",
                "ContactNumber": "C0035",
                "EmailAddress": "accounts@oakwood.example",
            }
        ]
    }
    reply = api.put("Contacts", body, params={"summarizeErrors": "false"})
    assert reply.status_code == 200
    contact = reply.json()["Contacts"][0]
    assert contact["StatusAttributeString"] == "OK"
    assert contact["HasValidationErrors"] is False
    assert contact["ContactStatus"] == "ACTIVE"
    assert contact["ContactNumber"] == "C0035"
    assert contact["UpdatedDateUTC"].startswith("/Date(")
    by_number = api.get("Contacts/C0035").json()["Contacts"][0]
    assert by_number["ContactID"] == contact["ContactID"]


def test_active_names_are_unique_ignoring_case_and_edge_spaces(api):
    reply = api.put("Contacts", {"Contacts": [{"Name": "acme property management "}]})
    assert reply.status_code == 400
    element = reply.json()["Elements"][0]
    assert element["ContactID"] == "00000000-0000-0000-0000-000000000000"
    assert element["HasValidationErrors"] is True
    assert messages(element) == [duplicate("acme property management")]


def test_inner_spacing_makes_a_different_name(api):
    reply = api.put("Contacts", {"Contacts": [{"Name": "Harbour Housing Association"}]})
    assert reply.status_code == 200


def test_archived_name_can_be_reused_but_not_unarchived_over_it(api):
    reply = api.put("Contacts", {"Contacts": [{"Name": "Lakeside Hotel"}]})
    assert reply.status_code == 200
    archived = api.get("Contacts", params={"where": 'ContactStatus=="ARCHIVED"'}).json()
    archived_id = archived["Contacts"][0]["ContactID"]
    unarchive = api.post(
        f"Contacts/{archived_id}", {"Contacts": [{"ContactStatus": "ACTIVE"}]}
    )
    assert unarchive.status_code == 400
    assert messages(unarchive.json()["Elements"][0]) == [duplicate("Lakeside Hotel")]


def test_archive_with_post(api):
    target = api.get(
        "Contacts", params={"where": 'Name=="Walker Facilities Group"'}
    ).json()
    contact_id = target["Contacts"][0]["ContactID"]
    reply = api.post(
        "Contacts",
        {"Contacts": [{"ContactID": contact_id, "ContactStatus": "ARCHIVED"}]},
    )
    assert reply.json()["Contacts"][0]["ContactStatus"] == "ARCHIVED"
    names = {c["Name"] for c in api.get("Contacts").json()["Contacts"]}
    assert "Walker Facilities Group" not in names


def test_post_upserts_by_name_and_number(api):
    reply = api.post(
        "Contacts", {"Contacts": [{"Name": "Dale Bakery", "ContactNumber": "C0004"}]}
    )
    updated = reply.json()["Contacts"][0]
    assert updated["ContactNumber"] == "C0004"
    again = api.post(
        "Contacts",
        {
            "Contacts": [
                {
                    "ContactNumber": "C0004",
                    "Name": "Dale Bakery",
                    "EmailAddress": "new@dale.example",
                }
            ]
        },
    )
    assert again.json()["Contacts"][0]["ContactID"] == updated["ContactID"]
    assert again.json()["Contacts"][0]["EmailAddress"] == "new@dale.example"


def test_contact_number_must_be_unique(api):
    api.put(
        "Contacts", {"Contacts": [{"Name": "First Number Ltd", "ContactNumber": "N-1"}]}
    )
    reply = api.put(
        "Contacts",
        {"Contacts": [{"Name": "Second Number Ltd", "ContactNumber": "N-1"}]},
    )
    assert messages(reply.json()["Elements"][0]) == [
        "Another contact has this contact number. Please enter a different "
        "contact number."
    ]


def test_name_is_required(api):
    reply = api.put(
        "Contacts",
        {"Contacts": [{"EmailAddress": "a@b.example"}]},
        params={"summarizeErrors": "false"},
    )
    element = reply.json()["Contacts"][0]
    assert element["StatusAttributeString"] == "ERROR"
    assert messages(element) == ["Contact Name cannot be empty."]


def test_mixed_contact_batch(api):
    body = {
        "Contacts": [
            {"Name": "Batch One Ltd"},
            {"Name": "Dale Bakery"},
            {"Name": "Batch Two Ltd"},
        ]
    }
    reply = api.put("Contacts", body, params={"summarizeErrors": "false"})
    statuses = [c["StatusAttributeString"] for c in reply.json()["Contacts"]]
    assert statuses == ["OK", "ERROR", "OK"]


def test_unknown_contact_id_is_404(api):
    assert api.get("Contacts/6b4a7a1e-0000-4000-8000-000000000000").status_code == 404
