"""The Xero section of the sandbox home page: what arrived in each organisation."""

import sqlalchemy as sa

from sandbox.home import SHOWN, page_number, section, uk_date
from sandbox.storage import sandbox_db
from sandbox.xero import store
from sandbox.xero.models import XeroOrganisation
from sandbox.xero.money import pounds
from sandbox.xero.wire import parse_date


def _latest(tenant_id, kind):
    """This page of the kind's records, newest first, and how many there are."""
    query = store.records(tenant_id, kind).order_by(None)
    total = sandbox_db.session.scalar(
        sa.select(sa.func.count()).select_from(query.subquery())
    )
    page = query.order_by(store.XeroRecord.seq.desc()).limit(SHOWN)
    page = page.offset((page_number() - 1) * SHOWN)
    return [store.data_of(row) for row in sandbox_db.session.scalars(page)], total


def _day(data, name="Date"):
    """A record's date as the app writes dates, not Xero's /Date(ms)/ form."""
    return uk_date(data.get(f"{name}String") or parse_date(data.get(name)) or "")


def overview():
    """Each organisation's contacts, invoices, credit notes and payments."""
    organisations = []
    for org in sandbox_db.session.scalars(
        sa.select(XeroOrganisation).order_by(XeroOrganisation.position)
    ):
        tid = org.tenant_id
        contacts, contact_count = _latest(tid, store.CONTACT)
        invoices, invoice_count = _latest(tid, store.INVOICE)
        notes, note_count = _latest(tid, store.CREDIT_NOTE)
        payments, payment_count = _latest(tid, store.PAYMENT)
        sections = [
            section(
                "Contacts",
                ["Name", "Contact number", "Email", "Status"],
                [
                    [
                        d["Name"],
                        d.get("ContactNumber") or "",
                        d.get("EmailAddress") or "",
                        d["ContactStatus"],
                    ]
                    for d in contacts
                ],
                contact_count,
            ),
            section(
                "Invoices",
                ["Number", "Contact", "Date", "Status", "Total", "Due"],
                [
                    [
                        d["InvoiceNumber"],
                        d["Contact"].get("Name", ""),
                        _day(d),
                        d["Status"],
                        pounds(d["Total"]),
                        pounds(d["AmountDue"]),
                    ]
                    for d in invoices
                ],
                invoice_count,
            ),
            section(
                "Credit notes",
                ["Number", "Contact", "Date", "Status", "Total", "Credit left"],
                [
                    [
                        d["CreditNoteNumber"],
                        d["Contact"].get("Name", ""),
                        _day(d),
                        d["Status"],
                        pounds(d["Total"]),
                        pounds(d["RemainingCredit"]),
                    ]
                    for d in notes
                ],
                note_count,
            ),
            section(
                "Payments",
                ["Date", "Type", "Amount", "Reference", "Status"],
                [
                    [
                        _day(d),
                        d["PaymentType"],
                        pounds(d["Amount"]),
                        d.get("Reference", ""),
                        d["Status"],
                    ]
                    for d in payments
                ],
                payment_count,
            ),
        ]
        organisations.append({"name": org.name, "id": tid, "sections": sections})
    return {"provider": "Xero", "organisations": organisations}
