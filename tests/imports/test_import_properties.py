"""Random CSV at the importer: never a 500, never a partial or surprise write."""

import re

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.imports.kinds import KINDS
from app.models import (
    Customer,
    NominalCode,
    PurchaseInvoice,
    PurchaseInvoiceLine,
    Supplier,
    TaxCode,
)
from tests import factories
from tests.imports.helpers import count, csv_text, seen, upload, valid_count

# The fixtures hold the company and the signed-in client; every example measures
# the database before and after itself, so sharing them between examples is safe.
FAST = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
TABLES = {
    "customers": Customer,
    "suppliers": Supplier,
    "purchase_invoices": PurchaseInvoiceLine,
    "tax_codes": TaxCode,
    "nominal_codes": NominalCode,
}
HEADERS = sorted(
    {spec.label for kind in KINDS.values() for spec in kind.fields}
    | {"*ContactName", "*InvoiceNumber", "UnitAmount", "TaxType", "AccountCode"}
)
PLAUSIBLE = [
    "",
    " ",
    "City Plumbing Supplies",
    "C1",
    "T1",
    "t5",
    "INPUT2",
    "5000",
    "4000",
    "31/01/2026",
    "2026-02-30",
    "1/1/26",
    "£1,234.50",
    "10",
    "-3",
    "0",
    "1e999",
    "NaN",
    "99999999999999",
    "a@b.example",
    "=1+1",
    "GB",
    "expense",
    "20%",
    '"quoted"',
]
printable = st.characters(exclude_categories=("Cc", "Cs"))
cells = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(printable, max_size=15),
    st.text(max_size=15),
)


UNIQUE = {"Name", "Account number", "Code", "Invoice number"}
tokens = st.text("ABCDEFGHJK0123456789", min_size=1, max_size=6)


@st.composite
def example_rows(draw, header, examples):
    """A template-like row made unique, with up to two cells replaced by anything."""
    row = [examples.get(h, "") + (draw(tokens) if h in UNIQUE else "") for h in header]
    for _ in range(draw(st.integers(0, 2))):
        if row:
            row[draw(st.integers(0, len(row) - 1))] = draw(cells)
    return row


@st.composite
def sheets(draw):
    """Mostly a kind's own header with example-like rows; sometimes anything."""
    kind = KINDS[draw(st.sampled_from(sorted(KINDS)))]
    examples = dict(zip(kind.template_header(), kind.template_row(), strict=True))
    header = draw(
        st.one_of(
            st.just(kind.template_header()),
            st.permutations(kind.template_header()),
            st.lists(
                st.one_of(st.sampled_from(HEADERS), st.text(max_size=10)), max_size=12
            ),
        )
    )
    any_row = st.lists(cells, max_size=12)
    good = example_rows(header, examples)
    rows = draw(st.lists(st.one_of(good, good, any_row), max_size=6))
    return {
        "kind": kind.name,
        "header": header,
        "rows": rows,
        "delimiter": draw(st.sampled_from([",", ",", ";", "\t", "|"])),
        "encoding": draw(
            st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "cp1252", "utf-16"])
        ),
    }


def snapshot():
    return {name: count(model) for name, model in TABLES.items()} | {
        "invoices": count(PurchaseInvoice)
    }


def encode(sheet):
    text = csv_text([sheet["header"], *sheet["rows"]], sheet["delimiter"])
    return text.encode(sheet["encoding"], errors="replace")


def upload_preview_confirm(client, kind, data):
    """Run the whole flow; the rows the preview called valid (None: no preview)."""
    response = upload(client, kind, data)
    assert response.status_code < 500
    if response.status_code != 302:
        return None
    location = response.headers["Location"]
    assert re.search(r"/reports/imports/\d+$", location)
    page = client.get(location)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    valid = valid_count(text)
    before = snapshot()
    confirmed = client.post(f"{location}/confirm", data={"fingerprint": seen(text)})
    assert confirmed.status_code < 500
    after = snapshot()
    changed = {name for name in before if before[name] != after[name]}
    if confirmed.status_code == 302:
        assert after[kind] - before[kind] == valid > 0
        assert changed <= {kind, "invoices"}
    else:
        assert changed == set()
    again = client.post(f"{location}/confirm", data={"fingerprint": seen(text)})
    assert again.status_code < 500
    assert snapshot() == after  # never twice
    assert client.get(f"{location}/rejected.csv").status_code in (200, 302)
    return valid


def setup(auth, company):
    factories.make_supplier(company)
    auth.login()  # an admin: codes are importable too


@FAST
@given(sheet=sheets())
def test_random_csv_never_breaks_or_half_imports(client, auth, company, sheet):
    if not count(Supplier):
        setup(auth, company)
    valid = upload_preview_confirm(client, sheet["kind"], encode(sheet))
    event(
        "file refused"
        if valid is None
        else f"valid rows: {min(valid, 2)}{'+' * (valid > 1)}"
    )


@FAST
@given(kind=st.sampled_from(sorted(KINDS)), data=st.binary(max_size=300))
def test_random_bytes_never_break_the_importer(client, auth, company, kind, data):
    if not count(Supplier):
        setup(auth, company)
    upload_preview_confirm(client, kind, data)
