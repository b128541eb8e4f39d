"""CompanyInfo and Preferences: who the company is and the settings clients check."""

from sandbox.quickbooks import store
from sandbox.quickbooks.envelopes import qbo_time


def envelope(company):
    stamp = qbo_time(store.aware(company.created_at))
    return {
        "domain": "QBO",
        "sparse": False,
        "Id": "1",
        "SyncToken": "0",
        "MetaData": {"CreateTime": stamp, "LastUpdatedTime": stamp},
    }


def info(realm_id):
    company = store.company(realm_id)
    return {
        "CompanyName": company.name,
        "LegalName": company.name,
        "CompanyAddr": {
            "Line1": "1 Station Road",
            "City": "Leeds",
            "PostalCode": "LS1 4AP",
            "Country": "GB",
        },
        "Country": company.country,
        "FiscalYearStartMonth": "April",
        "SupportedLanguages": "en",
        "DefaultTimeZone": "Europe/London",
        **envelope(company),
    }


def preferences(realm_id):
    company = store.company(realm_id)
    closed = company.book_close_date
    accounting = {"UseAccountNumbers": True, "FirstMonthOfFiscalYear": "April"}
    if closed:
        accounting["BookCloseDate"] = closed.isoformat()
    return {
        "AccountingInfoPrefs": accounting,
        "SalesFormsPrefs": {"CustomTxnNumbers": True, "AllowServiceDate": True},
        "TaxPrefs": {"UsingSalesTax": True, "PartnerTaxEnabled": True},
        "CurrencyPrefs": {
            "HomeCurrency": {"value": "GBP"},
            "MultiCurrencyEnabled": False,
        },
        **envelope(company),
    }
