"""One record's sync as its own page shows it: last sent, last failure, the link."""

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.integrations.services import linked_connection
from app.models.sync import ExternalLink, SyncItem, SyncRun
from app.providers.registry import PROVIDER_NAMES


@dataclass
class SyncStatus:
    """What the page says: sent when, failed why, where it is in the package."""

    provider_name: str
    link: ExternalLink | None
    last: SyncItem | None  # the newest item of this record, for this package
    last_run: SyncRun | None
    remote_url: str | None

    @property
    def sent(self):
        return self.link is not None and self.link.state != ExternalLink.PENDING

    @property
    def problem(self):
        """The newest item when it failed or was held back, else None."""
        if self.last is not None and self.last.status != SyncItem.OK:
            return self.last
        return None


def sync_status(company_id, kind, local_id):
    """The record's sync with the package in use (or the one it last went to)."""
    link = db.session.scalar(
        ExternalLink.for_company(company_id)
        .where(ExternalLink.kind == kind, ExternalLink.local_id == local_id)
        .order_by(ExternalLink.synced_at.desc().nulls_last(), ExternalLink.id.desc())
        .limit(1)
    )
    connection = linked_connection(company_id)
    provider = connection.provider if connection else (link.provider if link else None)
    if provider is None:
        return None
    if link is not None and link.provider != provider:
        link = None
    row = db.session.execute(
        sa.select(SyncItem, SyncRun)
        .join(SyncRun, SyncRun.id == SyncItem.run_id)
        .where(
            SyncRun.company_id == company_id,
            SyncRun.provider == provider,
            SyncItem.kind == kind,
            SyncItem.local_id == local_id,
        )
        .order_by(SyncItem.id.desc())
        .limit(1)
    ).first()
    last, run = (row[0], row[1]) if row else (None, None)
    url = (link.remote_url if link else None) or (
        last.remote_url if last is not None else None
    )
    return SyncStatus(PROVIDER_NAMES.get(provider, provider), link, last, run, url)


def sync_context(kind, local_id):
    """What templates/shared/_sync_status.html needs, for the signed-in company."""
    from flask_login import current_user

    from app.sync import catalogue, failures

    return {
        "sync": sync_status(current_user.company_id, kind, local_id),
        "entry": catalogue.entry,
        "explain": failures.explain,
    }
