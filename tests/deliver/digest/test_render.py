"""The digest's text forms and its mail-ready HTML: sections, provenance, escaping, inline styles only."""

from __future__ import annotations

import json
import re
from typing import Any

from monazite.deliver.digest import render_digest
from monazite.deliver.digest.render import SECTION_TITLES
from tests.deliver.digest.conftest import HOSTILE_TITLE


def test_html_has_every_section_inline_styles_only_and_no_script(digest: dict[str, Any]) -> None:
    html = render_digest(digest, "html")
    for key in ("top_stories", "export_controls", "capacity", "companies", "conflicts", "watch_hits"):
        assert f">{SECTION_TITLES[key]}</h2>" in html
    assert "<script" not in html.lower() and "<style" not in html.lower() and "<link" not in html.lower()
    assert re.search(r"\son[a-z]+=", html) is None  # no event-handler attributes
    assert "Magnets &lt;script&gt;alert(1)&lt;/script&gt; report" in html
    for story in digest["stories"]:
        for f in story["figures"]:
            assert f["provenance"] in html
    assert 'href="https://baltic-industry-post.example/2025/neo-opens-narva-magnet-plant"' in html
    assert "javascript:" not in html


def test_markdown_text_and_json(digest: dict[str, Any]) -> None:
    markdown, text = render_digest(digest, "markdown"), render_digest(digest, "text")
    for title in SECTION_TITLES.values():
        assert f"## {title}" in text
    assert "## Top stories" in markdown and "## New conflicts" in markdown
    assert "<script>" not in markdown and HOSTILE_TITLE in text  # plain text is never rendered: shown as written
    figure = digest["stories"][0]["figures"][0]
    assert f"[{figure['provenance']}]" in markdown and f"source: {figure['source']}" in markdown
    assert json.loads(render_digest(digest, "json")) == json.loads(json.dumps(digest, default=str))


def test_markdown_escapes_links_and_markup_in_untrusted_text() -> None:
    from monazite.deliver.digest.render import _md

    assert _md("[x](javascript:alert(1)) <b>") == "\\[x\\]\\(javascript:alert\\(1\\)\\) \\<b\\>"
    assert _md("plain words, 45,455 t") == "plain words, 45,455 t"
