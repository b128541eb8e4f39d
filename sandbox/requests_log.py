"""Log each emulator request and reply, so tests and people can see the traffic,
with the OAuth secrets in them (tokens, codes, client secrets) redacted."""

import json
from urllib.parse import parse_qsl, urlencode

from flask import g, request

from sandbox.storage import RequestLogEntry, sandbox_db

# Exact names, lower case: the APIs' own fields are PascalCase ("Code" is an account's).
SECRETS = frozenset(
    {
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "code",
        "code_verifier",
        "token",
    }
)
REDACTED = "[redacted]"
NESTED = "[nested too deep to log]"

# Large enough for a 50-invoice batch reply, so contract tests can check it whole.
MAX_BODY = 2_000_000


def init_app(app):
    @app.after_request
    def log_request(response):
        provider = g.get("sandbox_provider")
        if not provider:
            return response
        # A redirect's body only repeats its Location, which carries the code.
        body = (
            response.get_data(as_text=True)
            if not (response.direct_passthrough or 300 <= response.status_code < 400)
            else ""
        )
        sandbox_db.session.rollback()  # a failed handler must not block the log
        sandbox_db.session.add(
            RequestLogEntry(
                provider=provider,
                tenant=g.get("sandbox_tenant", "") or "",
                method=request.method,
                path=request.path,
                query=redact_form(request.query_string.decode("latin-1")),
                status=response.status_code,
                request_body=redact(request.get_data(as_text=True))[:MAX_BODY],
                response_body=redact(body)[:MAX_BODY],
                request_id=g.get("sandbox_request_id", "") or "",
            )
        )
        sandbox_db.session.commit()
        return response


def redact(body):
    """The body with secret values replaced; JSON and form bodies, else as it is."""
    stripped = body.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            data = json.loads(body)
            cleaned = _redact_json(data)
        except ValueError:
            return body  # not JSON after all: no token reply, no token request
        except RecursionError:
            return NESTED  # junk nested past Python's depth: unreadable anyway
        return body if cleaned == data else json.dumps(cleaned)
    if "=" in body and not stripped.startswith("<"):
        return redact_form(body)
    return body


def redact_form(text):
    pairs = parse_qsl(text, keep_blank_values=True)
    if not any(name in SECRETS for name, _ in pairs):
        return text
    return urlencode([(n, REDACTED if n in SECRETS else v) for n, v in pairs])


def _redact_json(data):
    if isinstance(data, dict):
        return {
            key: REDACTED if key in SECRETS and value else _redact_json(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_redact_json(item) for item in data]
    return data
