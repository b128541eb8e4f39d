"""How Sync History words and links what it shows: who ran a run, what it was
asked, an item's record and its FAQ entry."""

from flask import url_for

from app.sync import catalogue, counts
from app.sync.kinds import WORDS

REQUEST_WORDS = WORDS  # "pull codes", "send invoices", ...
TRIGGER_WHO = {"schedule": "Schedule", "command": "Command"}
RECORD_LINKS = {
    "customer": ("customers.edit", "customer_id"),
    "customer_pull": ("customers.edit", "customer_id"),
    "invoice": ("invoices.show", "invoice_id"),
    "credit_note": ("credit_notes.show", "credit_note_id"),
    "allocation": ("credit_notes.show", "credit_note_id"),
    "payment": ("payments.show", "payment_id"),
}


def who(run):
    if run.started_by is not None:
        return run.started_by.display_name
    return TRIGGER_WHO.get(run.trigger, "–")


def asked(run):
    """What the run was asked to do, in words."""
    return ", ".join(REQUEST_WORDS[request] for request in run.kind_list) or "–"


def record_url(kind, local_id):
    """Our page for an item's record, or None."""
    if kind in ("tax_code", "nominal_code"):
        return url_for("codes.index")
    if kind in RECORD_LINKS and local_id:
        endpoint, arg = RECORD_LINKS[kind]
        return url_for(endpoint, **{arg: local_id})
    return None


def faq_url(code):
    return url_for("help.sync_errors", _anchor=catalogue.entry(code).code)


def plural(kind, count, provider_name=""):
    words = counts.label(kind, provider_name, count)
    return words[0].lower() + words[1:]


def done_summary(run, totals):
    """ "12 sales invoices created", ... for a run's succeeded items."""
    return [
        f"{n} {plural(kind, n, run.provider_name)} {action}"
        for kind, action, n in totals
    ]
