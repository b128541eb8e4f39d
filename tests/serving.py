"""A WSGI app or an http.server handler served over real HTTP on a loopback port,
in a thread, for as long as a test needs it."""

import threading
from http.server import ThreadingHTTPServer

from werkzeug.serving import make_server

# serve_forever checks for shutdown() this often; its default of half a second
# would make every test that serves something wait that long at teardown.
POLL_SECONDS = 0.01


class Served:
    """A running server: .url is its base URL, close() stops it and frees the port."""

    def __init__(self, server, port):
        self.server = server
        self.url = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(
            target=server.serve_forever, args=(POLL_SECONDS,), daemon=True
        )
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def serve_wsgi(app):
    """Serve a WSGI app (ours, the sandbox, a stand-in) with werkzeug."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    return Served(server, server.server_port)


def serve_handler(handler_class):
    """Serve a BaseHTTPRequestHandler subclass: replies shaped byte by byte."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    server.daemon_threads = True
    return Served(server, server.server_address[1])
