"""The sync options, named once: each switch, its words, its direction and the
record kinds its run items have, in the order a run works through them.

Imports nothing of ours, so models, forms and the engine can all read it.
"""

from dataclasses import dataclass

PULL = "pull"
PUSH = "push"


@dataclass(frozen=True)
class Option:
    """One switch in the sync options, and the request a run gets from it."""

    name: str  # the SyncOptions column and the run's request
    label: str  # the options form's words
    direction: str  # PULL or PUSH
    kinds: tuple  # the kinds of the run items it makes, in the order it works
    words: str  # how Sync History and the audit trail say what a run was asked


# In run order: the package's codes and customers first, then ours out.
OPTIONS = (
    Option("pull_codes", "Pull tax codes and nominal codes", PULL,
           ("tax_code", "nominal_code"), "pull codes"),
    Option("pull_customers", "Pull customers", PULL, ("customer_pull",),
           "pull customers"),
    Option("push_invoices", "Push sales invoices", PUSH, ("invoice",),
           "send invoices"),
    Option("push_credit_notes", "Push credit notes", PUSH,
           ("credit_note", "allocation"), "send credit notes"),
    Option("push_payments", "Push payments", PUSH, ("payment",), "send payments"),
)  # fmt: skip

NAMES = tuple(option.name for option in OPTIONS)
REQUESTS = {option.name: option.kinds for option in OPTIONS}
WORDS = {option.name: option.words for option in OPTIONS}
LABELS = {option.name: option.label for option in OPTIONS}
PUSHED = frozenset(option.name for option in OPTIONS if option.direction == PUSH)
# The progress bars of a run, top to bottom: a push sends the customers its
# documents need before the documents, though no option names them.
RUN_ORDER = (
    tuple(
        kind for option in OPTIONS if option.direction == PULL for kind in option.kinds
    )
    + ("customer",)
    + tuple(
        kind for option in OPTIONS if option.direction == PUSH for kind in option.kinds
    )
)


def switched_on(options):
    """The requests a SyncOptions row turns on, in run order."""
    return [name for name in NAMES if getattr(options, name)]


def in_run_order(requests):
    """These requests (any order, unknown ones dropped) in run order."""
    asked = set(requests)
    return [name for name in NAMES if name in asked]


def pushed_kinds(requests):
    """The document kinds these requests push."""
    return {kind for name in requests if name in PUSHED for kind in REQUESTS[name]}
