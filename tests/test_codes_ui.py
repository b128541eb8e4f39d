"""Issue 19's smaller pages over the test client: Past exports refreshing itself,
the payment form's open invoices, the menu an office user sees, the favicon."""

import re

from app.extensions import db
from app.models import Export
from tests import factories
from tests.conftest import htmx_headers


def test_past_exports_poll_only_while_one_runs_and_say_when_it_ended(
    client, auth, company
):
    """The list polls while an export runs; the reply that sees one end rings."""
    auth.login()
    running = factories.make_export(company, status=Export.RUNNING)
    page = client.get("/reports/exports/").get_data(as_text=True)
    assert "load delay:2s" in page and f"running={running.id}" in page
    running.status = Export.READY
    db.session.commit()
    reply = client.get(
        f"/reports/exports/past?running={running.id}",
        headers=htmx_headers("export-list"),
    )
    assert reply.headers["HX-Trigger"] == "notifications-changed"
    fragment = reply.get_data(as_text=True)
    assert (
        fragment.lstrip().startswith("{#") is False and 'id="export-list"' in fragment
    )
    assert "load delay:2s" not in fragment and "Ready" in fragment
    again = client.get("/reports/exports/past", headers=htmx_headers("export-list"))
    assert "HX-Trigger" not in again.headers


def test_open_invoices_are_ordered_by_customer_then_number_and_searchable(
    client, auth, company
):
    """Each choice names the customer, the number and what is outstanding."""
    zebra = factories.make_customer(company, name="Zebra Estates")
    acorn = factories.make_customer(company, name="acorn Lettings")
    for customer, number in ((zebra, "INV-9"), (acorn, "INV-20"), (acorn, "INV-10")):
        factories.make_invoice(company, customer, number=number)
    factories.make_invoice(company, zebra, number="INV-D", status="draft")
    auth.login()
    page = client.get("/payments/new").get_data(as_text=True)
    choices = re.findall(r'<option value="\d+">([^<]*)</option>', page)
    assert choices == [
        "acorn Lettings · INV-10 · £120.00 outstanding",
        "acorn Lettings · INV-20 · £120.00 outstanding",
        "Zebra Estates · INV-9 · £120.00 outstanding",
    ]
    found = client.get("/payments/new?q=ZEBRA").get_data(as_text=True)
    assert re.findall(r'<option value="\d+">([^<]*)</option>', found) == [
        "Zebra Estates · INV-9 · £120.00 outstanding"
    ]
    none = client.get("/payments/new?q=nobody").get_data(as_text=True)
    assert "No open invoice matches “nobody”." in none


def test_office_users_get_codes_not_settings_in_the_menu(client, auth, company):
    """The menu hides what would answer 403; the pages still refuse them."""
    auth.login_office()
    page = client.get("/invoices/").get_data(as_text=True)
    menu = re.search(r'<nav class="mainnav".*?</nav>', page, re.S).group(0)
    assert ">Settings<" not in menu and ">Codes<" in menu
    assert client.get("/settings/").status_code == 403
    auth.logout()
    auth.login()
    menu = client.get("/invoices/").get_data(as_text=True)
    assert ">Settings<" in menu


def test_every_page_links_an_icon_that_is_served(client, auth, company):
    auth.login()
    page = client.get("/invoices/").get_data(as_text=True)
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    with client.get(href) as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
