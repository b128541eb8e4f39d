"""Log each emulator request and reply, so tests and people can see the traffic."""

from flask import g, request

from sandbox.storage import RequestLogEntry, sandbox_db

# Large enough for a 50-invoice batch reply, so contract tests can check it whole.
MAX_BODY = 2_000_000


def init_app(app):
    @app.after_request
    def log_request(response):
        provider = g.get("sandbox_provider")
        if not provider:
            return response
        body = (
            response.get_data(as_text=True) if not response.direct_passthrough else ""
        )
        sandbox_db.session.rollback()  # a failed handler must not block the log
        sandbox_db.session.add(
            RequestLogEntry(
                provider=provider,
                tenant=g.get("sandbox_tenant", "") or "",
                method=request.method,
                path=request.path,
                query=request.query_string.decode("latin-1"),
                status=response.status_code,
                request_body=request.get_data(as_text=True)[:MAX_BODY],
                response_body=body[:MAX_BODY],
                request_id=g.get("sandbox_request_id", "") or "",
            )
        )
        sandbox_db.session.commit()
        return response
