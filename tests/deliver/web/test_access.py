"""Access: security headers on every answer (pages, API, errors, static files), no CORS
grant to another origin, and the server's loopback default."""

from __future__ import annotations

import pytest

from monazite.deliver.web.app import SECURITY_HEADERS

PATHS = ["/", "/search?q=terbium", "/claims", "/market", "/api/v1/documents", "/openapi.json",
         "/no/such/page", "/api/v1/no-such-endpoint", "/static/app.css", "/api/v1/search?q="]


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_carries_the_security_headers(client, path: str) -> None:
    r = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, (path, name)


def test_no_cross_origin_grant(client) -> None:
    r = client.get("/api/v1/documents", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in r.headers}
    pre = client.options("/api/v1/documents", headers={"Origin": "https://evil.example",
                                                        "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in {k.lower() for k in pre.headers}


def test_serve_listens_on_loopback_by_default() -> None:
    import inspect

    from monazite.deliver.cli.web_cmd import serve

    host = inspect.signature(serve).parameters["host"].default
    assert getattr(host, "default", host) == "127.0.0.1"
