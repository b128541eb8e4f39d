"""Plain functions that make rows for tests; each commits and returns the row."""

import json
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Company,
    CreditNote,
    CreditNoteLine,
    Customer,
    Export,
    ImportUpload,
    NominalCode,
    Notification,
    Payment,
    PurchaseInvoice,
    PurchaseInvoiceLine,
    SalesInvoice,
    SalesInvoiceLine,
    Supplier,
    SyncExclusion,
    SyncItem,
    SyncRun,
    TaxCode,
    User,
)
from app.models.base import utcnow

PASSWORD = "correct horse battery"  # noqa: S105 - test password

VAT = [
    ("Standard 20%", "T1", "20"),
    ("Reduced 5%", "T5", "5"),
    ("Zero rated", "T0", "0"),
]
CHART = [
    ("4000", "Sales", "revenue"),
    ("4010", "Sales - parts", "revenue"),
    ("5000", "Materials", "expense"),
    ("1200", "Bank", "bank"),
]


def make_company(name, email_prefix):
    company = Company(name=name)
    db.session.add(company)
    for role in (User.ADMIN, User.OFFICE):
        user = User(
            company=company,
            email=f"{role}@{email_prefix}.example",
            role=role,
            name=f"{role.title()} of {name}",
        )
        user.set_password(PASSWORD)
        db.session.add(user)
    for tax_name, code, rate in VAT:
        db.session.add(
            TaxCode(company=company, name=tax_name, code=code, rate=Decimal(rate))
        )
    for code, nominal_name, kind in CHART:
        db.session.add(
            NominalCode(company=company, code=code, name=nominal_name, type=kind)
        )
    db.session.commit()
    return company


def user(company, role=User.ADMIN):
    return db.session.scalar(
        sa.select(User).where(User.company_id == company.id, User.role == role)
    )


def tax_code(company, code="T1"):
    return db.session.scalar(
        sa.select(TaxCode).where(TaxCode.company_id == company.id, TaxCode.code == code)
    )


def nominal_code(company, code="4000"):
    return db.session.scalar(
        sa.select(NominalCode).where(
            NominalCode.company_id == company.id, NominalCode.code == code
        )
    )


def make_customer(company, name="Brightwater Housing", **fields):
    customer = Customer(
        company=company,
        name=name,
        email=fields.pop("email", "ap@bright.example"),
        **fields,
    )
    db.session.add(customer)
    db.session.commit()
    return customer


def make_supplier(company, name="City Plumbing Supplies", **fields):
    supplier = Supplier(company=company, name=name, **fields)
    db.session.add(supplier)
    db.session.commit()
    return supplier


def _lines(company, line_class, lines):
    """lines: [([description,] quantity, unit price, tax code[, nominal code])] as
    strings; the description defaults to "Line N" and the nominal code to 4000."""
    made = []
    for i, line in enumerate(lines):
        text = line[0] if len(line) == 5 else f"Line {i + 1}"
        q, p, tax, *nominal = line[1:] if len(line) == 5 else line
        made.append(
            line_class(
                position=i,
                description=text,
                quantity=Decimal(q),
                unit_price=Decimal(p),
                nominal_code=nominal_code(company, (nominal or ["4000"])[0]),
                tax_code=tax_code(company, tax),
            )
        )
    return made


def make_invoice(
    company,
    customer=None,
    lines=(("1", "100.00", "T1"),),
    status=SalesInvoice.APPROVED,
    number=None,
    issue_date=None,
    reference="",
):
    customer = customer or make_customer(company)
    issued = issue_date or date.today() - timedelta(days=10)
    invoice = SalesInvoice(
        company=company,
        customer=customer,
        number=number or SalesInvoice.next_number(db.session, company.id, "INV"),
        issue_date=issued,
        due_date=issued + timedelta(days=30),
        reference=reference,
        status=status,
        lines=_lines(company, SalesInvoiceLine, lines),
    )
    if status == SalesInvoice.APPROVED:
        invoice.approved_at = utcnow()
    invoice.recalculate()
    db.session.add(invoice)
    db.session.commit()
    return invoice


def make_payment(invoice, amount, payment_date=None):
    payment = Payment(
        company_id=invoice.company_id,
        invoice=invoice,
        amount=Decimal(amount),
        payment_date=payment_date or invoice.issue_date,
        method="bank_transfer",
    )
    db.session.add(payment)
    db.session.commit()
    return payment


