"""Seed the two demo organisations; safe to call on every start."""

from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from demo.data import NOMINAL_CODES
from sandbox.storage import sandbox_db
from sandbox.xero import seed_data, store
from sandbox.xero.models import XeroOrganisation
from sandbox.xero.wire import dumps, now


def organisation_fields(spec, tenant_id):
    """The Organisation fields Xero returns for a UK VAT-registered company."""
    return {
        "OrganisationID": tenant_id,
        "APIKey": "",
        "Name": spec["Name"],
        "LegalName": spec["LegalName"],
        "PaysTax": True,
        "Version": "UK",
        "OrganisationType": "COMPANY",
        "BaseCurrency": "GBP",
        "CountryCode": "GB",
        "IsDemoCompany": False,
        "OrganisationStatus": "ACTIVE",
        "RegistrationNumber": spec["RegistrationNumber"],
        "TaxNumber": spec["TaxNumber"],
        "FinancialYearEndDay": 31,
        "FinancialYearEndMonth": 3,
        "SalesTaxBasis": "ACCRUALS",
        "SalesTaxPeriod": "QUARTERLY1",
        "DefaultSalesTax": "Tax Exclusive",
        "DefaultPurchasesTax": "Tax Exclusive",
        "Timezone": "GMTSTANDARDTIME",
        "OrganisationEntityType": "COMPANY",
        "ShortCode": spec["ShortCode"],
        "Class": "STANDARD",
        "Edition": "BUSINESS",
        "LineOfBusiness": "Building services",
        "Addresses": [],
        "Phones": [],
        "ExternalLinks": [],
        "PaymentTerms": {},
    }


def seed():
    """Create the organisations that do not exist yet."""
    for position, spec in enumerate(seed_data.ORGANISATIONS):
        tenant_id = store.seed_id("organisation", spec["Name"])
        if sandbox_db.session.get(XeroOrganisation, tenant_id):
            continue
        try:
            seed_organisation(tenant_id, spec, position)
            sandbox_db.session.commit()
        except IntegrityError:
            sandbox_db.session.rollback()  # another process seeded it first


def seed_organisation(tenant_id, spec, position):
    sandbox_db.session.add(
        XeroOrganisation(
            tenant_id=tenant_id,
            name=spec["Name"],
            position=position,
            created_at=now(),
            data=dumps(organisation_fields(spec, tenant_id)),
        )
    )
    sandbox_db.session.flush()
    for code, name, kind, tax_type, extra in seed_data.ACCOUNTS:
        add_account(tenant_id, code, name, kind, tax_type, extra)
    if position == 0:
        # The demo company kept its old sales codes when it moved to Xero.
        for code, name, kind in NOMINAL_CODES:
            if kind == "revenue":
                add_account(tenant_id, code, name, "REVENUE", "OUTPUT2", {})
    for tax_type, name, rate, report, applies, status in seed_data.TAX_RATES:
        add_tax_rate(tenant_id, tax_type, name, rate, report, applies, status)
    for name, status, email in seed_data.CONTACTS.get(spec["Name"], []):
        add_contact(tenant_id, name, status, email)
    if position == 0:
        seed_invoices(tenant_id)


def add_account(tenant_id, code, name, kind, tax_type, extra):
    data = {
        "Code": code,
        "Name": name,
        "Type": kind,
        "Status": "ACTIVE",
        "TaxType": tax_type,
        "Class": seed_data.CLASS_OF_TYPE[kind],
        "EnablePaymentsToAccount": False,
        "ShowInExpenseClaims": False,
        "BankAccountType": "BANK" if kind == "BANK" else "",
        "ReportingCode": "",
        "HasAttachments": False,
        "AddToWatchlist": False,
        **extra,
    }
    if kind == "BANK":
        data["CurrencyCode"] = "GBP"
    store.add(
        tenant_id,
        store.ACCOUNT,
        data,
        record_id=store.seed_id(tenant_id, "account", code),
        number=code,
        status=data["Status"],
    )


def add_tax_rate(tenant_id, tax_type, name, rate, report, applies, status):
    sales = applies in ("sales", "both")
    purchases = applies in ("purchases", "both")
    data = {
        "Name": name,
        "TaxType": tax_type,
        "ReportTaxType": report,
        "CanApplyToAssets": purchases,
        "CanApplyToEquity": True,
        "CanApplyToExpenses": purchases,
        "CanApplyToLiabilities": True,
        "CanApplyToRevenue": sales,
        "DisplayTaxRate": Decimal(rate),
        "EffectiveRate": Decimal(rate),
        "Status": status,
        "TaxComponents": [
            {
                "Name": "VAT",
                "Rate": Decimal(rate),
                "IsCompound": False,
                "IsNonRecoverable": False,
            }
        ],
    }
    store.add(
        tenant_id,
        store.TAX_RATE,
        data,
        record_id=store.seed_id(tenant_id, "tax", tax_type),
        number=tax_type,
        status=status,
    )


def add_contact(tenant_id, name, status, email):
    from sandbox.xero.contacts import contact_columns

    data = {
        "ContactStatus": status,
        "Name": name,
        "EmailAddress": email,
        "Addresses": [{"AddressType": "POBOX"}, {"AddressType": "STREET"}],
        "Phones": [{"PhoneType": "DEFAULT"}],
        "ContactGroups": [],
        "ContactPersons": [],
        "IsSupplier": False,
        "IsCustomer": False,
    }
    store.add(
        tenant_id,
        store.CONTACT,
        data,
        record_id=store.seed_id(tenant_id, "contact", name),
        **contact_columns(data),
    )


def seed_invoices(tenant_id):
    from sandbox.xero.documents import DocumentWriter

    writer = DocumentWriter(store.INVOICE, tenant_id)
    for number, contact, status, description, amount in seed_data.INVOICES:
        contact_id = store.seed_id(tenant_id, "contact", contact)
        outcome = writer.write(
            {
                "Type": "ACCREC",
                "InvoiceNumber": number,
                "Contact": {"ContactID": contact_id},
                "Date": (now().date()).isoformat(),
                "DueDate": (now().date()).isoformat(),
                "Status": status,
                "LineItems": [
                    {
                        "Description": description,
                        "Quantity": Decimal(1),
                        "UnitAmount": Decimal(amount),
                        "AccountCode": "200",
                        "TaxType": "OUTPUT2",
                    }
                ],
            },
            create_only=True,
        )
        if outcome.errors:
            raise RuntimeError(f"seed invoice {number}: {outcome.errors}")
    org = sandbox_db.session.get(XeroOrganisation, tenant_id)
    org.next_invoice_number = 3
