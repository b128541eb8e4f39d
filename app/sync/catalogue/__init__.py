"""The sync error catalogue: one entry per failure a person may see, in FAQ order,
in our words. Which entry a package's reply is, and its one-line explanation:
app/sync/failures.py."""

from app.sync.catalogue.entry import GENERAL, HANDLING, ErrorEntry
from app.sync.catalogue.entry import make as _e
from app.sync.catalogue.records import RECORD_SECTIONS

__all__ = ["ENTRIES", "GENERAL", "HANDLING", "SECTIONS", "ErrorEntry", "entry"]

SECTIONS = (
    ("Connection and sign-in", (
        _e("token_expired", "Sign-in to the accounts package expired",
           "The permission LedgerBridge holds for your accounts package ran out and "
           "could not be renewed automatically.",
           "Go to Settings, Accounts Integration, press Reconnect and sign in to "
           "the package again. Nothing is lost: the next sync sends what waited.",
           "auth"),
        _e("needs_reconnect", "The accounts package needs reconnecting",
           "The connection to your accounts package was disconnected or revoked, or "
           "has not been used for 60 days.",
           "An admin goes to Settings, Accounts Integration, presses Reconnect and "
           "approves access for the same organisation or company as before.",
           "auth"),
        _e("authorization_failed", "The package refused access",
           "The person who connected the package is no longer an admin there, or "
           "the package subscription does not allow outside apps.",
           "Ask an admin of the accounts package to press Reconnect in Settings, "
           "Accounts Integration, and sign in with their own login.",
           "auth"),
        _e("wrong_cluster", "Connected to the wrong QuickBooks environment",
           "The connection points at the QuickBooks sandbox while the company lives "
           "in production, or the other way round.",
           "An admin disconnects in Settings, Accounts Integration, checks the "
           "environment, and connects again."),
    )),
    ("Temporary problems (we retry these)", (
        _e("rate_limited", "Too many requests at once",
           "The package limits how many requests an app may make each minute and "
           "each day, and this sync reached the limit.",
           "Nothing to do: LedgerBridge sits out short waits and carries on. When "
           "the package asks for a long one (Xero's daily limit), the run stops and "
           "a new one starts by itself when the limit lifts, so a large first sync "
           "may finish the next day.",
           "transient"),
        _e("provider_unavailable", "The accounts package is unavailable",
           "The package's servers had a fault or were down for maintenance.",
           "Nothing to do: LedgerBridge retries with growing pauses. If it lasts "
           "for hours, check the package's status page.",
           "transient"),
        _e("timeout", "The accounts package did not answer in time",
           "The package took too long to reply, or the network dropped the call.",
           "Nothing to do: LedgerBridge checks what arrived before sending again, "
           "so nothing is duplicated.",
           "transient"),
    )),
    *RECORD_SECTIONS,
    ("How the sync ran", (
        _e("dependency_failed", "Waiting for another record",
           "This record needs a customer, invoice or credit note that failed in "
           "the same sync, so it was skipped.",
           "Fix the error on the record it needs; this one goes with it next time."),
        _e("uncertain_write", "Not sure the package received it",
           "The package did not answer while saving this record, and LedgerBridge "
           "could not yet confirm whether it arrived.",
           "Retry: LedgerBridge looks for the record before sending, so it is not "
           "duplicated. If in doubt, check the package."),
        _e("worker_stopped", "The sync stopped part way",
           "The background worker stopped during the sync (a restart or a crash).",
           "Start another sync: it picks up where this one stopped and sends "
           "nothing twice."),
        _e("queue_unavailable", "The sync could not start",
           "The background queue (Redis) was not reachable, so the sync was never "
           "queued.",
           "Check Settings, System status; once Redis and the worker run, start "
           "the sync again."),
        _e("cancelled", "Cancelled",
           "Someone pressed Cancel, so the sync stopped after the batch in flight.",
           "Start the sync again when ready; finished records are not resent."),
        _e("excluded", "Marked Don't send",
           "Someone marked this record Don't send, so the sync leaves it out.",
           "Nothing to do. To send it after all, remove the Don't send mark."),
        _e("internal", "Unexpected problem in LedgerBridge",
           "The sync hit a problem LedgerBridge did not expect and stopped.",
           "Start the sync again; it finishes the work. If it repeats, tell support "
           "the time it happened."),
    )),
    ("Anything else", (
        _e("not_found", "Record not found in the package",
           "The package no longer has the record this one is linked to: it was "
           "deleted there, or belongs to another organisation.",
           "Check the record in the package and restore it if it was deleted by "
           "mistake; if it was deleted on purpose, ask support to clear the link."),
        _e("invalid_request", "The package did not understand the request",
           "The package rejected the way the record was sent, which is a problem "
           "in LedgerBridge rather than in your data.",
           "Retry once. If it repeats, tell support, quoting the request ID shown "
           "with the error."),
        _e(GENERAL, "The package refused this record",
           "The accounts package gave a reason LedgerBridge does not recognise; "
           "its own message is shown with the error.",
           "Read the package's message, correct the record here or in the package, "
           "then retry. If it is unclear, send the message to support."),
    )),
)  # fmt: skip

ENTRIES = {e.code: e for _, entries in SECTIONS for e in entries}


def entry(code):
    """The entry for a code; unknown codes get the general entry."""
    return ENTRIES.get(code) or ENTRIES[GENERAL]
