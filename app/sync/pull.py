"""Pull: the package is the master of tax codes, nominal codes and its customers."""

import logging

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import Customer, ExternalLink, NominalCode, SyncItem, TaxCode
from app.providers.base import UnreadableRecord
from app.sync import codes, counts, links

log = logging.getLogger("ledgerbridge.sync")

PAGE = 200  # items between progress saves


def pull_codes(context):
    """Link our codes to theirs, create the ones we lack, deactivate archived ones."""
    pull_tax_codes(context)
    pull_nominal_codes(context)
    codes.resolve(context.codes, context.company_id, context.options)
    codes.follow_package(context.codes, context.company_id)
    db.session.commit()


def pull_tax_codes(context):
    company_id, provider = context.company_id, context.provider_key
    ours = list(db.session.scalars(TaxCode.for_company(company_id)))
    taken = {code.code.casefold() for code in ours}
    existing = links.of(company_id, provider, "tax_code", [c.id for c in ours])
    local_of = {}
    for local in ours:
        remote = context.codes.taxes.get(local.id)
        if remote is not None:
            local_of.setdefault(remote.remote_id, local)
    for done, remote in enumerate(context.codes.remote_taxes, 1):
        local = local_of.get(remote.remote_id)
        if local is None and remote.active:
            local = TaxCode(
                company_id=company_id,
                code=unique(remote.code, taken, 40),
                name=remote.name[:100],
                rate=remote.rate,
                source=provider,
            )
            db.session.add(local)
            db.session.flush()
            context.record("tax_code", local.id, local.label, "created")
        elif local is not None:
            note_changes(context, "tax_code", local, remote.active, existing)
        if local is not None:
            links.settle(company_id, provider, "tax_code", local.id, remote.remote_id,
                         existing=existing.get(local.id))  # fmt: skip
        if done % PAGE == 0:
            context.advance("tax_code", PAGE)
    context.advance("tax_code", len(context.codes.remote_taxes) % PAGE)


def pull_nominal_codes(context):
    company_id, provider = context.company_id, context.provider_key
    ours = codes.local_nominal_codes(company_id)
    existing = links.of(
        company_id, provider, "nominal_code", [c.id for c in ours.values()]
    )
    for done, remote in enumerate(context.codes.remote_accounts, 1):
        local = ours.get(remote.code)
        if local is None and remote.active:
            local = NominalCode(
                company_id=company_id,
                code=remote.code[:20],
                name=remote.name[:150],
                type=remote.type,
                source=provider,
            )
            db.session.add(local)
            db.session.flush()
            ours[local.code] = local
            context.record("nominal_code", local.id, local.label, "created")
        elif local is not None:
            note_changes(context, "nominal_code", local, remote.active, existing)
        if local is not None:
            links.settle(company_id, provider, "nominal_code", local.id,
                         remote.remote_id, existing=existing.get(local.id))  # fmt: skip
        if done % PAGE == 0:
            context.advance("nominal_code", PAGE)
    context.advance("nominal_code", len(context.codes.remote_accounts) % PAGE)


def note_changes(context, kind, local, active, existing):
    """Archived there makes it inactive here; a first link is worth a line."""
    if local.active and not active:
        local.active = False
        context.record(kind, local.id, local.label, "deactivated")
    elif local.id not in existing or existing[local.id].state != ExternalLink.LINKED:
        context.record(kind, local.id, local.label, "linked")


def unique(code, taken, size):
    """Their code, or with a suffix when one of ours already uses it."""
    candidate, n = code[:size], 2
    while candidate.casefold() in taken:
        suffix = f"-{n}"
        candidate, n = code[: size - len(suffix)] + suffix, n + 1
    taken.add(candidate.casefold())
    return candidate


def normal_name(name):
    """Names as the packages compare them: case, spacing and '&' set aside."""
    return " ".join((name or "").replace("&", " and ").casefold().split())


def remote_customers(context):
    """Every customer in the package, archived too, read once per run."""
    if context.remote_customers is None:
        index, unreadable = {}, []
        for remote in context.provider.customers(include_archived=True):
            if isinstance(remote, UnreadableRecord):
                unreadable.append(remote)  # the pull reports it as an item
                continue
            index.setdefault(normal_name(remote.name), []).append(remote)
        context.remote_customers, context.unreadable = index, unreadable
    return context.remote_customers


