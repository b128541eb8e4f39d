"""What Save & Sync would do: per kind the direction and count, and a preflight of
the records that will surely fail, each with the reason and where to fix it."""

from dataclasses import dataclass, field

from flask import url_for

from app.extensions import db
from app.integrations.clients import provider_for
from app.providers.base import ProviderError
from app.sync import codes, counts, kinds, links, pull
from app.sync import preflight as checks
from app.sync.context import RunContext

SHOWN = 50  # blockers listed in the modal; the rest are counted
PAGE = 500  # records checked per query


@dataclass
class Row:
    kind: str
    label: str
    direction: str  # "pull" or "push"
    count: int


@dataclass
class Blocker:
    kind: str
    local_id: int
    label: str
    code: str
    message: str
    fix_url: str
    fix_label: str = "Fix"


@dataclass
class Plan:
    provider: str
    provider_name: str
    requests: list
    rows: list = field(default_factory=list)
    blockers: list = field(default_factory=list)
    blocker_count: int = 0
    skip_count: int = 0  # what waits on a failure, or on a record not sent
    check_error: str | None = None

    @property
    def total(self):
        return sum(row.count for row in self.rows)


def build(connection, options, requests):
    """The plan for these requests (sync option names) against this connection."""
    company_id, provider = connection.company_id, connection.provider
    plan = Plan(provider, connection.provider_name, kinds.in_run_order(requests))
    pushed = kinds.pushed_kinds(plan.requests)
    context = RunContext(connection, None, options)
    try:
        context.provider = provider_for(connection, max_retry_wait=5, max_attempts=2)
        connection.lock_date = context.provider.organisation().lock_date
        context.codes = codes.build(company_id, options, context.provider)
        if "pull_customers" in plan.requests or pushed:
            pull.remote_customers(context)
    except ProviderError as error:
        plan.check_error = (
            f"{connection.provider_name} could not be checked just now "
            f"({error.message or error.code}); the counts are ours alone."
        )
    if context.codes is not None:
        if "pull_codes" in plan.requests:
            taxes, accounts = context.codes.remote_taxes, context.codes.remote_accounts
            plan.rows.append(pull_row("tax_code", len(taxes), plan.provider_name))
            plan.rows.append(
                pull_row("nominal_code", len(accounts), plan.provider_name)
            )
    if context.remote_customers is not None and "pull_customers" in plan.requests:
        settled = set(links.remote_ids(company_id, provider, "customer").values())
        remotes = [r for group in context.remote_customers.values() for r in group]
        new = len({r.remote_id for r in counts.to_pull(remotes, settled)})
        plan.rows.append(pull_row("customer_pull", new, plan.provider_name))
    for kind, number in counts.push_counts(company_id, provider, pushed).items():
        plan.rows.append(
            Row(kind, counts.label(kind, plan.provider_name), "push", number)
        )
    if context.codes is not None:
        preflight(plan, context, pushed)
    db.session.commit()  # the lock date read above
    return plan


def pull_row(kind, number, provider_name):
    return Row(kind, counts.label(kind, provider_name), "pull", number)


def block(plan, kind, row, problem, fix):
    """Count a record that will fail; fix is (url, words) of where it is mended."""
    plan.blocker_count += 1
    if len(plan.blockers) < SHOWN:
        plan.blockers.append(
            Blocker(kind, row.id, label(kind, row), problem.code, problem.message, *fix)
        )


def label(kind, row):
    if kind == "customer":
        return row.name
    if kind == "payment":
        return f"Payment of {row.amount:,.2f} on {row.invoice.number}"
    if kind == "allocation":
        return f"Credit {row.number} on {row.invoice.number}"
    return row.number


def preflight(plan, context, pushed):
    """Run every candidate through the same checks the run makes, sending nothing."""
    try:
        checks.check(plan, context, pushed, block, fix_for)
    except ProviderError as error:
        plan.check_error = (
            f"{plan.provider_name} could not be checked just now "
            f"({error.message or error.code}); the counts are ours alone."
        )


DOCUMENT_PAGES = {"invoice": "invoices", "credit_note": "credit_notes"}
# Mended on the document's own lines or dates, while it can still be edited.
EDITED_ON_DOCUMENT = {
    "nominal_code_unknown",
    "tax_code_invalid",
    "no_lines",
    "before_lock_date",
}


def fix_for(problem, kind, row):
    """Where this document's problem is mended: its edit page, else the options."""
    area, arg = DOCUMENT_PAGES[kind], f"{kind}_id"
    if problem.code == "tax_code_unknown":
        return options_fix()
    editable = row.can_edit if kind == "invoice" else row.is_draft
    if problem.code in EDITED_ON_DOCUMENT and editable:
        return url_for(f"{area}.edit", **{arg: row.id}), f"Fix: edit {row.number}"
    if problem.code == "nominal_code_unknown":
        # Money is set against it: a default sales code stands in for the line's.
        return options_fix()
    return url_for(f"{area}.show", **{arg: row.id}), f"Fix: open {row.number}"


def options_fix():
    return url_for("integrations.index", _anchor="sync-options"), "Fix: sync options"
