"""How a package's failure maps to the sync error catalogue's codes: each
package's faults.py lists its own words and fault codes, in order, first fit wins.

The catalogue (app/sync/catalogue/) holds only our words for each code; the
package's words live with the package, so a new package brings its own table."""

import re

# Our ProviderError codes for a refused sign-in: only sign-in rules apply to them.
SIGN_IN_ERRORS = ("token_expired", "auth_revoked")


def rules(*pairs):
    """(catalogue code, compiled pattern) pairs from (code, pattern text) pairs."""
    return tuple((code, re.compile(pattern, re.I)) for code, pattern in pairs)


def first_fit(table, message):
    """The code of the first rule whose pattern is in the message, else None."""
    text = message or ""
    for code, pattern in table:
        if pattern.search(text):
            return code
    return None
