"""A real HTTP server on 127.0.0.1 (http.server in a thread, port 0) receiving webhooks.

``fail_first`` answers that many POSTs with 500 before accepting; every request is kept
with its headers and JSON body, and ``accepted`` holds only the ones answered 2xx.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Hooks:
    url: str = ""
    fail_first: int = 0
    status_on_fail: int = 500
    requests: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def hook_server(fail_first: int = 0, status_on_fail: int = 500) -> Iterator[Hooks]:
    hooks = Hooks(fail_first=fail_first, status_on_fail=status_on_fail)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's hook
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            record = {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
            with hooks.lock:
                hooks.requests.append(record)
                failing = len(hooks.requests) <= hooks.fail_first
                if not failing:
                    hooks.accepted.append(record)
            self.send_response(hooks.status_on_fail if failing else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hooks.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hooks
    finally:
        server.shutdown()
        server.server_close()
