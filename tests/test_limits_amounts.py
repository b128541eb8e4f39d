"""Amounts past the columns are refused with a message, never a 500 or lost digits."""

from decimal import Decimal

import pytest

from app.models import TaxCode
from tests import factories
from tests.test_limits_lines import KINDS, document_form, saved

LIMIT = "£999,999,999,999.99"


def post(client, company, kind, lines, rate="T1"):
    data = document_form(company, kind, lines)
    tax = factories.tax_code(company, rate).id
    for i in range(len(lines)):
        data[f"lines-{i}-tax_code_id"] = tax
    reply = client.post(f"/{kind}/new", data=data)
    assert reply.status_code in (200, 302), reply.status_code
    return reply


@pytest.mark.parametrize("kind", KINDS)
def test_quantities_and_prices_stop_at_their_columns(client, auth, company, kind):
    auth.login()
    page = post(client, company, kind, [("999,999,999", "999999999")]).get_data(
        as_text=True
    )
    assert "Quantity must be at most 99,999,999.9999." in page
    page = post(client, company, kind, [("1", "99999999999")]).get_data(as_text=True)
    assert "Unit price must be at most 9,999,999,999.9999." in page
    assert saved(KINDS[kind][0]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_line_that_would_not_fit_is_refused(client, auth, company, kind):
    auth.login()
    page = post(client, company, kind, [("90", "9999999999")]).get_data(as_text=True)
    assert f"Line 1 comes to £1,079,999,999,892.00, more than the {LIMIT}" in page
    assert saved(KINDS[kind][0]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_total_that_would_not_fit_is_refused(client, auth, company, kind):
    auth.login()
    lines = [("90", "9999999999")] * 2
    page = post(client, company, kind, lines, rate="T0").get_data(as_text=True)
    assert (
        f"The total comes to £1,799,999,999,820.00, more than the {LIMIT} an amount "
        "can be." in page
    )
    assert "nothing has been saved yet" in page
    assert saved(KINDS[kind][0]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_vat_pushing_the_total_over_is_refused(client, auth, company, kind):
    auth.login()
    # Each line and the net total fit; with 20% VAT on top the document would not.
    lines = [("45", "9999999999"), ("45", "9999999999")]
    page = post(client, company, kind, lines).get_data(as_text=True)
    assert f"The total comes to £1,079,999,999,892.00, more than the {LIMIT}" in page
    assert saved(KINDS[kind][0]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_largest_that_fits_is_kept_exactly(client, auth, company, kind):
    factories.tax_code(company, "T0")
    auth.login()
    reply = post(client, company, kind, [("99,999,999.9999", "9999.9999")], "T0")
    assert reply.status_code == 302, reply.get_data(as_text=True)[:3000]
    (document,) = saved(KINDS[kind][0])
    line = document.lines[0]
    assert (line.quantity, line.unit_price) == (
        Decimal("99999999.9999"),
        Decimal("9999.9999"),
    )
    assert document.total == Decimal("999999989999.00")
    assert isinstance(line.tax_code, TaxCode)
