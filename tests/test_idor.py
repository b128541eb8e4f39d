"""No URL reaches another company's rows: every route taking an id gives 404."""

import pytest

from tests import factories


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
    known = set(factories.one_of_each(company))
    used = {param for _, params in id_routes(app) for param in params}
    assert used, "no routes with ids found"
    assert used <= known, (
        f"add these to factories.one_of_each(): {sorted(used - known)}"
    )


def test_other_company_ids_give_404_on_every_route(
    app, client, auth, company, other_company
):
    theirs = factories.one_of_each(other_company)
    factories.one_of_each(company)
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
    theirs = factories.one_of_each(other_company)
    auth.login()
    response = client.get(path.format(theirs[param]))
    assert response.status_code in (404, 200)
    assert other_company.name.encode() not in response.data


def test_own_ids_are_reachable(app, client, auth, company):
    mine = factories.one_of_each(company)
    auth.login()
    for rule, params in id_routes(app):
        if "GET" not in rule.methods:
            continue
        url = rule.build({p: mine[p] for p in params}, append_unknown=False)[1]
        assert client.get(url).status_code in (200, 302), f"GET {url}"
