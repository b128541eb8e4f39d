"""ExternalLink reads and writes: which of their records each of ours is."""

import sqlalchemy as sa

from app.extensions import db
from app.models import ExternalLink
from app.models.base import utcnow


def remote_ids(company_id, provider, kind, local_ids=None):
    """{local id: remote id} of the settled links of one kind."""
    query = sa.select(ExternalLink.local_id, ExternalLink.remote_id).where(
        ExternalLink.company_id == company_id,
        ExternalLink.provider == provider,
        ExternalLink.kind == kind,
        ExternalLink.state == ExternalLink.LINKED,
    )
    if local_ids is not None:
        query = query.where(ExternalLink.local_id.in_(list(local_ids)))
    return dict(db.session.execute(query).all())


def claimed(company_id, provider, kind, remote_ids):
    """Which of these remote ids a record of ours is already linked to."""
    if not remote_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(ExternalLink.remote_id).where(
                ExternalLink.company_id == company_id,
                ExternalLink.provider == provider,
                ExternalLink.kind == kind,
                ExternalLink.remote_id.in_(list(remote_ids)),
            )
        )
    )


def of(company_id, provider, kind, local_ids):
    """{local id: ExternalLink} for these records, whatever their state."""
    if not local_ids:
        return {}
    rows = db.session.scalars(
        sa.select(ExternalLink).where(
            ExternalLink.company_id == company_id,
            ExternalLink.provider == provider,
            ExternalLink.kind == kind,
            ExternalLink.local_id.in_(list(local_ids)),
        )
    )
    return {row.local_id: row for row in rows}


def settle(company_id, provider, kind, local_id, remote_id, *, url=None, digest=None,
           existing=None):  # fmt: skip
    """Record that our record is theirs (remote_id), sent with this content hash."""
    row = existing or ExternalLink(
        company_id=company_id, provider=provider, kind=kind, local_id=local_id
    )
    row.remote_id = remote_id
    row.remote_url = url or row.remote_url
    row.content_hash = digest or row.content_hash
    row.state, row.pending_since = ExternalLink.LINKED, None
    row.synced_at = utcnow()
    db.session.add(row)
    return row


def mark_pending(company_id, provider, kind, local_ids, existing):
    """Before a write goes out: if we die before its reply, look before resending."""
    for local_id in local_ids:
        row = existing.get(local_id)
        if row is None:
            row = existing[local_id] = ExternalLink(
                company_id=company_id, provider=provider, kind=kind, local_id=local_id
            )
        if row.remote_id is None:
            row.state, row.pending_since = ExternalLink.PENDING, utcnow()
        db.session.add(row)


def drop_pending(rows):
    """A definite failure: nothing arrived, so nothing needs looking for."""
    for row in rows:
        if row is not None and row.state == ExternalLink.PENDING:
            if row.remote_id is None:
                db.session.delete(row)
            else:
                row.state = ExternalLink.LINKED
