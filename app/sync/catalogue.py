"""The sync error catalogue: one entry per failure a person may see, in FAQ order."""

import re
from dataclasses import dataclass

BOTH = ("xero", "quickbooks")
XERO = ("xero",)
QBO = ("quickbooks",)
HANDLING = ("transient", "person", "auth")
GENERAL = "provider_error"


@dataclass(frozen=True)
class ErrorEntry:
    code: str  # slug, also the FAQ anchor
    title: str
    cause: str  # what happened, in an office manager's words
    fix: str
    providers: tuple  # ("xero",), ("quickbooks",) or both
    handling: str = "person"  # transient: we retry; auth: reconnect; person: a fix


def _e(code, title, providers, cause, fix, handling="person"):
    return ErrorEntry(code, title, cause, fix, providers, handling)


SECTIONS = (
    ("Connection and sign-in", (
        _e("token_expired", "Sign-in to the accounts package expired", BOTH,
           "The permission LedgerBridge holds for your accounts package ran out and "
           "could not be renewed automatically.",
           "Go to Settings, Accounts Integration, press Reconnect and sign in to "
           "the package again. Nothing is lost: the next sync sends what waited.",
           "auth"),
        _e("needs_reconnect", "The accounts package needs reconnecting", BOTH,
           "The connection to your accounts package was disconnected or revoked, or "
           "has not been used for 60 days.",
           "An admin goes to Settings, Accounts Integration, presses Reconnect and "
           "approves access for the same organisation or company as before.",
           "auth"),
        _e("authorization_failed", "The package refused access", BOTH,
           "The person who connected the package is no longer an admin there, or "
           "the package subscription does not allow outside apps.",
           "Ask an admin of the accounts package to press Reconnect in Settings, "
           "Accounts Integration, and sign in with their own login.",
           "auth"),
        _e("wrong_cluster", "Connected to the wrong QuickBooks environment", QBO,
           "The connection points at the QuickBooks sandbox while the company lives "
           "in production, or the other way round.",
           "An admin disconnects in Settings, Accounts Integration, checks the "
           "environment, and connects again."),
    )),
    ("Temporary problems (we retry these)", (
        _e("rate_limited", "Too many requests at once", BOTH,
           "The package limits how many requests an app may make each minute and "
           "each day, and this sync reached the limit.",
           "Nothing to do: LedgerBridge sits out short waits and carries on. When "
           "the package asks for a long one (Xero's daily limit), the run stops and "
           "a new one starts by itself when the limit lifts, so a large first sync "
           "may finish the next day.",
           "transient"),
        _e("provider_unavailable", "The accounts package is unavailable", BOTH,
           "The package's servers had a fault or were down for maintenance.",
           "Nothing to do: LedgerBridge retries with growing pauses. If it lasts "
           "for hours, check the package's status page.",
           "transient"),
        _e("timeout", "The accounts package did not answer in time", BOTH,
           "The package took too long to reply, or the network dropped the call.",
           "Nothing to do: LedgerBridge checks what arrived before sending again, "
           "so nothing is duplicated.",
           "transient"),
    )),
    ("Nominal codes and tax", (
        _e("account_code_invalid", "Nominal code not accepted", BOTH,
           "A line's nominal code does not exist in the package, or is a bank or "
           "system account that sales cannot post to.",
           "1. Run a sync with Pull tax codes and nominal codes ticked in the sync "
           "options. 2. Change the line to a revenue nominal code the package has. "
           "3. Retry."),
        _e("account_archived", "Nominal code archived in Xero", XERO,
           "The nominal code on a line was archived or deleted in Xero.",
           "Restore the account in Xero's chart of accounts, or change the line to "
           "a live code here, then retry."),
        _e("account_code_required", "Xero account has no code", XERO,
           "An account in Xero (usually a bank account) has no account code, and "
           "Xero needs one for this record.",
           "In Xero, open Accounting, Chart of accounts, give the account a code, "
           "then sync again."),
        _e("account_type_invalid", "Nominal code is the wrong type", QBO,
           "QuickBooks cannot post a product or service to this kind of account "
           "(such as Accounts Receivable or a bank).",
           "Change the line to an Income type nominal code, then retry."),
        _e("duplicate_item_name", "A QuickBooks product already has this name", QBO,
           "LedgerBridge posts each nominal code through a QuickBooks service item "
           "named after it, and another product or account already has that name.",
           "Rename the other product or account in QuickBooks, or rename the "
           "nominal code here, then retry."),
        _e("tax_type_account_mismatch", "Tax code not allowed on this nominal code",
           XERO,
           "Xero will not use this tax rate with this account, for example a sales "
           "rate on an expense account.",
           "Change the line's tax code or nominal code to a pair Xero allows, or map "
           "the tax code to another Xero rate in the sync options, then retry."),
        _e("tax_code_invalid", "Tax code not recognised", BOTH,
           "The tax code sent does not exist in the package, was archived there, or "
           "cannot be used on sales.",
           "1. Run a sync with Pull tax codes and nominal codes ticked. 2. In the "
           "sync options, map the tax code to a live sales rate. 3. Retry."),
        _e("tax_code_required", "Every line needs a tax code", QBO,
           "QuickBooks in the UK, Canada and Australia needs a VAT or GST code on "
           "every line, zero-rated lines included.",
           "Give every line a tax code (use a zero-rated or No VAT code where no "
           "tax applies) and check each is mapped in the sync options, then retry."),
        _e("nominal_code_unknown", "Nominal code not in the package", BOTH,
           "A line's nominal code, or the bank account for payments, is missing "
           "from the package or archived there, so it was not sent.",
           "Add or restore the code in the package (for payments, an active bank "
           "account), or change the line to a code the package has, then retry."),
        _e("tax_code_unknown", "Tax code not matched in the package", BOTH,
           "A line's tax code has no match in the package: it is missing, unmapped "
           "or archived there, so it was not sent.",
           "Open the sync options and map the tax code to one of the package's "
           "rates (pull codes first if the rate is new there), then retry."),
    )),
    ("Customers", (
        _e("duplicate_contact_name", "A customer with this name already exists", BOTH,
           "The package already has a contact with this name: in Xero an active "
           "one, in QuickBooks any customer, supplier or employee, inactive too.",
           "If it is the same customer, make the names match exactly so the sync "
           "links them; if not, rename one (a suffix such as the town), then retry."),
        _e("duplicate_contact_number", "Another contact has this account number",
           XERO,
           "The customer's account number is already the contact number of another "
           "Xero contact.",
           "Change the account number on one of them so each is unique, then retry."),
        _e("contact_archived", "Customer archived in Xero", XERO,
           "The Xero contact this customer is linked to was archived or merged, and "
           "Xero takes no new invoices or credit notes for it.",
           "Restore the contact in Xero (Contacts, Archived, Restore), then retry. "
           "If it was merged, tell support which contact it became."),
        _e("customer_archived", "Customer archived in the package", BOTH,
           "The matching customer is archived or inactive in the package, so it was "
           "not sent.",
           "Make the customer active again in the package, or rename it here if it "
           "is a different customer, then retry."),
        _e("contact_name_missing", "Customer has no name", BOTH,
           "The package needs a name for every customer, and this one has none (or "
           "only spaces).",
           "Open the customer, enter a name, save, then retry."),
        _e("contact_details_invalid", "Customer details not accepted", BOTH,
           "The package rejected the customer's email address as not valid.",
           "Correct the email address on the customer (one address, no spaces), "
           "then retry."),
        _e("customer_not_synced", "Customer not in the package yet", BOTH,
           "This record's customer has not been sent to the package, so the record "
           "waited.",
           "Fix the customer's own error first (see its row in the sync history); "
           "this record then goes with the next sync."),
        _e("invalid_reference", "Something this record uses is inactive", QBO,
           "A customer, item, account or tax code this record refers to was made "
           "inactive or deleted in QuickBooks.",
           "Make it active again in QuickBooks, or change the record here to use an "
           "active one, then retry."),
    )),
    ("Invoices and credit notes", (
        _e("duplicate_document_number", "Invoice or credit note number already used",
           BOTH,
           "The package already has a document with this number, entered by hand "
           "or by another app.",
           "If it is the same document, mark this copy Don't send. If not, give "
           "this one a different number (or a prefix), then retry."),
        _e("document_locked", "Document can no longer be changed", BOTH,
           "In the package the document is paid, voided or has a payment or credit "
           "allocated, so changes are refused.",
           "Leave the package's copy as it is: raise a credit note here for the "
           "difference, or mark the change Don't send."),
        _e("void_refused", "The package will not void the document", BOTH,
           "The invoice or credit note was voided here after it went, but in the "
           "package a payment or credit is applied to it (or its date is in a "
           "locked period), so it cannot be voided there.",
           "In the package, remove the payment or the credit allocation, then "
           "retry. If the money is real, record it here instead of voiding."),
        _e("period_locked", "Date is in a locked period", BOTH,
           "The package refused the document because its date is on or before the "
           "lock date (Xero) or the books close date (QuickBooks).",
           "Change the document's date to after the lock date, or ask your "
           "accountant to move the lock date, then retry."),
        _e("before_lock_date", "Dated on or before the lock date", BOTH,
           "LedgerBridge held the document back because its date is on or before "
           "the lock date or books close date set in the package.",
           "Change the document's date to after the lock date, or ask your "
           "accountant to move the lock date, then retry."),
        _e("plan_limit", "Accounts package plan limit reached", BOTH,
           "The package's subscription plan allows no more of these this month, or "
           "the subscription has ended.",
           "Upgrade or renew the package subscription; retrying before that will "
           "fail the same way."),
        _e("total_mismatch", "Amounts do not add up", BOTH,
           "The package worked the totals out from the lines and got a different "
           "figure from the one sent, usually a penny of rounding.",
           "Check each line's quantity, price and discount; round prices to pence "
           "where you can, then retry. If it repeats, tell support."),
        _e("invalid_amount", "Quantity or amount not allowed", BOTH,
           "A line has a negative quantity, or the amount is zero or below where "
           "the package needs more than zero.",
           "Use a credit note for money going back rather than a negative quantity, "
           "and remove zero-value payments, then retry."),
        _e("currency_mismatch", "Currency does not match", BOTH,
           "The document's currency differs from the customer's or the package's "
           "own currency, and multicurrency is not switched on there.",
           "Raise the document in the customer's currency, or ask your accountant "
           "about turning on multicurrency in the package."),
        _e("no_lines", "Document has no lines", BOTH,
           "The invoice or credit note has no lines, and the package takes none "
           "without them.",
           "Open the document, add its lines (or delete it if it is not needed), "
           "then retry."),
        _e("too_many_lines", "Document has too many lines", BOTH,
           "The invoice or credit note has more lines than one document can have "
           "in LedgerBridge, more than is safe to send to the package at once.",
           "Open the document and split it into two, each with fewer lines, "
           "then retry."),
        _e("stale_object", "Changed in QuickBooks at the same time", QBO,
           "Someone changed this record in QuickBooks while LedgerBridge was "
           "updating it, so QuickBooks kept their version.",
           "Retry: LedgerBridge reads the latest version first. If it repeats, "
           "check no one is editing the record in QuickBooks."),
    )),
    ("Payments and credit allocations", (
        _e("payment_not_authorised", "Invoice not approved in Xero", XERO,
           "Xero takes payments and credit only on approved (AUTHORISED) invoices, "
           "and this one is a draft there.",
           "Approve the invoice in Xero, or set the sync options to send invoices "
           "approved, then retry the payment."),
        _e("invoice_not_approved", "Invoices go to Xero as drafts", XERO,
           "The sync options send invoices as drafts, and Xero takes no payments "
           "or credit on drafts, so this was not sent.",
           "Approve the invoice in Xero, or change the sync options to send "
           "invoices approved, then retry."),
        _e("payment_exceeds_outstanding", "More than the invoice still owes", BOTH,
           "The payment or credit is larger than what is left to pay on the "
           "invoice in the package, often because it was paid there already.",
           "Compare the invoice in both places: remove the duplicate payment, or "
           "correct the amount here, then retry."),
        _e("payment_account_invalid", "Account cannot take payments", XERO,
           "The account chosen for payments is not a bank account, and payments "
           "are not enabled on it in Xero.",
           "In Xero, tick Enable payments to this account on that account, or make "
           "sure Xero has an active bank account, then retry."),
        _e("customer_mismatch", "Credit note and invoice have different customers",
           BOTH,
           "A payment or credit note is linked to an invoice that belongs to "
           "another customer in the package.",
           "Link the credit note or payment to an invoice of the same customer, "
           "then retry."),
        _e("invoice_not_synced", "Invoice not in the package yet", BOTH,
           "This payment or credit allocation is for an invoice that has not been "
           "sent to the package, so it waited.",
           "Send the invoice first (fix its own error if it has one); this record "
           "then goes on the next sync."),
    )),
    ("How the sync ran", (
        _e("dependency_failed", "Waiting for another record", BOTH,
           "This record needs a customer, invoice or credit note that failed in "
           "the same sync, so it was skipped.",
           "Fix the error on the record it needs; this one goes with it next time."),
        _e("uncertain_write", "Not sure the package received it", BOTH,
           "The package did not answer while saving this record, and LedgerBridge "
           "could not yet confirm whether it arrived.",
           "Retry: LedgerBridge looks for the record before sending, so it is not "
           "duplicated. If in doubt, check the package."),
        _e("worker_stopped", "The sync stopped part way", BOTH,
           "The background worker stopped during the sync (a restart or a crash).",
           "Start another sync: it picks up where this one stopped and sends "
           "nothing twice."),
        _e("queue_unavailable", "The sync could not start", BOTH,
           "The background queue (Redis) was not reachable, so the sync was never "
           "queued.",
           "Check Settings, System status; once Redis and the worker run, start "
           "the sync again."),
        _e("cancelled", "Cancelled", BOTH,
           "Someone pressed Cancel, so the sync stopped after the batch in flight.",
           "Start the sync again when ready; finished records are not resent."),
        _e("excluded", "Marked Don't send", BOTH,
           "Someone marked this record Don't send, so the sync leaves it out.",
           "Nothing to do. To send it after all, remove the Don't send mark."),
        _e("internal", "Unexpected problem in LedgerBridge", BOTH,
           "The sync hit a problem LedgerBridge did not expect and stopped.",
           "Start the sync again; it finishes the work. If it repeats, tell support "
           "the time it happened."),
    )),
    ("Anything else", (
        _e("not_found", "Record not found in the package", BOTH,
           "The package no longer has the record this one is linked to: it was "
           "deleted there, or belongs to another organisation.",
           "Check the record in the package and restore it if it was deleted by "
           "mistake; if it was deleted on purpose, ask support to clear the link."),
        _e("invalid_request", "The package did not understand the request", BOTH,
           "The package rejected the way the record was sent, which is a problem "
           "in LedgerBridge rather than in your data.",
           "Retry once. If it repeats, tell support, quoting the request ID shown "
           "with the error."),
        _e(GENERAL, "The package refused this record", BOTH,
           "The accounts package gave a reason LedgerBridge does not recognise; "
           "its own message is shown with the error.",
           "Read the package's message, correct the record here or in the package, "
           "then retry. If it is unclear, send the message to support."),
    )),
)  # fmt: skip

ENTRIES = {e.code: e for _, entries in SECTIONS for e in entries}

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


def entry(code):
    """The entry for a code; unknown codes get the general entry."""
    return ENTRIES.get(code) or ENTRIES[GENERAL]


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
