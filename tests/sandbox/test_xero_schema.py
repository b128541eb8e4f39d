"""The schema checker itself, and the Xero sandbox page and seeding."""

import json

import pytest

from sandbox import create_sandbox_app
from sandbox.storage import sandbox_db
from tests.sandbox import xero_schema
from tests.sandbox.test_xero_invoices import invoice
from tests.sandbox.xero_support import connect

needs_specs = pytest.mark.skipif(
    not xero_schema.specs_available(), reason=xero_schema.SKIP_REASON
)


def entry(method, path, status, response, request=""):
    return {
        "id": 1,
        "method": method,
        "path": path,
        "status": status,
        "request_body": request,
        "response_body": response
        if isinstance(response, str)
        else json.dumps(response),
    }


@needs_specs
def test_checker_accepts_a_spec_shaped_reply():
    reply = {
        "Id": "x",
        "Status": "OK",
        "Invoices": [
            {"InvoiceID": "ed255415-e141-4150-aab7-89c3bbbb851c", "Total": 40.0}
        ],
    }
    assert (
        xero_schema.check_entry(entry("GET", "/xero/api.xro/2.0/Invoices", 200, reply))
        == []
    )


@needs_specs
def test_checker_catches_wrong_types_enums_and_uuids():
    reply = {
        "Invoices": [{"InvoiceID": "not-a-uuid", "Total": "40.00", "Status": "SENT"}]
    }
    problems = xero_schema.check_entry(
        entry("GET", "/xero/api.xro/2.0/Invoices", 200, reply)
    )
    assert len(problems) == 3
    bad_request = {"Invoices": [{"LineItems": [{"Quantity": "two"}]}]}
    problems = xero_schema.check_entry(
        entry(
            "PUT",
            "/xero/api.xro/2.0/Invoices",
            200,
            {"Invoices": []},
            json.dumps(bad_request),
        )
    )
    assert problems and problems[0].startswith("request ")


@needs_specs
def test_checker_knows_xero_error_shapes():
    text_404 = entry(
        "GET",
        "/xero/api.xro/2.0/Nope",
        404,
        "The resource you're looking for cannot be found",
    )
    assert xero_schema.check_entry(text_404) == []
    json_404 = entry("GET", "/xero/api.xro/2.0/Nope", 404, {"error": "nope"})
    assert xero_schema.check_entry(json_404)
    error = {
        "ErrorNumber": 10,
        "Type": "ValidationException",
        "Message": "m",
        "Elements": [{"ValidationErrors": [{"Message": "x"}]}],
    }
    assert (
        xero_schema.check_entry(entry("PUT", "/xero/api.xro/2.0/Invoices", 400, error))
        == []
    )
    assert xero_schema.check_entry(
        entry("PUT", "/xero/api.xro/2.0/Invoices", 400, {"ErrorNumber": "ten"})
    )
    assert xero_schema.check_entry(
        entry("POST", "/xero/connect/token", 400, {"error": "made_up"})
    )


def test_skip_reason_names_the_missing_folder():
    assert "../shared" in xero_schema.SKIP_REASON
    assert str(xero_schema.SPECS).endswith("shared/specs/xero")


def test_sandbox_page_shows_what_arrived(sandbox_url, http):
    api = connect(sandbox_url, http)
    api.put("Invoices", {"Invoices": [invoice(api, InvoiceNumber="PAGE-1")]})
    page = http.get(f"{sandbox_url}/")
    assert page.status_code == 200
    assert "Demo Services Ltd" in page.text
    assert "Demo Services (Second Site) Ltd" in page.text
    assert "PAGE-1" in page.text
    assert "£204.00" in page.text
    assert "Acme Property Management" in page.text
    xero_schema.check_traffic(sandbox_url)


def test_seeding_twice_adds_nothing(tmp_path):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}",
    }
    counts = []
    for _ in range(2):
        app = create_sandbox_app(config)
        with app.app_context():
            counts.append(
                sandbox_db.session.execute(
                    sandbox_db.text("SELECT COUNT(*) FROM xero_records")
                ).scalar()
            )
            sandbox_db.engine.dispose()
    assert counts[0] == counts[1] > 0
