"""Writes the HTML comparison set under ``bench/data/html/``: news pages with their furniture,
and for each the strings that must and must not survive extraction, and its publication date.

Trafilatura's own evaluation pages are not shipped in its wheel (nor are htmldate's), so
the set is generated here, seeded and deterministic, from original prose about invented
companies. Eight page layouts reproduce what real news sites wrap around an article:

* ``wordpress``: ``<article>`` with entry-content, share bar, related posts, a comment list;
* ``widget``: the article inside page-builder wrappers whose classes contain "widget";
* ``divsoup``: no ``<article>``, ``<main>`` or known container, sidebars as plain columns;
* ``teasers``: the article in an unknown container, related stories as long ``<article>`` cards;
* ``comments``: the article in an unknown container, each comment an ``<article>``;
* ``sidebar``: the story inside wrappers named "has-sidebar" and "menu-offset";
* ``itemprop``: ``itemprop=articleBody`` with a cookie banner and a newsletter modal;
* ``tables``: ``<main>`` with a table of figures and a "most read" box.

Crossed with: soft hyphens inside words, UTF-8 declared with a few stray cp1252 bytes,
cp1252 pages (declared or not), and the date placed in a meta tag, JSON-LD, ``<time>``,
the URL only or the visible text only, with later "updated" and comment dates as distractors.

    python bench/make_html_pages.py   # rewrites bench/data/html/
"""

from __future__ import annotations

import html
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "html"
PAGES = 48
SEED = 11

COMPANIES = ["Kestrel Minerals", "Baltic Oxide Works", "Norrland Magnetics", "Pilbara Lanthanide", "Atacama Rare Metals",
             "Nordvik Separation", "Quarry Hill Resources", "Sandveld Oxides", "Tamarack Magnet Alloys", "Orinoco Earths",
             "Vesterbro Refining", "Lake Tiberias Metals", "Corvid Materials", "Ironbark Monazite", "Silverpine Rare Earths"]
PLACES = ["Narvik", "Kalgoorlie", "Pori", "Québec City", "Sõrve", "Mülheim", "Tromsø", "Zaragoza", "Ostrava", "Gdańsk",
          "Kuantan", "Port Hedland", "Iquique", "Sundsvall", "Coimbra"]