def make_credit_note(
    invoice,
    lines=(("1", "10.00", "T1"),),
    status=CreditNote.APPROVED,
    number=None,
    issue_date=None,
    reference="",
):
    company = invoice.company
    note = CreditNote(
        company=company,
        customer=invoice.customer,
        invoice=invoice,
        number=number or CreditNote.next_number(db.session, company.id, "CN"),
        issue_date=issue_date or invoice.issue_date,
        reference=reference,
        status=status,
        lines=_lines(company, CreditNoteLine, lines),
    )
    note.recalculate()
    db.session.add(note)
    db.session.commit()
    return note


def make_purchase_invoice(
    company,
    supplier=None,
    lines=(("1", "50.00", "T1", "5000"),),
    number="SUP-1",
    status=PurchaseInvoice.APPROVED,
    issue_date=None,
    reference="",
):
    supplier = supplier or make_supplier(company)
    issued = issue_date or date.today() - timedelta(days=5)
    bill = PurchaseInvoice(
        company=company,
        supplier=supplier,
        number=number,
        issue_date=issued,
        due_date=issued + timedelta(days=30),
        reference=reference,
        status=status,
        lines=_lines(company, PurchaseInvoiceLine, lines),
    )
    bill.recalculate()
    db.session.add(bill)
    db.session.commit()
    return bill


def make_notification(
    user_row, title="Sync finished", read=False, endpoint="invoices.index", **values
):
    note = Notification(
        company_id=user_row.company_id,
        user_id=user_row.id,
        title=title,
        body="All 3 invoices were sent.",
        endpoint=endpoint,
        url_values=json.dumps(values),
        read=read,
    )
    db.session.add(note)
    db.session.commit()
    return note


def fresh(model, row_id):
    """Re-read a row after requests changed it."""
    db.session.expire_all()
    return db.session.get(model, row_id)


def one_of_each(company):
    """One row of every kind for `company`, keyed by the URL parameter naming it."""
    customer = make_customer(company, name=f"{company.name} customer")
    invoice = make_invoice(company, customer)
    draft = make_invoice(company, customer, status="draft")
    return {
        "customer_id": customer.id,
        "supplier_id": make_supplier(company).id,
        "invoice_id": draft.id,
        "credit_note_id": make_credit_note(invoice).id,
        "payment_id": make_payment(invoice, "1.00").id,
        "purchase_invoice_id": make_purchase_invoice(company).id,
        "tax_code_id": tax_code(company).id,
        "nominal_code_id": nominal_code(company).id,
        "user_id": user(company, User.OFFICE).id,
        "notification_id": make_notification(user(company)).id,
        "provider": "xero",
        "run_id": make_sync_run(company, failed_invoice=invoice).id,
        "exclusion_id": make_exclusion(company, "invoice", invoice.id).id,
        "upload_id": make_upload(company).id,
        "export_id": make_export(company).id,
        "kind": "customers",
    }


def make_export(company, status=Export.READY):
    """A finished export whose file has gone: its download says so."""
    row = Export(
        company_id=company.id,
        requested_by_id=user(company).id,
        kind="sales_invoices",
        format="ledgerbridge",
        status=status,
        file_name="sales.csv",
        stored_name="missing.csv",
        expires_at=utcnow() + timedelta(days=7),
    )
    db.session.add(row)
    db.session.commit()
    return row


def make_upload(company, kind="customers"):
    """An import upload whose file has gone: its pages say it expired."""
    row = ImportUpload(
        company_id=company.id,
        uploaded_by_id=user(company).id,
        kind=kind,
        file_name="customers.csv",
        stored_name="gone.csv",
        encoding="utf-8",
        delimiter=",",
    )
    db.session.add(row)
    db.session.commit()
    return row


def make_sync_run(company, status=SyncRun.WITH_ERRORS, provider="xero",
                  failed_invoice=None):  # fmt: skip
    """An ended run; with failed_invoice, one failed item for that invoice."""
    run = SyncRun(
        company_id=company.id,
        provider=provider,
        status=status,
        kinds="push_invoices",
        started_by_id=user(company).id,
        started_at=utcnow(),
        finished_at=utcnow(),
    )
    db.session.add(run)
    db.session.flush()
    if failed_invoice is not None:
        run.failed = 1
        db.session.add(
            SyncItem(
                run_id=run.id,
                kind="invoice",
                local_id=failed_invoice.id,
                label=failed_invoice.number,
                action="skipped",
                status=SyncItem.FAILED,
                error_code="nominal_code_unknown",
                provider_message="Account code '4999' is not a valid code.",
            )
        )
    db.session.commit()
    return run


def make_exclusion(company, kind, local_id):
    row = SyncExclusion(company_id=company.id, kind=kind, local_id=local_id)
    db.session.add(row)
    db.session.commit()
    return row
