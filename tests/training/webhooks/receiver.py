"""A webhook receiver for tests and screenshots: an HTTP server on 127.0.0.1 (an ephemeral port,
in a thread) that checks every signature with ``standardwebhooks``, the reference implementation."""

import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    verified: bool

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next of ``statuses`` (then 200); with ``secret`` set, a
    delivery whose signature does not verify gets 401, as from any careful receiver."""

    url: str = ""
    secret: str | None = None
    statuses: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    @staticmethod
    def verifies(request, secret):
        try:
            Webhook(secret).verify(request.body, request.headers)
        except WebhookVerificationError:
            return False
        return True

    def types(self):
        return [r.json.get("type") for r in self.requests]


@contextmanager
def serve():
    state = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            request = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body, False)
            with lock:
                request.verified = state.secret is not None and state.verifies(request, state.secret)
                state.requests.append(request)
                status = state.statuses.pop(0) if state.statuses else 200
            if state.secret is not None and not request.verified:
                status = 401
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/shiftready"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
