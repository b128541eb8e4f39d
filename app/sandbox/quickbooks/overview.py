"""What arrived in each QuickBooks company, for the sandbox home page."""

from decimal import Decimal

import sqlalchemy as sa

from app.money import format_money
from app.sandbox.quickbooks import store
from app.sandbox.quickbooks.models import QboCompany
from app.sandbox.storage import sandbox_db


def uk_date(value):
    return "/".join(reversed(value.split("-"))) if value else ""


def pounds(value):
    return format_money(Decimal(str(value or 0)))


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
        return store.many_to_json(realm_id, store.rows(realm_id, kind))

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
    return {
        "name": company.name,
        "id": f"Company ID {realm_id}",
        "sections": [
            {
                "title": "Customers",
                "columns": ["Name", "Status", "Balance"],
                "rows": customers,
            },
            {
                "title": "Invoices",
                "columns": columns,
                "rows": [document(e) for e in listed("Invoice")],
            },
            {
                "title": "Credit memos",
                "columns": columns,
                "rows": [document(e) for e in listed("CreditMemo")],
            },
            {
                "title": "Payments",
                "columns": [
                    "Id",
                    "Customer",
                    "Date",
                    "Amount",
                    "Unapplied",
                    "Applied to",
                ],
                "rows": payments,
            },
        ],
    }
