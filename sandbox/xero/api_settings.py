"""Reference data: TaxRates, Accounts and the Organisation."""

from datetime import date

from flask import g, request

from sandbox.storage import sandbox_db
from sandbox.xero import query, store
from sandbox.xero.batch import invalid_body, read_body
from sandbox.xero.blueprints import api
from sandbox.xero.models import XeroOrganisation
from sandbox.xero.render import render_account
from sandbox.xero.tokens import aware
from sandbox.xero.wire import (
    bad_request,
    envelope,
    loads,
    ms_date,
    ms_datetime,
    not_found,
)


@api.route("/TaxRates")
def tax_rates():
    """Tax rates, with where and order; not paged."""
    try:
        rows = query.select(g.sandbox_tenant, store.TAX_RATE)
        pairs = query.filter_and_order(rows, "TaxType")
    except query.QueryError as error:
        return query.query_error(str(error))
    return envelope("TaxRates", [data for _row, data in pairs])


@api.route("/TaxRates/<tax_type>")
def tax_rate(tax_type):
    """One tax rate by its TaxType."""
    found = store.Lookups(g.sandbox_tenant).tax_rate(tax_type)
    return envelope("TaxRates", [found]) if found else not_found()


@api.route("/Accounts")
def accounts():
    """The chart of accounts, with where, order and If-Modified-Since; not paged."""
    try:
        rows = query.select(g.sandbox_tenant, store.ACCOUNT)
        pairs = query.filter_and_order(rows, "AccountID")
    except query.QueryError as error:
        return query.query_error(str(error))
    return envelope("Accounts", [render_account(row, data) for row, data in pairs])


@api.route("/Accounts/<account_id>", methods=["GET", "POST"])
def account(account_id):
    """One account; POST updates its name, description or status."""
    found = store.record(g.sandbox_tenant, store.ACCOUNT, account_id)
    if found is None:
        return not_found()
    data = store.data_of(found)
    if request.method == "GET":
        return envelope("Accounts", [render_account(found, data)])
    body = read_body()
    items = body.get("Accounts") if isinstance(body, dict) else None
    if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], dict):
        return invalid_body()
    change = items[0]
    status = change.get("Status", data["Status"])
    if status not in ("ACTIVE", "ARCHIVED"):
        return bad_request(f"The account status '{status}' is not valid.")
    if data.get("SystemAccount") and status != "ACTIVE":
        return bad_request("System accounts cannot be archived.")
    for key in ("Name", "Description"):
        if isinstance(change.get(key), str) and change[key].strip():
            data[key] = change[key].strip()
    data["Status"] = status
    store.save(found, data, status=status)
    sandbox_db.session.commit()
    return envelope("Accounts", [render_account(found, data)])


@api.route("/Organisation")
def organisation():
    """The connected organisation, with its lock dates."""
    org = sandbox_db.session.get(XeroOrganisation, g.sandbox_tenant)
    data = loads(org.data)
    for field, value in (
        ("PeriodLockDate", org.period_lock_date),
        ("EndOfYearLockDate", org.end_of_year_lock_date),
    ):
        if value:
            data[field] = ms_date(date.fromisoformat(value))
    data["CreatedDateUTC"] = ms_datetime(aware(org.created_at))
    return envelope("Organisations", [data])
