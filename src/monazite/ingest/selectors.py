"""Boilerplate selectors as data: what a news page wraps around its article.

Kept apart from the code that applies them (``html.py``, ``boilerplate.py``) so a new
site's furniture is one more entry here, not one more branch there.
"""

from __future__ import annotations

import re

__all__ = [
    "BLOCK_TAGS", "BOILERPLATE_ATTR", "BOILERPLATE_LINES", "DROP_TAGS", "INLINE_NOISE",
    "MAIN_CONTAINERS", "TAIL_MARKERS",
]

# Elements that never hold article text.
DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg", "button",
    "select", "input", "textarea", "footer", "menu", "dialog", "object", "embed", "canvas",
)

# class/id tokens of page furniture: share bars, comment forms, newsletter boxes, sidebars.
BOILERPLATE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharedaddy|social|comments?|comment-respond|respond|reply|"
    r"newsletter|subscribe|subscription|signup|related|recent-posts|sidebar|widget|menu|navbar|nav|"
    r"breadcrumbs?|cookie|consent|advert|ads|advertisement|promo|popup|modal|author-box|author-bio|"
    r"jp-relatedposts|wpcnt|tags|tag-links|post-navigation|pagination|skip-link|screen-reader-text)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)

# Where the article usually is, most specific first (XPath).
MAIN_CONTAINERS: tuple[str, ...] = (
    "//*[@itemprop='articleBody']",
    "//article",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' post-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-body ')]",
    "//main",
    "//*[@role='main']",
)

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
