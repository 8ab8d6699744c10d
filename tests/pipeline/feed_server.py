"""A real HTTP server on 127.0.0.1 (port chosen by the OS) serving the feed fixtures the way
live sites do: ETag and Last-Modified validators answered with 304, a feed that fails with
500, one that never answers, one that trickles, and the article pages behind a teaser feed.
It counts requests and body bytes per path, and records the conditional headers it got."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
RSS = "application/rss+xml"
ATOM = "application/atom+xml"
HTML = "text/html; charset=utf-8"
LAST_MODIFIED = "Fri, 02 May 2025 09:00:00 GMT"


@dataclass
class Route:
    file: str | None = None  # fixture under tests/fixtures/feeds ({BASE} replaced by the server's URL)
    ctype: str = RSS
    status: int = 200
    etag: str | None = None  # answered with 304 when If-None-Match matches
    last_modified: str | None = None  # answered with 304 when If-Modified-Since matches
    hang: bool = False  # accept the request, never answer (until the server stops)
    trickle_s: float = 0.0  # send the body one byte at a time, this far apart
    body: bytes | None = None


@dataclass
class FeedServer:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: Counter = field(default_factory=Counter)  # path -> requests
    bodies: Counter = field(default_factory=Counter)  # path -> responses that carried a body
    body_bytes: Counter = field(default_factory=Counter)
    conditional: dict[str, list[dict[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    times: list[tuple[float, str]] = field(default_factory=list)  # (monotonic time, path) of every request
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path

    def body_of(self, route: Route) -> bytes:
        if route.body is not None:
            return route.body
        if route.file is None:
            return b""
        return (FEEDS / route.file).read_bytes().replace(b"{BASE}", self.base.encode())


def default_routes() -> dict[str, Route]:
    return {
        "/wire.xml": Route("lanthanide_wire.xml", RSS, etag='"wire-v1"'),
        "/digest.atom": Route("ore_digest.atom", ATOM, last_modified=LAST_MODIFIED),
        "/notes.rdf": Route("magnet_notes.rdf", "application/rdf+xml"),
        "/teasers.xml": Route("teasers.xml", RSS, etag='"teasers-v1"'),
        "/articles/scandium-refinery.html": Route("articles/scandium-refinery.html", HTML),
        "/articles/yttrium-recycling.html": Route("articles/yttrium-recycling.html", HTML),
        "/down.xml": Route(status=500, ctype="text/plain", body=b"internal error"),
        "/hang.xml": Route(hang=True),
        "/broken.xml": Route("broken.xml", RSS),
        "/laughs.xml": Route("laughs.xml", RSS),
    }


@contextmanager
def feed_server(routes: dict[str, Route] | None = None) -> Iterator[FeedServer]:
    state = FeedServer(routes=routes if routes is not None else default_routes())
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?", 1)[0]
            with lock:
                state.requests[path] += 1
                state.times.append((time.monotonic(), path))
                state.conditional[path].append({"if-none-match": self.headers.get("If-None-Match"),
                                                "if-modified-since": self.headers.get("If-Modified-Since")})
            route = state.routes.get(path)
            if route is None:
                return self._send(404, "text/plain", b"not found", {})
            if route.hang:
                state.stop.wait(60)
                return None
            headers = {}
            if route.etag:
                headers["ETag"] = route.etag
            if route.last_modified:
                headers["Last-Modified"] = route.last_modified
            if (route.etag and self.headers.get("If-None-Match") == route.etag) or \
                    (route.last_modified and not route.etag
                     and self.headers.get("If-Modified-Since") == route.last_modified):
                return self._send(304, None, b"", headers)
            body = state.body_of(route)
            with lock:
                state.bodies[path] += 1
                state.body_bytes[path] += len(body)
            return self._send(route.status, route.ctype, body, headers, route.trickle_s)

        def _send(self, status: int, ctype: str | None, body: bytes, headers: dict[str, str],
                  trickle_s: float = 0.0) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if ctype:
                self.send_header("Content-Type", ctype)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if trickle_s:
                    for i in range(len(body)):
                        if state.stop.wait(trickle_s):
                            return
                        self.wfile.write(body[i:i + 1])
                        self.wfile.flush()
                elif body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        server.shutdown()
        server.server_close()
