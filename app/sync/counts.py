"""How many records of each kind a run would touch: the modal's and the bar's totals."""

from app.extensions import db
from app.sync import candidates


def push_counts(company_id, provider, kinds):
    """{kind: number} of records a push would send now."""
    found = {}
    if kinds & {"invoice", "credit_note", "payment"}:
        found["customer"] = scalar(candidates.customer_ids(company_id, provider, kinds))
    for kind in ("invoice", "credit_note"):
        if kind in kinds:
            found[kind] = scalar(candidates.document_ids(company_id, provider, kind))
            found[kind] += scalar(candidates.void_ids(company_id, provider, kind))
    if "credit_note" in kinds:
        found["allocation"] = scalar(candidates.allocation_ids(company_id, provider))
    if "payment" in kinds:
        found["payment"] = scalar(candidates.payment_ids(company_id, provider))
        found["payment"] += scalar(
            candidates.deleted_payment_links(company_id, provider)
        )
    return found


def scalar(query):
    return db.session.scalar(candidates.count(query)) or 0


def totals(context):
    """The run's totals per kind: the package's lists for pulls, ours for pushes."""
    asked = set(context.run.kind_list)
    kinds = context.run.pushed_kinds
    found = push_counts(context.company_id, context.provider_name, kinds)
    if context.only is not None:
        found = {kind: len(ids) for kind, ids in context.only.items() if ids}
    if "pull_codes" in asked:
        found["tax_code"] = len(context.codes.remote_taxes)
        found["nominal_code"] = len(context.codes.remote_accounts)
    return found
