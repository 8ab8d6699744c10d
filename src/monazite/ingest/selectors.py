"""Boilerplate selectors as data: what a news page wraps around its article.

Kept apart from the code that applies them (``html.py``, ``boilerplate.py``) so a new
site's furniture is one more entry here, not one more branch there. The article of an HTML
page is found by trafilatura; only what it keeps and should not (comment items) and the
plain-text furniture of saved pages are ours.
"""

from __future__ import annotations

import re

__all__ = [
    "BLOCK_TAGS", "BOILERPLATE_LINES", "COMMENT_ATTR", "COMMENT_CANDIDATES", "DROP_TAGS", "INLINE_NOISE",
    "TAIL_MARKERS",
]

# Elements that never hold article text (dropped when a page's whole visible text is read).
DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg", "button",
    "select", "input", "textarea", "footer", "menu", "dialog", "object", "embed", "canvas",
)

# Comment items that trafilatura keeps when they sit outside a comment section it knows
# (Disqus-style threads of <article class="comment">, a "discussion" section): class/id
# tokens, and an XPath that finds the candidates cheaply before the token check.
COMMENT_ATTR = re.compile(
    r"(?:^|\s)(?:comments?|comment-(?:body|list|thread|item|content)|commentlist|discussion|disqus_thread|"
    r"user-comments?|reader-comments?)(?:$|\s)",
    re.IGNORECASE,
)
COMMENT_CANDIDATES = "//*[contains(@class, 'omment') or contains(@id, 'omment') or contains(@class, 'iscussion')" \
                     " or contains(@id, 'disqus')]"

# Elements whose text becomes one line of the document.
BLOCK_TAGS: frozenset[str] = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dt", "dd",
    "tr", "div", "section", "article", "main", "header", "table", "ul", "ol", "br", "hr",
})

# Phrases removed wherever they appear (accessibility hints left in copied text).
INLINE_NOISE: tuple[tuple[str, re.Pattern[str]], ...] = (
    # no leading \s*: a run of spaces not followed by the hint would be rescanned from every
    # position (quadratic); the one space before it goes, the rest is normalised afterwards
    ("opens_in_new_tab", re.compile(r"[ \t]?\((?:opens|open) in (?:a )?new (?:tab|window)\)", re.IGNORECASE)),
    # stray tags left in pasted text, e.g. "<pclass=msonormal>"; a letter must follow "<" so "<5%" stays
    ("html_tag", re.compile(r"</?[A-Za-z][\w:-]*(?:[\s=][^<>\n]{0,200})?/?>")),
)

# Whole lines that are page furniture wherever they appear.
BOILERPLATE_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wp_comment", re.compile(r"^\W{0,3}!--\s*/?wp:[\w/-]*.*-->\s*$")),
    ("share_buttons", re.compile(r"^(?:share(?: this)?(?: article| post| story)?:?|click to share on \w+.*"
                                 r"|share on (?:facebook|twitter|x|linkedin|whatsapp|email)|tweet|print this page)$",
                                 re.IGNORECASE)),
    ("like_widget", re.compile(r"^(?:like this:|like loading\.\.\.|loading\.\.\.)$", re.IGNORECASE)),
)

# A line that starts the trailing furniture (comments, newsletter, sidebars): everything
# from it to the end goes, provided it sits in the last part of the text.
TAIL_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("comment_form", re.compile(r"^(?:leave a (?:reply|comment)|\d+ comments?|no comments(?: yet)?|"
                                r"submit a comment|post a comment|comments are closed\.?)$", re.IGNORECASE)),
    ("sidebar", re.compile(r"^(?:search|recent .{1,40} news|recent posts|related (?:posts|articles|news)|"
                           r"you may also like|read more|more news|popular posts|trending)$", re.IGNORECASE)),
    ("newsletter", re.compile(r"^(?:straight into your inbox|subscribe to (?:our|the) newsletter.*|"
                              r"sign up for (?:our|the) newsletter.*|get the newsletter)$", re.IGNORECASE)),
)
