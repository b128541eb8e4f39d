"""Audit trail wording: an entry's time and details, for the page and the CSV."""

from datetime import UTC

from app.sync.kinds import LABELS as OPTION_LABELS


def aware(moment):
    """SQLite hands back naive times; they are UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def when(entry):
    """The entry's time in the server's local time, as the page shows it."""
    return local_time(entry.created_at)


def local_time(moment):
    return aware(moment).astimezone().strftime("%d/%m/%Y %H:%M:%S")


def label_of(key):
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def shown(value):
    """A detail value in words."""
    if value is None or value == "" or value == {} or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{label_of(str(k))}: {shown(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    return str(value)


def describe(entry):
    """The entry's details as lines of text; a change reads "Field: old → new"."""
    return detail_lines(entry.detail_dict)


def detail_lines(details):
    """Lines for a details dict (see describe)."""
    before, after = details.get("before"), details.get("after")
    lines = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in list(before) + [k for k in after if k not in before]:
            lines.append(
                f"{label_of(key)}: {shown(before.get(key))} → {shown(after.get(key))}"
            )
    for key, value in details.items():
        if key in ("before", "after") and lines:
            continue
        lines.append(f"{label_of(key)}: {shown(value)}")
    return lines


LABELS = {
    **OPTION_LABELS,  # the options form's words for each switch
    "invoice_status": "Send invoices as",
    "default_sales_nominal_code": "Default sales nominal code",
    "bank_nominal_code": "Bank account for payments",
    "auto_sync": "Automatic sync",
    "tax_names": "Tax code names in the package",
    "client_id": "Client ID",
    "client_secret": "Client Secret",
    "remote_id": "Organisation id",
    "run_id": "Run",
    "retry_of": "Retry of run",
}