def best_match(index, name, email):
    """The package's customer with our name; email decides between namesakes."""
    found = index.get(normal_name(name)) or []
    if len(found) > 1 and email:
        by_email = [r for r in found if (r.email or "").casefold() == email.casefold()]
        found = by_email or found
    active = [r for r in found if r.active]
    return (active or found or [None])[0]


def pull_customers(context):
    """Import their customers we lack, link the ones we share, skip archived ones."""
    company_id, provider = context.company_id, context.provider_key
    index = remote_customers(context)
    settled = links.remote_ids(company_id, provider, "customer")
    context.linked_customers = set(settled)
    linked_remote = set(settled.values())
    ours = {}
    for row in db.session.execute(
        sa.select(Customer.id, Customer.name, Customer.email).where(
            Customer.company_id == company_id
        )
    ):
        ours.setdefault(normal_name(row.name), []).append(row)
    numbers = set(
        db.session.scalars(
            sa.select(Customer.account_number).where(
                Customer.company_id == company_id, Customer.account_number.is_not(None)
            )
        )
    )
    remotes = counts.to_pull(
        [r for group in index.values() for r in group], linked_remote
    )
    context.set_total("customer_pull", len(remotes))
    for unreadable in context.unreadable:
        failed(context, unreadable.label, unreadable.message, unreadable.remote_id)
    for done, remote in enumerate(remotes, 1):
        if remote.remote_id not in linked_remote:  # two index entries, one record
            pull_safely(context, remote, ours, numbers)
            linked_remote.add(remote.remote_id)
        if done % PAGE == 0:
            context.advance("customer_pull", PAGE)
    context.advance("customer_pull", len(remotes) % PAGE)


def failed(context, label, message, remote_id=None):
    """One of their customers could not come across: an item says why."""
    context.record("customer_pull", None, label, "skipped",
                   status=SyncItem.FAILED, code="provider_error", note=message,
                   remote_id=remote_id)  # fmt: skip


def pull_safely(context, remote, ours, numbers):
    """Pull one customer in a savepoint, so a record the database refuses fails
    as one item and the rest of the pull (and the run) carries on."""
    linked = set(context.linked_customers)
    savepoint = db.session.begin_nested()
    try:
        pull_one_customer(context, remote, ours, numbers)
        savepoint.commit()
    except SQLAlchemyError as error:
        savepoint.rollback()
        log.warning("Customer %s not pulled: %s", remote.remote_id, error)
        context.linked_customers = linked
        failed(
            context,
            remote.name[:250] or "(no name)",
            "The database could not store this customer as the package sent it; "
            "check its name and details there.",
            remote.remote_id,
        )


def pull_one_customer(context, remote, ours, numbers):
    company_id, provider = context.company_id, context.provider_key
    namesakes = ours.get(normal_name(remote.name)) or []
    if len(namesakes) > 1 and remote.email:
        namesakes = [
            r
            for r in namesakes
            if (r.email or "").casefold() == remote.email.casefold()
        ] or namesakes
    free = [r for r in namesakes if r.id not in context.linked_customers]
    if free:
        local_id, action, label = free[0].id, "linked", free[0].name
    else:
        number = remote.account_number
        customer = Customer(
            company_id=company_id,
            name=remote.name.strip()[:200] or "(no name)",
            email=(remote.email or "")[:254],
            phone=(remote.phone or "")[:40],
            account_number=number[:50] if number and number not in numbers else None,
        )
        if customer.account_number:
            numbers.add(customer.account_number)
        db.session.add(customer)
        db.session.flush()
        local_id, action, label = customer.id, "created", customer.name
    existing = links.of(company_id, provider, "customer", [local_id]).get(local_id)
    links.settle(company_id, provider, "customer", local_id, remote.remote_id,
                 existing=existing)  # fmt: skip
    context.linked_customers.add(local_id)
    context.record("customer_pull", local_id, label, action, remote_id=remote.remote_id)