ELEMENTS = ["neodymium", "praseodymium", "dysprosium", "terbium", "samarium", "yttrium", "lanthanum", "cerium"]
PRODUCTS = ["oxide", "carbonate", "metal", "alloy", "magnet block", "concentrate"]
VERBS = ["commissioned", "expanded", "restarted", "financed", "delayed", "upgraded"]
PEOPLE = ["Ilse Marten", "Tomasz Wiącek", "Rosa Delacroix", "Kenji Aoyama", "Priya Raman", "Halvard Ness",
          "Amara Okafor", "Lucía Ferrer"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SOFT_WORDS = ["operations", "customers", "reporters", "kilogram", "capacity", "concentrate", "magnet", "according"]


def _sentences(rng: random.Random, n: int, tag: str) -> list[str]:
    """Article sentences; ``tag`` makes each page's wording its own."""
    out = []
    for i in range(n):
        c, p, e = rng.choice(COMPANIES), rng.choice(PLACES), rng.choice(ELEMENTS)
        tonnes, share, price = rng.randint(2, 95) * 100, rng.randint(5, 70), rng.randint(40, 900)
        person = rng.choice(PEOPLE)
        forms = [
            f"{c} said its {e} {rng.choice(PRODUCTS)} line near {p} {rng.choice(VERBS)} output to {tonnes:,} tonnes a year "
            f"after a {rng.choice(['wet', 'dry', 'long', 'short'])} season of trials",
            f"Buyers in {p} paid about ${price} a kilogram for {e} oxide in the quarter, a price that "
            f"{rng.choice(['traders', 'magnet makers', 'analysts', 'customers'])} called {rng.choice(['steep', 'fair', 'volatile', 'sticky'])}",
            f"{person}, who runs operations at {c}, told reporters that permits for the {p} site "
            f"{rng.choice(['arrived late', 'came through in spring', 'remain under review', 'were approved in full'])}",
            f"Roughly {share} per cent of the {e} feed now comes from {rng.choice(['recycled magnets', 'tailings', 'new pits', 'imported concentrate'])}, "
            f"according to figures the company filed with its lenders",
            f"The plant at {p} employs {rng.randint(40, 900)} people and ships {rng.choice(PRODUCTS)} by "
            f"{rng.choice(['rail', 'road', 'barge', 'coastal freighter'])} to customers in {rng.choice(PLACES)}",
            f"{c} expects a second {rng.choice(['kiln', 'solvent extraction circuit', 'calciner', 'furnace'])} to start "
            f"before the end of {rng.randint(2026, 2031)}, lifting capacity by {rng.randint(10, 60)} per cent",
        ]
        out.append(f"{rng.choice(forms)} ({tag}{i}).")
    return out


def _soften(text: str, rng: random.Random, raw: bool) -> str:
    """Soft hyphens inside long words, as a hyphenating CMS writes them (entity or raw)."""
    for word in SOFT_WORDS:
        if word in text:
            cut = len(word) // 2
            text = text.replace(word, word[:cut] + ("\u00ad" if raw else "&shy;") + word[cut:], 1)
    return text


def _furniture(rng: random.Random, k: int) -> dict[str, str]:
    """Distinctive furniture phrases (navigation, teasers, comments, banners) for one page."""
    c1, c2, c3 = rng.sample(COMPANIES, 3)
    return {
        "nav": f"Markets desk {k} Opinion desk {k} Podcasts archive {k}",
        "cookie": f"We use cookies to measure readership of edition {k}; accept or manage your choices",
        "newsletter": f"Get the Oxide Morning briefing number {k} delivered before the markets open",
        "share": f"Share story {k} on LinkedIn",
        "related1": f"{c1} weighs a listing in Oslo as magnet demand cools (related {k})",
        "related2": f"Why {c2} stopped buying feedstock from its old partner (related {k})",
        "popular": f"Most read {k}: how {c3} rebuilt its kiln in nine weeks",
        "comment1": f"Reader comment {k}: the piece ignores how much water these plants use, and the locals know it",
        "comment2": f"Reader reply {k}: spot prices tell you little when most tonnes move under long contracts",
        "footer": f"Copyright Lanthanide Ledger Media Group, edition {k}. All rights reserved",
        "author_box": f"About the author {k}: covers metals and mining from a small office by the harbour",
    }


def _teaser_text(rng: random.Random, k: int, n: int) -> str:
    c, p = rng.choice(COMPANIES), rng.choice(PLACES)
    return (f"Teaser {k}.{n}: {c} is looking again at an old concession outside {p}, where earlier drilling found "
            f"clay-hosted ore that was judged too thin to pay. A new partner with cheaper leaching chemistry thinks the "
            f"numbers now work, though the regional council has asked for another round of water studies first.")


def _comment_text(base: str, rng: random.Random) -> str:
    return (base + ". " + "I have followed this sector for twenty years and the pattern repeats: announcements, "
            "delays, then a quiet write-down that nobody reports on. Happy to be proven wrong this time, "
            "but I would want to see audited output figures before getting excited about any of it.")


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)


def _paragraphs(sentences: list[str], per: int) -> list[str]:
    return [" ".join(sentences[i:i + per]) for i in range(0, len(sentences), per)]


