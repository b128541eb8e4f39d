"""Writing the audit trail: one call beside each change it describes."""

import json

from flask import has_request_context, request
from flask_login import current_user

from app.extensions import db
from app.models import AuditEntry


def client_address():
    """The client's address as the app sees it (the proxy's header only if trusted)."""
    return (request.remote_addr or "")[:45] if has_request_context() else ""


def record(kind, summary, *, company_id=None, actor=None, email=None, details=None):
    """Add an entry to the session; the caller's commit saves it with its change.

    The actor defaults to the signed-in user, and the company to theirs. A job or
    the CLI passes them (or none). `details` is a dict, saved as JSON (say
    {"before": {...}, "after": {...}} for a change of settings).
    """
    if kind not in AuditEntry.KINDS:
        raise ValueError(f"unknown audit kind {kind!r}")
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if actor is not None and company_id is None:
        company_id = actor.company_id
    entry = AuditEntry(
        kind=kind,
        summary=summary[:500],
        company_id=company_id,
        actor_id=actor.id if actor is not None else None,
        actor_email=((actor.email if actor is not None else email) or "")[:254],
        address=client_address(),
        details=json.dumps(details or {}, default=str, sort_keys=True),
    )
    db.session.add(entry)
    return entry
