"""The digest's mail HTML in headless Chromium: the sections render, nothing runs, a screenshot is kept."""

from __future__ import annotations

from typing import Any

from monazite.deliver.digest import render_digest
from monazite.deliver.digest.render import SECTION_TITLES
from tests.deliver.web.chromium import ARTIFACTS, TIMEOUT_MS, launch


def test_digest_html_renders_in_chromium_and_runs_no_script(digest: dict[str, Any]) -> None:
    html = render_digest(digest, "html")
    dialogs: list[str] = []
    with launch() as browser:
        page = browser.new_page(viewport={"width": 800, "height": 1200})
        page.set_default_timeout(TIMEOUT_MS)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.set_content(html)
        headings = page.locator("h2").all_inner_texts()
        assert headings[:3] == [SECTION_TITLES[k] for k in ("top_stories", "export_controls", "capacity")]
        assert {SECTION_TITLES[k] for k in ("companies", "conflicts", "watch_hits")} <= set(headings)
        assert page.evaluate("document.scripts.length") == 0
        first = page.locator("#top-stories + div.story")
        assert first.locator("a.source").count() == 3 and first.is_visible()
        assert page.get_by_text("Magnets <script>alert(1)</script> report").first.is_visible()
        # styles are inline: the section heading's rule shows without any stylesheet
        assert page.evaluate("getComputedStyle(document.querySelector('h2')).borderBottomStyle") == "solid"
        assert page.evaluate("document.styleSheets.length") == 0
        page.screenshot(path=str(ARTIFACTS / "digest_email.png"), full_page=True)
        page.close()
    assert dialogs == []