def page(k: int, rng: random.Random) -> tuple[str, bytes, dict[str, object]]:
    layouts = ["wordpress", "widget", "divsoup", "teasers", "comments", "sidebar", "itemprop", "tables"]
    layout = layouts[k % len(layouts)]
    encodings = ["utf-8", "utf-8", "utf-8-stray", "cp1252-declared", "utf-8", "cp1252-undeclared"]
    encoding = encodings[(k // len(layouts)) % len(encodings)]
    date_where = ["meta", "jsonld", "time", "url", "text", "meta"][k % 6]
    soft = k % 3 == 0
    year, month, day = _date(rng)
    upd = (min(year + 1, 2026), month, day)
    iso, upd_iso = f"{year}-{month:02d}-{day:02d}", f"{upd[0]}-{upd[1]:02d}-{upd[2]:02d}"
    written = f"{day} {MONTHS[month - 1]} {year}"
    company = rng.choice(COMPANIES)
    title = f"{company} {rng.choice(VERBS)} its {rng.choice(ELEMENTS)} plant ({k})"
    slug = title.lower().split("(")[0].strip().replace(" ", "-")
    url = (f"https://www.lanthanide-ledger.example/{year}/{month:02d}/{day:02d}/{slug}" if date_where == "url"
           else f"https://www.lanthanide-ledger.example/news/{slug}-{k}")
    body_sentences = _sentences(rng, rng.randint(12, 20), f"s{k}.")
    paras = _paragraphs(body_sentences, rng.randint(2, 4))
    f = _furniture(rng, k)
    must = [body_sentences[0][:70], body_sentences[len(body_sentences) // 2][:70], body_sentences[-1][:70]]
    if encoding != "utf-8" or k % 4 == 0:
        accented = next((s for s in body_sentences if any(ord(ch) > 127 for ch in s)), None)
        if accented:
            must.append(accented[:80])
    must_not = [f[key] for key in ("nav", "share", "related1", "related2", "popular", "footer")]
    if layout in ("wordpress", "comments", "divsoup"):
        must_not += [f["comment1"], f["comment2"]]
    if layout in ("itemprop", "widget", "tables"):
        must_not += [f["cookie"], f["newsletter"]]
    if layout in ("wordpress", "sidebar"):
        must_not.append(f["author_box"])

    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    if soft:  # a phrase around the first hyphenated word must come out whole
        first = paras[0]
        at = min((first.find(w), w) for w in SOFT_WORDS if w in first)
        must.append(first[max(0, at[0] - 25):at[0] + len(at[1]) + 10])
    p_html = "\n".join(f"<p>{_soften(esc(p), rng, raw=bool(k % 2)) if soft else esc(p)}</p>" for p in paras)
    if layout == "tables":
        rows = "".join(f"<tr><td>{esc(rng.choice(ELEMENTS))}</td><td>{rng.randint(100, 9000)} t</td></tr>"
                       for _ in range(4))
        p_html += f"\n<table><tr><th>Element</th><th>Output</th></tr>{rows}</table>"
    dateline = f'<p class="dateline">Published {written}</p>' if date_where == "text" else ""
    time_el = f'<time datetime="{iso}" class="published">{written}</time>' if date_where == "time" else ""
    byline = f'<p class="byline">By {rng.choice(PEOPLE)} {time_el}</p>{dateline}'
    head = [f"<title>{esc(title)} | Lanthanide Ledger</title>", '<meta property="og:site_name" content="Lanthanide Ledger">']
    if encoding in ("utf-8", "utf-8-stray"):
        head.insert(0, '<meta charset="utf-8">')
    elif encoding == "cp1252-declared":
        head.insert(0, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    if date_where == "meta":
        head.append(f'<meta property="article:published_time" content="{iso}T08:{k % 60:02d}:00Z">')
    head.append(f'<meta property="article:modified_time" content="{upd_iso}T10:00:00Z">')
    if date_where == "jsonld":
        head.append('<script type="application/ld+json">' + json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": iso,
            "dateModified": upd_iso}) + "</script>")
    head.append("<script>window.dataLayer=[{'page':'article','edition':%d}];function track(){return 1}</script>" % k)
    head.append("<style>.nav{display:flex}.cookie-banner{position:fixed}</style>")
    nav = ('<header class="site-header"><div class="logo">Lanthanide Ledger</div><nav class="main-menu"><ul>'
           + "".join(f"<li><a href='/s{i}'>{esc(w)}</a></li>" for i, w in enumerate(f["nav"].split(" ")))
           + f"</ul></nav><div class='menu-extra'>{esc(f['nav'])}</div></header>")
    cookie = f'<div class="cookie-banner" id="cookie-consent"><p>{esc(f["cookie"])}</p><button>Accept</button></div>'
    newsletter = f'<div class="newsletter-modal popup"><h3>Newsletter</h3><p>{esc(f["newsletter"])}</p></div>'
    share = f'<div class="share-buttons"><a href="#">{esc(f["share"])}</a><a href="#">Email</a></div>'
    related = (f'<div class="related-posts"><h3>Related</h3><ul><li><a href="/r1">{esc(f["related1"])}</a></li>'
               f'<li><a href="/r2">{esc(f["related2"])}</a></li></ul></div>')
    popular = f'<div class="most-read"><h3>Most read</h3><p><a href="/p">{esc(f["popular"])}</a></p></div>'
    footer = f'<footer class="site-footer"><p>{esc(f["footer"])}.</p><p>Privacy | Terms</p></footer>'
    author_box = f'<div class="author-bio"><p>{esc(f["author_box"])}.</p></div>'
    comment_dates = f"{upd[2]} {MONTHS[upd[1] - 1]} {upd[0]}"
    comments_list = (f'<div id="comments" class="comments-area"><h2>2 comments</h2><ol class="comment-list">'
                     f'<li><article class="comment-body"><p class="meta">{comment_dates}</p><p>{esc(_comment_text(f["comment1"], rng))}</p></article></li>'
                     f'<li><article class="comment-body"><p class="meta">{comment_dates}</p><p>{esc(_comment_text(f["comment2"], rng))}</p></article></li>'
                     "</ol><form><textarea></textarea><button>Post comment</button></form></div>")
    h1 = f"<h1>{esc(title)}</h1>"
    if layout == "wordpress":
        body = (f'{nav}<div id="content" class="site-content"><article class="post type-post">{h1}{byline}'
                f'<div class="entry-content">{p_html}{share}{related}</div>{author_box}</article>'
                f'{comments_list}<aside class="widget-area">{popular}</aside></div>{footer}')
    elif layout == "widget":
        body = (f'{cookie}{nav}<div class="elementor-section"><div class="elementor-widget elementor-widget-theme-post-title">'
                f'<div class="elementor-widget-container">{h1}{byline}</div></div>'
                f'<div class="elementor-widget elementor-widget-theme-post-content"><div class="elementor-widget-container">'
                f'{p_html}</div></div><div class="elementor-widget elementor-widget-share">{share}</div>'
                f'<div class="elementor-widget elementor-widget-sidebar">{popular}{related}</div></div>{newsletter}{footer}')
    elif layout == "divsoup":
        body = (f'{nav}<div id="page"><div class="col-main">{h1}{byline}<div class="story-text">{p_html}</div>'
                f'{share}</div><div class="col-side">{popular}{related}</div>{comments_list}</div>{footer}')
    elif layout == "teasers":
        cards = "".join(f'<article class="card"><h3>{esc(f["related" + str(n)])}</h3><p>{esc(_teaser_text(rng, k, n))}</p></article>'
                        for n in (1, 2))
        body = (f'{nav}<div class="wrapper"><div class="article-content">{h1}{byline}{p_html}{share}</div>'
                f'<section class="more-stories"><h2>More stories</h2>{cards}</section>{popular}</div>{footer}')
    elif layout == "comments":
        comments = "".join(f'<article class="comment"><header>{comment_dates}</header><p>{esc(_comment_text(f["comment" + str(n)], rng))}</p></article>'
                           for n in (1, 2))
        body = (f'{nav}<div class="page-body"><div class="body-copy">{h1}{byline}{p_html}</div>{share}{related}'
                f'<section class="discussion"><h2>Discussion</h2>{comments}</section>{popular}</div>{footer}')
    elif layout == "sidebar":
        body = (f'{nav}<main id="main"><div class="page-wrap has-sidebar"><div class="menu-offset story">{h1}{byline}'
                f'<div class="story-body">{p_html}</div>{share}{author_box}</div>'
                f'<div class="rail">{popular}{related}</div></div></main>{footer}')
    elif layout == "itemprop":
        body = (f'{cookie}{nav}<div class="container"><div class="headline-block">{h1}{byline}</div>'
                f'<div itemprop="articleBody">{p_html}</div>{share}{related}{popular}</div>{newsletter}{footer}')
    else:
        body = (f'{cookie}{nav}<main><div class="story">{h1}{byline}{p_html}</div>{share}'
                f'<div class="sidebar">{popular}{related}</div></main>{newsletter}{footer}')
    doc = f"<!DOCTYPE html>\n<html lang=\"en\"><head>{''.join(head)}</head>\n<body>{body}</body></html>\n"
    if encoding in ("utf-8", "utf-8-stray"):
        raw = doc.encode("utf-8")
        if encoding == "utf-8-stray":
            # an editor pasted cp1252 text into a UTF-8 page: a few stray bytes, in the furniture
            raw = raw.replace(b"Privacy | Terms", "Privacy \u2019 Terms \u2013 \u00a9".encode("cp1252"), 1)
    else:
        raw = doc.encode("cp1252", "xmlcharrefreplace")
    name = f"p{k:02d}_{layout}.html"
    meta = {"layout": layout, "encoding": encoding, "soft_hyphens": soft, "url": url, "published": iso,
            "date_in": date_where, "must_contain": must, "must_not_contain": must_not}
    return name, raw, meta


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("p*.html"):
        old.unlink()
    rng = random.Random(SEED)
    index = {}
    for k in range(PAGES):
        name, raw, meta = page(k, rng)
        (OUT / name).write_bytes(raw)
        index[name] = meta
    (OUT / "pages.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(index)} pages written to {OUT}")


if __name__ == "__main__":
    main()
