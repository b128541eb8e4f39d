"""The Xero section of the sandbox home page: what arrived in each organisation."""

import sqlalchemy as sa

from app.sandbox.storage import sandbox_db
from app.sandbox.xero import store
from app.sandbox.xero.models import XeroOrganisation
from app.sandbox.xero.money import pounds

LATEST = 50


def _latest(tenant_id, kind):
    query = (
        store.records(tenant_id, kind)
        .order_by(None)
        .order_by(store.XeroRecord.seq.desc())
    )
    return [
        (row, store.data_of(row))
        for row in sandbox_db.session.scalars(query.limit(LATEST))
    ]


def overview():
    """Each organisation's contacts, invoices, credit notes and payments."""
    organisations = []
    for org in sandbox_db.session.scalars(
        sa.select(XeroOrganisation).order_by(XeroOrganisation.position)
    ):
        tid = org.tenant_id
        sections = [
            {
                "title": "Contacts",
                "columns": ["Name", "Contact number", "Email", "Status"],
                "rows": [
                    [
                        d["Name"],
                        d.get("ContactNumber") or "",
                        d.get("EmailAddress") or "",
                        d["ContactStatus"],
                    ]
                    for _r, d in _latest(tid, store.CONTACT)
                ],
            },
            {
                "title": "Invoices",
                "columns": ["Number", "Contact", "Date", "Status", "Total", "Due"],
                "rows": [
                    [
                        d["InvoiceNumber"],
                        d["Contact"].get("Name", ""),
                        d["Date"],
                        d["Status"],
                        pounds(d["Total"]),
                        pounds(d["AmountDue"]),
                    ]
                    for _r, d in _latest(tid, store.INVOICE)
                ],
            },
            {
                "title": "Credit notes",
                "columns": [
                    "Number",
                    "Contact",
                    "Date",
                    "Status",
                    "Total",
                    "Credit left",
                ],
                "rows": [
                    [
                        d["CreditNoteNumber"],
                        d["Contact"].get("Name", ""),
                        d["Date"],
                        d["Status"],
                        pounds(d["Total"]),
                        pounds(d["RemainingCredit"]),
                    ]
                    for _r, d in _latest(tid, store.CREDIT_NOTE)
                ],
            },
            {
                "title": "Payments",
                "columns": ["Date", "Type", "Amount", "Reference", "Status"],
                "rows": [
                    [
                        d["Date"],
                        d["PaymentType"],
                        pounds(d["Amount"]),
                        d.get("Reference", ""),
                        d["Status"],
                    ]
                    for _r, d in _latest(tid, store.PAYMENT)
                ],
            },
        ]
        organisations.append({"name": org.name, "id": tid, "sections": sections})
    return {"provider": "Xero", "organisations": organisations}
