"""How many records of each kind a run would touch: the modal's and the bar's totals."""

from app.extensions import db
from app.models.sync import KIND_LABELS
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
    found = push_counts(context.company_id, context.provider_key, kinds)
    if context.only is not None:
        found = {kind: len(ids) for kind, ids in context.only.items() if ids}
    if "pull_codes" in asked:
        found["tax_code"] = len(context.codes.remote_taxes)
        found["nominal_code"] = len(context.codes.remote_accounts)
    return found


def to_pull(remotes, settled):
    """The package's customers a pull takes: active ones not linked here yet. The
    modal counts these and the run works through exactly these."""
    return [r for r in remotes if r.active and r.remote_id not in settled]


def label(kind, provider_name, count=2):
    """One kind's words, the same in the modal, the top bar and the history."""
    if kind == "customer_pull":
        return f"Customer{'s' if count != 1 else ''} from {provider_name}"
    singular, many = KIND_LABELS.get(kind, (kind, kind))
    return many if count != 1 else singular


def summary(run):
    """A run's outcome in one line: the top bar, the bell and the history say it so."""
    return (
        f"{run.created} created, {run.updated} updated, {run.linked} linked, "
        f"{run.skipped} skipped, {run.failed} failed"
    )
