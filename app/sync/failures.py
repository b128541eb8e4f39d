"""Which catalogue entry a package's failure is (our coarse code, then its text),
and the one sentence Sync History says about it.

The rules read the package's own words and codes (QuickBooks' "(code 6210)",
Xero's validation messages); the first that fits wins.
"""

import re

from app.sync.catalogue import BOTH, ENTRIES, GENERAL

TRANSIENT = {"rate_limited": "rate_limited", "timeout": "timeout"}
CLUSTER = re.compile(r"wrong cluster|\(code 130\)", re.I)
AUTHZ = re.compile(
    r"authorizationfailed|errorcode=003100|\(code (3100|120)\)|authorization failure"
    r"|authorizationunsuccessful",
    re.I,
)
# First match wins, so the specific patterns come before the broad ones.
RULES = tuple(
    (code, re.compile(pattern, re.I))
    for code, pattern in (
        ("period_locked", r"lock date|account period (has )?closed|\(code 6210\)"),
        ("plan_limit", r"reached the limit of|invalid company status|\(code 6190\)"),
        ("tax_type_account_mismatch", r"taxtype code .* cannot be used with account"),
        ("tax_code_required", r"transactions have a [\w/]+ rate before you save"),
        ("tax_code_invalid", r"taxtype code .*does not exist|tax rate must be valid"
         r"|invalid line taxcode|\(code 6100\)"),
        ("account_type_invalid", r"invalid account type|\(code 6430\)"),
        ("account_code_required", r"the code field is required"),
        ("contact_archived", r"contact.* has been archived|un-?archived|archived "
         r"contact|contact .*merged"),
        ("account_archived", r"account\b.* has been archived"),
        ("account_code_invalid", r"account code .* not a valid code|account must be "
         r"valid|has no account numbered"),
        ("duplicate_item_name", r"another (product or service|account) is already"),
        ("duplicate_contact_number", r"another contact has this contact number"),
        ("duplicate_contact_name", r"contact name .* already assigned|name supplied "
         r"already exists|duplicate name exists|\(code 6240\)"),
        ("contact_name_missing", r"contact name cannot be empty|elements to identify"
         r" the contact|parameter displayname is missing"),
        ("contact_details_invalid", r"email address must be valid|invalid email"),
        ("duplicate_document_number", r"# must be unique|duplicate document number"
         r"|\(code 6140\)"),
        ("document_locked", r"not of valid status for modification|cannot be edited"
         r"|reconciled payment|has payments or credits applied|less than the "
         r"payments and credits|deposited transaction|\(code 6540\)"),
        ("total_mismatch", r"total does not equal|amount does not equal|amount is "
         r"not equal to|amount calculation incorrect|\(code 6070\)|credits applied "
         r"can't be more|less than the amount applied"),
        ("invalid_amount", r"quantity must not be less than zero|(quantity|unitamount)"
         r" value .* is invalid|must be greater than zero|set a transaction amount"),
        ("payment_not_authorised", r"only be made against authori[sz]ed|only "
         r"authori[sz]ed credit notes|allocated to authori[sz]ed"),
        ("payment_exceeds_outstanding", r"exceeds the amount outstanding|more than "
         r"its open balance|exceeds the remaining credit"),
        ("payment_account_invalid", r"payments can only be made to a bank account"),
        ("customer_mismatch", r"for the same contact|belongs to another customer"),
        ("currency_mismatch", r"subscribed to currency|currency of the account|same "
         r"currency as the a/r"),
        ("stale_object", r"stale object|\(code 5010\)"),
        ("invalid_reference", r"invalid reference id|\(code 2500\)"),
        ("not_found", r"not (be )?found|cannot be found|already been deleted"
         r"|\(code 610\)"),
        ("invalid_request", r"invalid json|not a valid date|is not valid\.|must be "
         r"one of|valid status for creation|must be an? (list|object)|invalid "
         r"enumeration|unsupported|is missing in the request|batch size exceeds|"
         r"duplicate request id|could not be parsed|queryparsererror|idempotency"
         r"-key|not supported by this sandbox|sandbox does not take|must be for one "
         r"invoice|\(code (2010|2020|2170|500|600|1040|4000)\)"),
    )
)  # fmt: skip
FALLBACK = {"not_found": "not_found", "locked_period": "period_locked"}
RAW = re.compile(
    r"traceback|https?connectionpool|object at 0x|\w+(error|exception)\(|\[errno|<",
    re.I,
)


def classify(provider, error_code, message):
    """The catalogue code for one provider failure: our coarse code plus its text."""
    text = message or ""
    provider = (provider or "").lower()
    if error_code in TRANSIENT:
        return TRANSIENT[error_code]
    if error_code == "unavailable":
        timed_out = re.search(r"timed out", text, re.I)
        return "timeout" if timed_out else "provider_unavailable"
    if CLUSTER.search(text) and provider != "xero":
        return "wrong_cluster"
    if error_code in ("token_expired", "auth_revoked"):
        if AUTHZ.search(text):
            return "authorization_failed"
        return "token_expired" if error_code == "token_expired" else "needs_reconnect"
    for code, pattern in RULES:
        fits = provider not in BOTH or provider in ENTRIES[code].providers
        if fits and pattern.search(text):
            return code
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
