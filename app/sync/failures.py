"""Which catalogue entry a package's failure is (our coarse code, then the
package's own reading of its words: app/providers/<package>/faults.py), and the one
sentence Sync History says about it."""

import re

from app.providers.registry import CLIENTS
from app.sync.catalogue import ENTRIES, GENERAL

TRANSIENT = {"rate_limited": "rate_limited", "timeout": "timeout"}
FALLBACK = {"not_found": "not_found", "locked_period": "period_locked"}
RAW = re.compile(
    r"traceback|https?connectionpool|object at 0x|\w+(error|exception)\(|\[errno|<",
    re.I,
)


def classify(provider, error_code, message):
    """The catalogue code for one provider failure: our coarse code, then what the
    package's own table (its faults.py) makes of its words."""
    text = message or ""
    if error_code in TRANSIENT:
        return TRANSIENT[error_code]
    if error_code == "unavailable":
        timed_out = re.search(r"timed out", text, re.I)
        return "timeout" if timed_out else "provider_unavailable"
    client = CLIENTS.get((provider or "").lower())
    code = client.fault(error_code, text) if client else None
    if code in ENTRIES:
        return code
    if error_code in ("token_expired", "auth_revoked"):
        return "token_expired" if error_code == "token_expired" else "needs_reconnect"
    return FALLBACK.get(error_code, GENERAL)


def explain(code, provider_message=""):
    """One plain-English sentence for the history row; never raw exception text."""
    if code in ENTRIES and code != GENERAL:
        return first_sentence(ENTRIES[code].cause)
    said = tidy(provider_message)
    if said:
        return f"The accounts package refused this record, saying “{said}”."
    return "The accounts package refused this record without giving a reason."


def first_sentence(text):
    head, _, _ = text.partition(". ")
    return head if head.endswith(".") else head + "."


def tidy(message):
    """The provider's own words, short and on one line, or "" if they look raw."""
    text = " ".join((message or "").split())
    text = re.sub(r"\s*\(code \d+\)$", "", text).rstrip(" .")
    if not text or RAW.search(text):
        return ""
    if len(text) > 160:
        text = text[:157].rsplit(" ", 1)[0] + "…"
    return text
