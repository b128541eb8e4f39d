"""One catalogue entry: what a person reads about a failure in Sync History and
the errors FAQ. Which packages give it is theirs to say (registry.packages_giving)."""

from dataclasses import dataclass

HANDLING = ("transient", "person", "auth")
GENERAL = "provider_error"


@dataclass(frozen=True)
class ErrorEntry:
    code: str  # slug, also the FAQ anchor
    title: str
    cause: str  # what happened, in an office manager's words
    fix: str
    handling: str = "person"  # transient: we retry; auth: reconnect; person: a fix


def make(code, title, cause, fix, handling="person"):
    return ErrorEntry(code, title, cause, fix, handling)
