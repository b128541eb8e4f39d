"""One-time tokens on create forms: a double-click or a resend saves one record.

Every create form carries a hidden random token. The save that makes the record
writes a Submission row with that token in the same transaction, and a unique
index lets only one such row exist; a repeat of the form finds the row and is
sent to the record already made. A form posted without a token (a script, an
old page) is saved as before, unprotected.
"""

import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, request
from markupsafe import Markup

from app.extensions import db
from app.models import Submission
from app.models.base import utcnow

FIELD = "submission"
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,40}")
KEEP = timedelta(days=2)  # a resend after this long is taken as a new form


def posted_token():
    """The token this POST carries, when it is one we could have issued."""
    value = request.form.get(FIELD, "")
    return value if TOKEN.fullmatch(value) else None


def hidden_field():
    """The form's hidden token: the posted one when shown again, else a new one."""
    token = posted_token() or secrets.token_urlsafe(24)
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, token)


def replay_if_saved(company_id):
    """Answer with the record already made when this form was saved before.

    Call it where the unit of work holds its lock, or after the database refused
    a save: then the earlier save has committed, or it never will.
    """
    token = posted_token()
    if token is None:
        return
    earlier = db.session.scalar(
        sa.select(Submission).filter_by(company_id=company_id, token=token)
    )
    if earlier is None:
        return
    url, label = earlier.url, earlier.label
    db.session.rollback()  # nothing of this repeat is kept; any lock goes
    flash(f"{label} was already saved; nothing was added twice.", "info")
    abort(redirect(url))


def keep(company_id, url, label):
    """Note, in the transaction making the record, that this form made it."""
    token = posted_token()
    if token is None:
        return
    db.session.execute(
        sa.delete(Submission).where(
            Submission.company_id == company_id,
            Submission.created_at < utcnow() - KEEP,
        )
    )
    db.session.add(
        Submission(company_id=company_id, token=token, url=url, label=label[:300])
    )


def init_app(app):
    app.add_template_global(hidden_field, "submission_field")
