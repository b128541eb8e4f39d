"""Every paged list: odd ?page= values, huge ones and pages past the end."""

import pytest

from app.extensions import db
from app.models import NominalCode
from tests import factories
from tests.conftest import htmx_headers

# (url, the htmx target of its table, rows on a page at PER_PAGE = 2)
LISTS = [
    ("/customers/", "customer-table", 2),
    ("/suppliers/", "supplier-table", 2),
    ("/invoices/", "invoice-table", 2),
    ("/credit-notes/", "credit-note-table", 2),
    ("/payments/", "payment-table", 2),
    ("/purchases/", "purchase-table", 2),
    ("/codes/nominal", "nominal-table", 4),
    ("/notifications/", "notification-list", 25),
    ("/settings/history/", "history-runs", 25),
]
HUGE = ["99999999999999999999", str(2**63), str(2**63 // 2 + 1), "9" * 5000]


@pytest.fixture
def three_pages_of_everything(app, company):
    """Enough rows that every list has three pages."""
    app.config["PER_PAGE"] = 2
    admin = factories.user(company)
    for i in range(5):
        customer = factories.make_customer(company, name=f"Customer {i}")
        invoice = factories.make_invoice(company, customer)
        factories.make_credit_note(invoice)
        factories.make_payment(invoice, "1.00")
        factories.make_purchase_invoice(
            company, factories.make_supplier(company, name=f"Supplier {i}")
        )
        db.session.add(
            NominalCode(
                company_id=company.id, code=f"6{i}00", name=f"Cost {i}", type="expense"
            )
        )
    db.session.commit()
    for _ in range(51):
        factories.make_notification(admin)
        factories.make_sync_run(company)


def last_page(client, url, target, page, fragment):
    headers = htmx_headers(target) if fragment else {}
    response = client.get(url, query_string={"page": page}, headers=headers)
    assert response.status_code == 200, f"{url}?page={page[:30]}"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("fragment", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("url,target,_per_page", LISTS, ids=[u for u, *_ in LISTS])
def test_a_page_past_the_end_is_the_last_page(
    client, auth, three_pages_of_everything, url, target, _per_page, fragment
):
    auth.login()
    for page in ["4", "9999", *HUGE]:
        html = last_page(client, url, target, page, fragment)
        assert "Page 3 of 3" in html, f"{url}?page={page[:30]}"
        assert 'class="empty"' not in html and "No notifications" not in html
        assert 'rel="next"' not in html and 'rel="prev"' in html
        if fragment:
            assert "<html" not in html


@pytest.mark.parametrize("url,target,_per_page", LISTS, ids=[u for u, *_ in LISTS])
def test_a_page_that_is_not_a_number_is_the_first(
    client, auth, three_pages_of_everything, url, target, _per_page
):
    auth.login()
    for page in ["0", "-1", "abc", "１２", "٣", "1_0", "²", "2.0", " ", "1e3"]:
        html = last_page(client, url, target, page, fragment=False)
        assert "Page 1 of 3" in html, f"{url}?page={page}"
    assert "Page 2 of 3" in last_page(client, url, target, "02", fragment=False)


def test_an_empty_list_says_so_on_any_page(client, auth, company):
    auth.login()
    for page in ["1", "7", "99999999999999999999"]:
        html = client.get(f"/invoices/?page={page}").get_data(as_text=True)
        assert "No invoices here yet." in html
        assert "Page" not in html.split("No invoices here yet.")[1][:200]
