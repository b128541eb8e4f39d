"""One catalogue entry: what a person reads about a failure in Sync History and
the errors FAQ, and which packages it can come from."""

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


def make(code, title, providers, cause, fix, handling="person"):
    return ErrorEntry(code, title, cause, fix, providers, handling)
