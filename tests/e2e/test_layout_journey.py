"""Layout in chromium at 1280 px and on a 390 px phone: the bell, long names, the
lists, the import preview, placeholders and selects, badges; each step shot."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Notification
from tests import factories
from tests.e2e.artifacts import Steps
from tests.imports.helpers import csv_text

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LONG = "Brightwater" + "Housing" * 27  # 200 characters, no space to break at

# The overflow of the page and of any element past the viewport's sides.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || clipped(el)) continue;
    if (box.left < -1 || box.right > width + 1) out.push(el.tagName + el.className);
  }
  return {page: document.documentElement.scrollWidth - width, out: out.slice(0, 5)};
}"""


def sign_in(page, email="admin@acme.example"):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def inside(page, locator):
    """True when the element is wholly within the viewport's width."""
    box = locator.bounding_box()
    return (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= (page.viewport_size["width"])
    )


def no_overflow(page):
    found = page.evaluate(OVERFLOW)
    assert found == {"page": 0, "out": []}, found


def test_the_bell_menu_opens_inside_a_phone_screen(page, company, journey):
    """On a 390 px phone the open bell menu sits wholly on screen."""
    db.session.add(
        Notification(
            company_id=company.id,
            user_id=factories.user(company).id,
            title="Xero sync completed with 1 error",
            body="LB-BAD was not sent.",
            endpoint="history.index",
        )
    )
    db.session.commit()
    page.set_viewport_size(PHONE)
    sign_in(page)
    page.locator("#bell [data-dropdown-toggle]").click()
    menu = page.locator("#bell .menu")
    expect(menu).to_contain_text("Xero sync completed with 1 error")
    assert inside(page, menu), menu.bounding_box()
    Steps(page, journey, "layout-bell").shot(
        "phone", "On a 390 px phone the bell's menu opens within the screen."
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_long_name_wraps_and_the_list_keeps_its_columns(page, company, journey, size):
    """A 200-character name without spaces wraps; status and totals stay in view."""
    customer = factories.make_customer(company, name=LONG)
    invoice = factories.make_invoice(company, customer, reference="X" * 60)
    page.set_viewport_size(size)
    steps = Steps(page, journey, f"layout-long-{size['width']}")
    sign_in(page)
    page.goto(f"/invoices/{invoice.id}")
    expect(
        page.get_by_role("heading", name=f"Invoice {invoice.number}")
    ).to_be_visible()
    no_overflow(page)
    heading = page.get_by_role(
        "heading", name=f"Invoice {invoice.number}"
    ).bounding_box()
    name = page.locator(".summary dd").first.bounding_box()
    assert name["y"] >= heading["y"] + heading["height"]  # below, not over it
    steps.shot("invoice", "The invoice page wraps the long customer name.")

    page.goto("/invoices/")
    row = page.locator("#invoice-table tbody tr").first
    expect(row).to_contain_text(invoice.number)
    no_overflow(page)
    for cell in (row.locator(".badge").first, row.locator("td.num").first):
        assert inside(page, cell), cell.bounding_box()
    expect(row.locator("td.num").first).to_have_text("£120.00")
    steps.shot("list", "The invoices list keeps status and totals on screen.")

    page.goto("/customers/")
    no_overflow(page)
    steps.shot("customers", "The customers list wraps the name too.")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
def test_every_list_shows_status_and_amounts_on_screen(page, company, journey, size):
    """Each document list keeps its status and amount columns in view."""
    customer = factories.make_customer(company)
    invoice = factories.make_invoice(company, customer)
    factories.make_payment(invoice, "20.00")
    factories.make_credit_note(invoice)
    factories.make_purchase_invoice(company, factories.make_supplier(company))
    page.set_viewport_size(size)
    steps = Steps(page, journey, f"layout-lists-{size['width']}")
    sign_in(page)
    for path, badge in (
        ("/invoices/", True),
        ("/credit-notes/", True),
        ("/purchases/", True),
        ("/payments/", False),
    ):
        page.goto(path)
        row = page.locator("tbody tr").first
        expect(row).to_be_visible()
        no_overflow(page)
        if badge:
            assert inside(page, row.locator(".badge").first)
        assert inside(page, row.locator("td.num").last)
        steps.shot(path.strip("/"), f"{path} at {size['width']} px.")


def test_the_import_preview_scrolls_inside_its_frame(page, company, journey):
    """At 1280 px a wide preview scrolls in its own frame; the page does not."""
    page.set_viewport_size(DESKTOP)
    sign_in(page)
    page.goto("/reports/imports/")
    header = ["Name", "Account number", "Email", "Phone", "Address line 1",
              "Address line 2", "Town or city", "Postcode", "Country"]  # fmt: skip
    email, street = "accounts@" + "x" * 40 + ".example", "1 A Very Long Street Name"
    row = [LONG[:60], "K-1", email, "0113 496 0000", street, "Unit 4", "Wakefield",
           "WF1 2AB", "GB"]  # fmt: skip
    data = csv_text([header, row]).encode()
    page.get_by_label("What does the file contain?").select_option("customers")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "customers.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Upload and check").click()
    table = page.locator("#import-valid table")
    expect(table).to_contain_text("Wakefield")
    no_overflow(page)
    frame = page.locator("#import-valid .table-wrap")
    assert inside(page, frame)
    last = table.locator("tbody td").last  # Country: reachable by scrolling the frame
    last.scroll_into_view_if_needed()
    assert inside(page, last)
    Steps(page, journey, "layout-import").shot(
        "preview", "The import preview at 1280 px: the wide table scrolls in its frame."
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
def test_placeholders_and_selects_show_their_whole_text(page, company, journey, size):
    """Search placeholders and the chosen option of each select are not cut off."""
    factories.make_customer(company)
    page.set_viewport_size(size)
    sign_in(page)
    cut = """() => {
      const c = document.createElement('canvas').getContext('2d');
      const out = [];
      for (const el of document.querySelectorAll('input[placeholder], select')) {
        if (!el.offsetParent) continue;
        const s = getComputedStyle(el);
        c.font = s.font;
        const text = el.tagName === 'SELECT'
          ? (el.selectedOptions[0] || {}).text || '' : el.placeholder;
        const room = el.clientWidth - parseFloat(s.paddingLeft)
          - parseFloat(s.paddingRight) - (el.tagName === 'SELECT' ? 20 : 0);
        if (c.measureText(text).width > room + 1) out.push(el.name + ': ' + text);
      }
      return out;
    }"""
    for path in ("/invoices/", "/credit-notes/", "/purchases/", "/customers/",
                 "/payments/", "/invoices/new", "/reports/exports/",
                 "/codes/nominal", "/settings/integrations/"):  # fmt: skip
        page.goto(path)
        assert page.evaluate(cut) == [], path
    Steps(page, journey, f"layout-fields-{size['width']}").shot(
        "new-invoice", "Selects on the new invoice show their whole text."
    )


BADGE_CONTRAST = """() => {
  const rgb = (s) => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  return [...document.querySelectorAll('.badge')].map((el) => {
    const s = getComputedStyle(el);
    const pair = [lum(rgb(s.color)), lum(rgb(s.backgroundColor))];
    const [a, b] = pair.sort((x, y) => y - x);
    return [el.className, Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100];
  });
}"""


def test_badges_read_at_aa_contrast_and_every_page_has_an_icon(page, company, journey):
    """Each badge's text meets 4.5:1 on its background; the icon loads, no 404."""
    customer = factories.make_customer(company)
    factories.make_invoice(company, customer, status="draft")
    paid = factories.make_invoice(company, customer)
    factories.make_payment(paid, "120.00")
    factories.make_invoice(company, customer)
    missing = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    sign_in(page)
    page.goto("/invoices/")
    ratios = page.evaluate(BADGE_CONTRAST)
    assert ratios and all(ratio >= 4.5 for _name, ratio in ratios), ratios
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).status == 200
    assert missing == []
