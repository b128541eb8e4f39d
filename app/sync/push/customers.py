"""Push customers: link a namesake there, else create; send what changed."""

from app.models import Customer, ExternalLink
from app.models.sync import SyncItem
from app.sync import candidates, links, payloads, pull
from app.sync.push.batch import page_of, send, settle_results, size_of


def push_customers(context):
    """Customers the documents need: link a namesake, else create; update changed."""
    company_id, provider = context.company_id, context.provider_key
    query = candidates.customer_ids(company_id, provider, context.run.pushed_kinds)
    index = pull.remote_customers(context)
    for ids in candidates.id_pages(query, Customer, size_of(context)):
        rows = page_of(Customer, ids)
        existing = links.of(company_id, provider, "customer", ids)
        creates, updates = [], []
        for row in rows:
            if not context.wanted("customer", row.id):
                continue
            link = existing.get(row.id)
            if link is not None and link.state == ExternalLink.LINKED:
                updates.append((row, payloads.customer(row, link.remote_id)))
                continue
            match = pull.best_match(index, row.name, row.email)
            if match is not None and match.active:
                links.settle(company_id, provider, "customer", row.id,
                             match.remote_id, existing=link)  # fmt: skip
                context.record("customer", row.id, row.name, "linked",
                               remote_id=match.remote_id)  # fmt: skip
            elif match is not None:
                context.record(
                    "customer", row.id, row.name, "skipped", status=SyncItem.FAILED,
                    code="customer_archived",
                    note=f"{row.name} is archived in {context.provider_label}.",
                )  # fmt: skip
            else:
                creates.append((row, payloads.customer(row)))
        for chosen, action in ((creates, "created"), (updates, "updated")):
            if chosen:
                results = send(context, "customer", chosen, existing,
                               context.provider.push_customers)  # fmt: skip
                settle_results(context, "customer", chosen, results, existing, action)
        context.advance("customer", len(ids))
