"""Checking purchase invoice rows: one row per line, grouped by supplier and number."""

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.document_limits import (
    MAX_PRICE,
    MAX_QUANTITY,
    too_large,
    too_many_lines,
    totals_problem,
)
from app.extensions import db
from app.imports.checks import CellError, Checker, uk_date
from app.imports.tax_lookup import find_tax
from app.models import (
    ExternalLink,
    NominalCode,
    PurchaseInvoice,
    PurchaseInvoiceLine,
    Supplier,
    TaxCode,
)
from app.models.documents import line_amounts
from app.money import ZERO, parse_decimal

PURCHASE_TYPES = ("expense", "asset")  # as the purchase form offers them


def quantity(text):
    return parse_decimal(
        text,
        places=4,
        label="Quantity",
        minimum=Decimal("0.0001"),
        maximum=MAX_QUANTITY,
    )


def unit_price(text):
    return parse_decimal(
        text, places=4, label="Unit price", minimum=ZERO, maximum=MAX_PRICE
    )


class PurchaseChecker(Checker):
    """Lines of supplier invoices; an invoice goes in whole or not at all."""

    def prepare(self):
        company = self.company_id
        self.by_account, self.by_name = {}, {}
        for supplier in db.session.scalars(Supplier.for_company(company)):
            if supplier.account_number:
                self.by_account[supplier.account_number.casefold()] = supplier
            self.by_name.setdefault(supplier.name.casefold(), []).append(supplier)
        self.nominals = {
            n.code.casefold(): n
            for n in db.session.scalars(NominalCode.for_company(company))
        }
        self.taxes = list(db.session.scalars(TaxCode.for_company(company)))
        links = db.session.execute(
            sa.select(ExternalLink.remote_id, ExternalLink.local_id).where(
                ExternalLink.company_id == company, ExternalLink.kind == "tax_code"
            )
        )
        by_id = {t.id: t for t in self.taxes}
        self.linked_taxes = {
            remote.casefold(): by_id[local]
            for remote, local in links
            if remote and local in by_id
        }
        self.existing = {
            (supplier_id, number.casefold())
            for supplier_id, number in db.session.execute(
                sa.select(PurchaseInvoice.supplier_id, PurchaseInvoice.number).where(
                    PurchaseInvoice.company_id == company
                )
            )
        }

    def supplier(self, row):
        name, account = self.take(row, "supplier"), self.take(row, "supplier_account")
        if account:
            found = self.by_account.get(account.casefold())
            if found is None:
                self.fail(
                    row, "supplier_account", f"No supplier has account {account}."
                )
        elif name:
            matches = self.by_name.get(name.casefold(), [])
            if len(matches) > 1:
                self.fail(
                    row,
                    "supplier",
                    f"{len(matches)} suppliers are called "
                    f"{name}; add a Supplier account column.",
                )
                return None
            found = matches[0] if matches else None
            if found is None:
                self.fail(
                    row,
                    "supplier",
                    f"No supplier called {name}. Add them "
                    "first, or import your suppliers.",
                )
        else:
            if "supplier" in row.values and "supplier_account" in row.values:
                self.fail(row, "supplier", "Supplier is required.")
            return None
        if found is not None and not found.active:
            self.fail(
                row, "supplier", f"{found.name} is inactive; activate them first."
            )
        return found

    def nominal(self, text):
        code = self.nominals.get(text.casefold())
        if code is None:
            raise CellError(f"No nominal code {text}.")
        if code.type not in PURCHASE_TYPES:
            raise CellError(
                f"{code.code} is a {code.type} code; purchases go to expense or "
                "asset codes."
            )
        if not code.active:
            raise CellError(f"Nominal code {code.code} is inactive.")
        return code

    def tax(self, text):
        return find_tax(self.taxes, self.linked_taxes, text)

    def check(self, row):
        supplier = self.supplier(row)
        number = self.take(row, "number")
        self.take(row, "issue_date", uk_date)
        self.take(row, "due_date", uk_date)
        self.take(row, "reference", default="")
        self.take(row, "description")
        qty = self.take(row, "quantity", quantity, default=Decimal(1))
        price = self.take(row, "unit_price", unit_price)
        self.take(row, "nominal_code", self.nominal)
        tax = self.take(row, "tax_code", self.tax)
        if None not in (qty, price, tax):
            net, vat = line_amounts(qty, price, tax.rate)
            message = too_large("The line", net + vat)
            if message:
                self.fail(row, "unit_price", message)
            else:
                row.values["amounts"] = (net, vat)
        if supplier is not None and number:
            row.values["key"] = (supplier.id, number.casefold())
            row.values["supplier_obj"] = supplier

    def finish(self, rows):
        self.groups, last, where = {}, None, {}
        for row in rows:
            key = row.values.get("key")
            if key is None:
                last = None
                continue
            if key in self.groups and key != last:
                first = where[key]
                self.fail(
                    row,
                    "number",
                    f"Invoice {row.values['number']} is already "
                    f"on row {first}; keep an invoice's lines together.",
                )
                last = None
                continue
            self.groups.setdefault(key, []).append(row)
            where.setdefault(key, row.number)
            last = key
        for key, lines in self.groups.items():
            self.check_invoice(key, lines)

    def check_invoice(self, key, lines):
        """Rules for one invoice: one header, new to the supplier, a sane size."""
        head = lines[0]
        for name in ("issue_date", "due_date", "reference"):
            value = next(
                (r.values.get(name) for r in lines if r.values.get(name)), None
            )
            for row in lines:
                own = row.values.get(name)
                if own and value and own != value:
                    shown = value.strftime("%d/%m/%Y") if name != "reference" else value
                    self.fail(
                        row,
                        name,
                        f"Differs from row {head.number} of the same "
                        f"invoice ({shown}).",
                    )
            head.values[f"invoice_{name}"] = value
        issued, due = head.values["invoice_issue_date"], head.values["invoice_due_date"]
        if issued and due and due < issued:
            self.fail(
                head, "due_date", "The due date cannot be before the invoice date."
            )
        number, supplier = head.values["number"], head.values["supplier_obj"]
        if key in self.existing:
            self.fail(
                head,
                "number",
                f"{supplier.name} already has an invoice numbered {number}.",
            )
        problem = too_many_lines(len(lines))
        if problem:
            self.fail(head, "number", f"Invoice {number}: {problem}")
        amounts = [r.values["amounts"] for r in lines if "amounts" in r.values]
        problem = totals_problem(amounts)
        if problem:
            self.fail(head, "unit_price", f"Invoice {number}: {problem}")
        bad = [r.number for r in lines if not r.ok]
        for row in lines:
            if row.ok and bad:
                row.errors.append(
                    (
                        "Invoice",
                        f"Not imported: row {bad[0]} of the same "
                        "invoice has a problem.",
                    )
                )

    def build(self, rows):
        invoices = []
        for lines in self.groups.values():
            if not all(row.ok for row in lines):
                continue
            head = lines[0].values
            issued = head["invoice_issue_date"]
            invoice = PurchaseInvoice(
                company_id=self.company_id,
                supplier=head["supplier_obj"],
                number=head["number"],
                issue_date=issued,
                due_date=head["invoice_due_date"] or issued + timedelta(days=30),
                reference=head["invoice_reference"] or "",
                status=PurchaseInvoice.DRAFT,
            )
            for position, row in enumerate(lines):
                invoice.lines.append(
                    PurchaseInvoiceLine(
                        position=position,
                        description=row.values["description"],
                        quantity=row.values["quantity"],
                        unit_price=row.values["unit_price"],
                        nominal_code=row.values["nominal_code"],
                        tax_code=row.values["tax_code"],
                    )
                )
            invoice.recalculate()
            invoices.append(invoice)
        return invoices
