"""What Prism may report of Xero traffic without failing the run, each with a source.

Two kinds, and nothing allowed by category:
- UNLISTED_STATUSES: Xero's OpenAPI lists, for most operations, only 200 (and
  400 for writes). Live Xero also answers these statuses; Prism then says
  "Unable to match the returned status code" and cannot check the body. Each is
  real Xero behaviour, sourced in ../shared/reference/provider-apis.md.
- SPEC_ERRATA: one violation where the official spec is itself wrong about the
  live API, by operation, location and message, with a source for what Xero
  really does. Empty today: everything else Prism reports fails.
"""

import re

UNLISTED_STATUS_MESSAGE = "Unable to match the returned status code"

UNLISTED_STATUSES = {
    401: (
        "expired or invalid access token; problem-JSON "
        '{"Title":"Unauthorized","Detail":"TokenExpired: ..."} '
        "(pyxero PR #337; foxbytehq/laravel-xero#43)"
    ),
    403: (
        "a wrong or missing xero-tenant-id: AuthenticationUnsuccessful "
        "(spec components.parameters.requiredHeader; laravel-xero#40)"
    ),
    404: (
        "an unknown id or path; the body is plain text, not JSON "
        "(XeroAPI/Xero-OpenAPI#163, closed by Xero as won't-fix; xero-node#21, #674)"
    ),
    429: (
        "a minute, day or app-minute limit, with Retry-After and "
        "X-Rate-Limit-Problem (developer.xero.com/faq/limits)"
    ),
    500: (
        "an internal error, or the idempotency store down "
        "(developer.xero.com/documentation/guides/idempotent-requests)"
    ),
    503: (
        "unavailable or in maintenance, and the legacy rate-limit answer "
        "oauth_problem=rate limit exceeded (Xero's old getting-started page)"
    ),
}

# (method, path pattern below the API base, location with list indexes as "*",
# message) → source for the live behaviour.
SPEC_ERRATA = {}


def location_of(violation):
    return ".".join(
        "*" if str(part).isdigit() else str(part)
        for part in violation.get("location", [])
    )


def explanation(exchange, violation):
    """Why this violation is real Xero behaviour, or None when it is a fault."""
    message = violation.get("message", "")
    if message.startswith(UNLISTED_STATUS_MESSAGE):
        return UNLISTED_STATUSES.get(exchange.status)
    path = exchange.path.split("?", 1)[0]
    for (method, pattern, location, wording), source in SPEC_ERRATA.items():
        if (
            exchange.method == method
            and re.fullmatch(pattern, path)
            and location_of(violation) == location
            and message == wording
        ):
            return source
    return None


def unexplained(exchanges):
    """Every violation with no allowance, described for an assertion message."""
    return [
        exchange.describe(violation)
        for exchange in exchanges
        for violation in exchange.violations
        if explanation(exchange, violation) is None
    ]


def explained(exchanges):
    """{status or erratum: count} of the violations an allowance covers."""
    counts = {}
    for exchange in exchanges:
        for violation in exchange.violations:
            if explanation(exchange, violation) is not None:
                key = f"{exchange.status} not in the spec"
                if not violation.get("message", "").startswith(UNLISTED_STATUS_MESSAGE):
                    key = f"erratum {location_of(violation)}"
                counts[key] = counts.get(key, 0) + 1
    return counts
