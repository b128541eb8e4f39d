"""The demo company: deterministic data, built from demo/data.py."""

import random
from datetime import date, timedelta
from decimal import Decimal

import click
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Company,
    CreditNote,
    CreditNoteLine,
    Customer,
    NominalCode,
    Payment,
    PurchaseInvoice,
    PurchaseInvoiceLine,
    SalesInvoice,
    SalesInvoiceLine,
    Supplier,
    TaxCode,
    User,
)
from app.models.base import utcnow
from demo.data import (
    ADMIN,
    COMPANY,
    FIRST,
    NOMINAL_CODES,
    OFFICE,
    SECOND,
    SERVICES,
    STREETS,
    SUPPLIERS,
    TAX_CODES,
    TOWNS,
)


def seed(today=None):
    """Create the demo company unless it exists; returns True when it was created."""
    if db.session.scalar(sa.select(Company.id).where(Company.name == COMPANY)):
        return False
    today = today or date.today()
    rng = random.Random(20231705)
    company = Company(name=COMPANY, base_currency="GBP", country="GB")
    db.session.add(company)
    for email, password, name in (ADMIN, OFFICE):
        user = User(
            company=company,
            email=email,
            name=name,
            role=User.ADMIN if email == ADMIN[0] else User.OFFICE,
        )
        user.set_password(password)
        db.session.add(user)

    taxes = {
        code: TaxCode(company=company, name=name, code=code, rate=Decimal(rate))
        for name, code, rate in TAX_CODES
    }
    nominals = {
        code: NominalCode(company=company, code=code, name=name, type=kind)
        for code, name, kind in NOMINAL_CODES
    }
    db.session.add_all([*taxes.values(), *nominals.values()])

    customers = []
    for i in range(40):
        name = f"{FIRST[i % len(FIRST)]} {SECOND[(i * 7) % len(SECOND)]}"
        town, postcode = TOWNS[i % len(TOWNS)]
        slug = name.lower().replace(" ", "").replace("'", "")
        customers.append(
            Customer(
                company=company,
                name=name,
                email=f"accounts@{slug}.co.uk",
                phone=f"01{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                address_line1=f"{rng.randint(1, 120)} {STREETS[i % len(STREETS)]}",
                city=town,
                postcode=postcode,
                account_number=f"C{i + 1:04d}",
                active=i not in (37, 39),
            )
        )
    db.session.add_all(customers)

    def lines_for(line_class, count):
        lines = []
        for position in range(count):
            description, price, nominal = SERVICES[rng.randrange(len(SERVICES))]
            tax = (
                taxes["T1"] if rng.random() < 0.85 else taxes[rng.choice(["T5", "T0"])]
            )
            lines.append(
                line_class(
                    position=position,
                    description=description,
                    quantity=Decimal(rng.choice(["1", "1", "1", "2", "3", "1.5"])),
                    unit_price=Decimal(price),
                    nominal_code=nominals[nominal],
                    tax_code=tax,
                )
            )
        return lines

    invoices = []
    for i in range(150):
        issued = today - timedelta(days=rng.randint(0, 180))
        invoice = SalesInvoice(
            company=company,
            number=f"INV-{i + 1:05d}",
            customer=customers[rng.randrange(38)],
            issue_date=issued,
            due_date=issued + timedelta(days=30),
            reference=f"JOB-{4100 + i}",
            lines=lines_for(SalesInvoiceLine, rng.randint(1, 4)),
        )
        invoice.recalculate()
        roll = rng.random()
        if roll < 0.12:
            invoice.status = SalesInvoice.DRAFT
        elif roll < 0.18:
            invoice.status = SalesInvoice.VOID
        else:
            invoice.status = SalesInvoice.APPROVED
            invoice.approved_at = utcnow()
        invoices.append(invoice)
    db.session.add_all(invoices)

    approved = [inv for inv in invoices if inv.is_approved]
    credited = approved[::9][:14]
    for n, invoice in enumerate(credited):
        first = invoice.lines[0]
        note = CreditNote(
            company=company,
            number=f"CN-{n + 1:05d}",
            customer=invoice.customer,
            invoice=invoice,
            issue_date=invoice.issue_date + timedelta(days=3),
            reference=f"Credit for {invoice.number}",
            status=CreditNote.APPROVED,
            approved_at=utcnow(),
            lines=[
                CreditNoteLine(
                    position=0,
                    description=f"Credit: {first.description}",
                    quantity=Decimal("1"),
                    unit_price=first.unit_price,
                    nominal_code=first.nominal_code,
                    tax_code=first.tax_code,
                )
            ],
        )
        note.recalculate()
        db.session.add(note)
    db.session.flush()

    methods = list(Payment.METHODS)
    for invoice in approved:
        if invoice in credited or rng.random() > 0.6:
            continue
        outstanding = invoice.total - invoice.amount_paid - invoice.amount_credited
        amount = (
            outstanding
            if rng.random() < 0.8
            else (outstanding / 2).quantize(Decimal("0.01"))
        )
        db.session.add(
            Payment(
                company=company,
                invoice=invoice,
                amount=amount,
                payment_date=min(
                    today, invoice.issue_date + timedelta(days=rng.randint(3, 40))
                ),
                method=rng.choice(methods),
                reference=f"Remittance {invoice.number}",
            )
        )

    suppliers = [
        Supplier(
            company=company,
            name=name,
            account_number=f"S{i + 1:04d}",
            email=f"accounts@{name.lower().replace(' ', '').replace('&', '')}.co.uk",
            city=TOWNS[i % len(TOWNS)][0],
        )
        for i, name in enumerate(SUPPLIERS)
    ]
    db.session.add_all(suppliers)
    for i in range(25):
        issued = today - timedelta(days=rng.randint(0, 120))
        lines = []
        for position in range(rng.randint(1, 3)):
            nominal = rng.choice(["5000", "5100", "7300", "7502", "7500"])
            lines.append(
                PurchaseInvoiceLine(
                    position=position,
                    description=f"{nominals[nominal].name} ({position + 1})",
                    quantity=Decimal("1"),
                    unit_price=Decimal(rng.randint(2000, 90000)) / 100,
                    nominal_code=nominals[nominal],
                    tax_code=taxes["T1"],
                )
            )
        bill = PurchaseInvoice(
            company=company,
            supplier=suppliers[i % len(suppliers)],
            number=f"SUP-{7000 + i}",
            issue_date=issued,
            due_date=issued + timedelta(days=30),
            status=PurchaseInvoice.APPROVED if i % 5 else PurchaseInvoice.DRAFT,
            lines=lines,
        )
        bill.recalculate()
        db.session.add(bill)
    db.session.commit()
    return True


@click.command("seed-demo")
def seed_demo():
    """Load the demo company and its data; does nothing if it is already there."""
    created = seed()
    click.echo("Demo data loaded." if created else "Demo data already present.")
