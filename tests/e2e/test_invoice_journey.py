"""A new user signs in, creates, approves and pays an invoice in chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def test_create_approve_and_pay_an_invoice(page, company):
    """A user creates, approves and pays a two-line invoice, which then shows Paid."""
    customer = factories.make_customer(company, name="Brightwater Housing")
    page.goto("/invoices/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Email").fill("admin@acme.example")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()

    page.get_by_role("link", name="New invoice").click()
    page.get_by_label("Customer").select_option(str(customer.id))
    page.get_by_label("Reference").fill("JOB-1001")
    page.get_by_label("Line 1 description").fill("Annual boiler service")
    page.get_by_label("Line 1 quantity").fill("2")
    page.get_by_label("Line 1 unit price").fill("85")
    page.get_by_label("Line 1 nominal code").select_option(label="4000 Sales")
    page.get_by_label("Line 1 tax code").select_option(label="Standard 20% (20%)")
    expect(page.locator("[data-total]")).to_have_text("£204.00")

    page.get_by_role("button", name="+ Add line").click()
    page.get_by_label("Line 2 description").fill("Filters")
    page.get_by_label("Line 2 quantity").fill("1")
    page.get_by_label("Line 2 unit price").fill("0.125")
    page.get_by_label("Line 2 tax code").select_option(label="Standard 20% (20%)")
    expect(page.locator("#line-net-1")).to_have_text("£0.13")
    expect(page.locator("[data-total]")).to_have_text("£204.16")
    expect(page.get_by_label("Line 1 description")).to_have_value(
        "Annual boiler service"
    )

    page.get_by_role("button", name="Save invoice").click()
    expect(page.get_by_text("saved.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(r"Invoice INV-"))
    ).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("approved.", exact=False)).to_be_visible()

    page.get_by_label("Amount").fill("204.17")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("is more than the £204.16 outstanding")).to_be_visible()
    page.get_by_label("Amount").fill("204.16")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Payment of £204.16 recorded.")).to_be_visible()
    expect(page.locator(".page-head .badge-paid")).to_have_text("Paid")
