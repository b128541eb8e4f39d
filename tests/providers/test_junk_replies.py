"""A package's API answering junk over real HTTP: our error, storable words."""

from http.server import BaseHTTPRequestHandler

import pytest

from app.providers import ProviderError, provider_settings
from app.providers.quickbooks import QuickBooksProvider
from app.providers.xero import XeroProvider
from sandbox import product_settings
from tests.serving import serve_handler


class FixedTokens:
    def access_token(self):
        return "fixed-token"

    def refresh_after_rejection(self):
        raise ProviderError("auth_revoked", "no refresh here")


class Answering:
    """A loopback server giving every request the same status and body."""

    def __init__(self):
        stub = self
        self.status, self.body = 200, b"{}"

        class Handler(BaseHTTPRequestHandler):
            def do_any(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(stub.body)))
                self.end_headers()
                self.wfile.write(stub.body)

            do_GET = do_POST = do_PUT = do_any

            def log_message(self, *args):
                pass

        self.served = serve_handler(Handler)
        self.url = self.served.url

    def close(self):
        self.served.close()


@pytest.fixture
def stub():
    server = Answering()
    yield server
    server.close()


@pytest.fixture(params=["xero", "quickbooks"])
def client(request, stub):
    settings = provider_settings(
        request.param, product_settings(stub.url)
    ).with_changes(max_attempts=1, backoff=0.01)
    if request.param == "xero":
        return XeroProvider(settings, "tenant-1", FixedTokens())
    return QuickBooksProvider(settings, "123", FixedTokens())


@pytest.mark.parametrize(
    "body", [b"<html>oops</html>", b"[]", b'"text"', b"null", b"42", b"{"]
)
def test_a_200_that_is_not_a_json_object_is_our_error(stub, client, body):
    stub.body = body
    with pytest.raises(ProviderError) as failure:
        client.organisation()
    assert failure.value.code == "unavailable"
    assert "could not read" in failure.value.message or "not JSON" in (
        failure.value.message
    )


def test_a_refusal_naming_a_nul_holds_storable_words(stub, client):
    stub.status = 400
    stub.body = (
        b'{"Message": "The contact name Nul\\u0000 Ltd \\ud800 is taken",'
        b' "Fault": {"Error": [{"Detail": "Nul\\u0000 \\ud800 taken",'
        b' "code": "6240"}]}}'
    )
    with pytest.raises(ProviderError) as failure:
        client.organisation()
    message = failure.value.message
    assert message and "\x00" not in message
    assert not any("\ud800" <= char <= "\udfff" for char in message)
    message.encode("utf-8")  # a database can store it
