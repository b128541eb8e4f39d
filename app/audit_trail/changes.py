"""The audit entries of admin actions: readable before/after values and counts.

Each helper adds its entry to the session (app.audit.record), so the caller's
commit saves it together with the change it describes.
"""

import json

import sqlalchemy as sa

from app import audit
from app.extensions import db
from app.models import AuditEntry, NominalCode, SyncItem
from app.models.sync import KIND_LABELS, REQUESTS
from app.providers.registry import PROVIDER_NAMES
from app.sync.kinds import NAMES, WORDS

RETRIED = (SyncItem.FAILED, SyncItem.SKIPPED)  # what Retry failed items sends again
OPTION_FLAGS = NAMES  # the switches, named once in app/sync/kinds.py


def code_name(code_id):
    """A nominal code as the options form shows it, or None."""
    if not code_id:
        return None
    code = db.session.get(NominalCode, code_id)
    return f"{code.code} {code.name}" if code is not None else f"code {code_id}"


def options_snapshot(row):
    """The sync options in words, as they are now (read before changing them)."""
    try:
        tax_names = json.loads(row.tax_code_map or "{}")
    except ValueError:
        tax_names = {}
    return {
        **{name: bool(getattr(row, name)) for name in OPTION_FLAGS},
        "invoice_status": row.invoice_status,
        "default_sales_nominal_code": code_name(row.default_sales_nominal_code_id),
        "bank_nominal_code": code_name(row.bank_nominal_code_id),
        "auto_sync": row.auto_sync,
        "tax_names": tax_names,
    }


def options_changed(before, row):
    """An entry naming each option that changed, old and new; none if none did."""
    after = options_snapshot(row)
    changed = [name for name in after if before.get(name) != after[name]]
    if not changed:
        return None
    return audit.record(
        AuditEntry.OPTIONS_CHANGED,
        f"Sync options changed ({len(changed)} setting"
        f"{'' if len(changed) == 1 else 's'}).",
        details={
            "before": {name: before.get(name) for name in changed},
            "after": {name: after[name] for name in changed},
        },
    )


def credentials_saved(provider, old_client_id, saved, new_secret):
    """App credentials saved: the Client ID before and after; never the secret."""
    details = {"provider": PROVIDER_NAMES[provider]}
    if old_client_id != saved.client_id:
        details["before"] = {"client_id": old_client_id}
        details["after"] = {"client_id": saved.client_id}
    else:
        details["client_id"] = saved.client_id
    details["client_secret"] = "a new one saved" if new_secret else "unchanged"
    return audit.record(
        AuditEntry.CREDENTIALS_SAVED,
        f"{PROVIDER_NAMES[provider]} app credentials saved.",
        details=details,
    )


def connected(user, provider, name, remote_id):
    return audit.record(
        AuditEntry.CONNECTED,
        f"Connected to {PROVIDER_NAMES[provider]}: {name}.",
        actor=user,
        details={
            "provider": PROVIDER_NAMES[provider],
            "organisation": name,
            "remote_id": remote_id,
        },
    )


def disconnected(row, confirmed):
    return audit.record(
        AuditEntry.DISCONNECTED,
        f"Disconnected from {row.provider_name}"
        + ("." if confirmed else f" ({row.provider_name} did not confirm it)."),
        details={
            "provider": row.provider_name,
            "organisation": row.organisation_name,
            "package_confirmed": confirmed,
        },
    )


def counted(found):
    """{kind: n} as ["12 sales invoices", ...] and a {label: n} for details."""
    words, by_label = [], {}
    for kind, number in found.items():
        singular, plural = KIND_LABELS.get(kind, (kind, kind))
        words.append(f"{number} {(singular if number == 1 else plural).lower()}")
        by_label[plural] = number
    return words, by_label


def sync_started(company_id, connection, requests):
    """Save & Sync's Proceed, before the run is queued: what and how many.

    None while a run is going: then no run starts (the page shows that one).
    """
    from app.sync import counts, runs

    if runs.active_run(company_id) is not None:
        return None
    kinds = {k for r in requests if r.startswith("push_") for k in REQUESTS[r]}
    found = counts.push_counts(company_id, connection.provider, kinds)
    words, by_label = counted(found)
    asked = [WORDS[r] for r in REQUESTS if r in set(requests)]
    return audit.record(
        AuditEntry.SYNC_STARTED,
        f"Save & Sync with {connection.provider_name}: "
        + (", ".join(words) if words else "pulls only")
        + ".",
        company_id=company_id,
        details={
            "provider": connection.provider_name,
            "asked": asked,
            "to_send": by_label,
        },
    )


def retry_started(run, connection):
    """Retry failed items of a run: how many of each kind go again."""
    rows = db.session.execute(
        sa.select(SyncItem.kind, sa.func.count())
        .where(SyncItem.run_id == run.id, SyncItem.status.in_(RETRIED))
        .group_by(SyncItem.kind)
    ).all()
    words, by_label = counted(dict(sorted(rows)))
    return audit.record(
        AuditEntry.RETRY_STARTED,
        f"Retry failed items of run {run.id} with {connection.provider_name}: "
        + (", ".join(words) or "nothing left")
        + ".",
        company_id=run.company_id,
        details={
            "provider": connection.provider_name,
            "retry_of": run.id,
            "to_send": by_label,
        },
    )


def keep_if(started, entry):
    """Take back the entry of a run that did not start (one was already going)."""
    if started or entry is None or entry not in db.session:
        return
    if entry in db.session.new:
        db.session.expunge(entry)
    else:
        db.session.delete(entry)  # flushed by a query since, but never committed


def excluded(kind, local_id, label):
    return audit.record(
        AuditEntry.EXCLUDED,
        f"Don't send: {label}.",
        details={"record": KIND_LABELS[kind][0], "label": label, "local_id": local_id},
    )


def included(kind, local_id, label):
    return audit.record(
        AuditEntry.INCLUDED,
        f"Send again: {label}.",
        details={"record": KIND_LABELS[kind][0], "label": label, "local_id": local_id},
    )


def key_rotated(per_company):
    """One entry per company whose secrets moved to the new key (CLI: no person)."""
    for company_id, number in sorted(per_company.items(), key=lambda i: i[0] or 0):
        audit.record(
            AuditEntry.KEY_ROTATED,
            f"Encryption key rotated: {number} stored secret"
            f"{'' if number == 1 else 's'} re-encrypted under the new key.",
            company_id=company_id,
            details={"by": "flask rotate-encryption-key", "re_encrypted": number},
        )
