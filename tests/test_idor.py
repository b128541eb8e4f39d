"""No URL reaches another company's rows: every route taking an id gives 404."""

import pytest

from app.models import User
from tests import factories


def rows_of(company):
    """One row of every kind for `company`, keyed by the URL parameter naming it."""
    customer = factories.make_customer(company, name=f"{company.name} customer")
    invoice = factories.make_invoice(company, customer)
    draft = factories.make_invoice(company, customer, status="draft")
    return {
        "customer_id": customer.id,
        "supplier_id": factories.make_supplier(company).id,
        "invoice_id": draft.id,
        "credit_note_id": factories.make_credit_note(invoice).id,
        "payment_id": factories.make_payment(invoice, "1.00").id,
        "purchase_invoice_id": factories.make_purchase_invoice(company).id,
        "tax_code_id": factories.tax_code(company).id,
        "nominal_code_id": factories.nominal_code(company).id,
        "user_id": factories.user(company, User.OFFICE).id,
        "notification_id": factories.make_notification(factories.user(company)).id,
    }


def id_routes(app):
    for rule in app.url_map.iter_rules():
        params = [
            arg
            for arg, conv in rule._converters.items()
            if type(conv).__name__ == "IntegerConverter"
        ]
        if params:
            yield rule, params


def test_every_id_parameter_is_covered(app, company):
    known = set(rows_of(company))
    used = {param for _, params in id_routes(app) for param in params}
    assert used, "no routes with ids found"
    assert used <= known, f"add these to rows_of(): {sorted(used - known)}"


def test_other_company_ids_give_404_on_every_route(
    app, client, auth, company, other_company
):
    theirs = rows_of(other_company)
    rows_of(company)
    auth.login()  # an admin, so admin-only routes get past the role check
    checked = 0
    for rule, params in id_routes(app):
        url = rule.build({p: theirs[p] for p in params}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={})
            assert response.status_code == 404, f"{method} {url} ({rule.endpoint})"
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    "path,param",
    [
        ("/invoices/new?customer_id={}", "customer_id"),
        ("/credit-notes/new?invoice_id={}", "invoice_id"),
        ("/payments/new?invoice_id={}", "invoice_id"),
    ],
)
def test_other_company_ids_in_query_strings(
    client, auth, company, other_company, path, param
):
    theirs = rows_of(other_company)
    auth.login()
    response = client.get(path.format(theirs[param]))
    assert response.status_code in (404, 200)
    assert other_company.name.encode() not in response.data


def test_own_ids_are_reachable(app, client, auth, company):
    mine = rows_of(company)
    auth.login()
    for rule, params in id_routes(app):
        if "GET" not in rule.methods:
            continue
        url = rule.build({p: mine[p] for p in params}, append_unknown=False)[1]
        assert client.get(url).status_code in (200, 302), f"GET {url}"
