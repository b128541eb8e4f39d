"""Audit trail filters: the person, kind and dates read from the query string."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.history.filters import read_choice, read_dates, uk
from app.models import AuditEntry, User
from app.models.base import MAX_ID


@dataclass
class Filters:
    """The list's filters as understood, and a message for each value we ignored."""

    actor_id: int | None = None
    kind: str = ""
    date_from: object = None
    date_to: object = None
    problems: list = field(default_factory=list)

    def any(self):
        return bool(self.actor_id or self.kind or self.date_from or self.date_to)

    def args(self):
        """The filters as query-string values (for links and the CSV)."""
        values = {
            "actor": self.actor_id,
            "kind": self.kind,
            "date_from": uk(self.date_from),
            "date_to": uk(self.date_to),
        }
        return {key: value for key, value in values.items() if value}


def people(company_id):
    """The company's users, for the person filter."""
    return db.session.scalars(
        sa.select(User).where(User.company_id == company_id).order_by(User.email)
    ).all()


def read_filters(args, company_id):
    """Filters from the query string; bad values are dropped with a message."""
    found = Filters()
    actor = args.get("actor", "").strip()
    if actor:
        digits = actor.isascii() and actor.isdigit()
        actor_id = int(actor) if digits and int(actor) < MAX_ID else None
        if actor_id and db.session.scalar(
            sa.select(User.id).where(User.id == actor_id, User.company_id == company_id)
        ):
            found.actor_id = actor_id
        else:
            found.problems.append(
                "That person is not one of this company's users, so it was ignored."
            )
    read_choice(args, found, "kind", AuditEntry.KIND_LABELS, "a kind of entry")
    return read_dates(args, found)
