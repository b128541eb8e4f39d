"""What arrived in each QuickBooks company, for the sandbox home page."""

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from sandbox.home import SHOWN, page_number, section, uk_date
from sandbox.quickbooks import store
from sandbox.quickbooks.models import QboCompany
from sandbox.storage import sandbox_db


def pounds(value):
    """£1,234.50, as the office reads it (the product's own helper is not ours)."""
    amount = Decimal(str(value or 0)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def build():
    """Companies with their customers, invoices, credit memos and payments."""
    companies = sandbox_db.session.scalars(
        sa.select(QboCompany).order_by(QboCompany.id)
    )
    return {
        "provider": "QuickBooks Online",
        "organisations": [company_overview(company) for company in companies],
    }


def company_overview(company):
    realm_id = company.realm_id

    def listed(kind):
        """This page of the kind's entities, newest first."""
        rows = list(store.rows(realm_id, kind))[::-1]
        start = (page_number() - 1) * SHOWN
        totals[kind] = len(rows)
        return store.many_to_json(realm_id, rows[start : start + SHOWN])

    totals = {}

    def document(entity):
        return [
            entity.get("DocNumber", ""),
            entity["CustomerRef"].get("name", ""),
            uk_date(entity.get("TxnDate")),
            pounds(entity.get("TotalAmt")),
            pounds(entity.get("Balance")),
        ]

    customers = [
        [
            c["DisplayName"],
            "Active" if c["Active"] else "Inactive",
            pounds(c["Balance"]),
        ]
        for c in listed("Customer")
    ]
    payments = [
        [
            p["Id"],
            p["CustomerRef"].get("name", ""),
            uk_date(p.get("TxnDate")),
            pounds(p.get("TotalAmt")),
            pounds(p.get("UnappliedAmt")),
            ", ".join(
                f"{link['TxnType']} {link['TxnId']}"
                for line in p.get("Line", [])
                for link in line.get("LinkedTxn", [])
            ),
        ]
        for p in listed("Payment")
    ]
    columns = ["Number", "Customer", "Date", "Total", "Balance"]
    invoices = [document(e) for e in listed("Invoice")]
    memos = [document(e) for e in listed("CreditMemo")]
    return {
        "name": company.name,
        "id": f"Company ID {realm_id}",
        "sections": [
            section(
                "Customers",
                ["Name", "Status", "Balance"],
                customers,
                totals["Customer"],
            ),
            section("Invoices", columns, invoices, totals["Invoice"]),
            section("Credit memos", columns, memos, totals["CreditMemo"]),
            section(
                "Payments",
                ["Id", "Customer", "Date", "Amount", "Unapplied", "Applied to"],
                payments,
                totals["Payment"],
            ),
        ],
    }
