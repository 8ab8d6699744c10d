"""What a disclosure says of itself: the kind of filing, its issuer, the exchange and ticker
it is listed under; and the source that makes it in corroboration.

``detect_disclosure(text, title)`` reads the title and the first lines only, where a filing
states what it is ("Annual Report 2024", "ASX Announcement", "Quarterly Activities Report
for the period ended 31 December 2024") and who issues it (a letterhead "Lynas Rare Earths
Limited (ASX: LYC)", a heading "MP Materials Corp.", "Ministry of Commerce"):

1. the filing type: the first type of ``vocab/filings.yaml`` one of whose phrases stands in
   the title or a heading line, the rest of that line being only the issuer's name, dates
   and period words. A news story's headline or sentence that mentions a report ("Lynas
   quarterly report shows record output") names no filing: a document is a filing only when
   it says it is one;
2. exchange and ticker: "(ASX: LYC)", "NASDAQ: MP", "HKEX: 0769", "SSE: 600111";
3. the issuer: the name before the ticker in a letterhead, else a heading line ending in a
   legal form ("Limited", "Corp.", "Co., Ltd."), else, for a government notice or a
   statistical release, the ministry, bureau or survey heading it.

With no filing type there is no disclosure (``None``): tickers alone appear in news stories.

``disclosure_source`` turns a disclosure into the document's source: a company's report or
announcement is the company's own word (``Source(issuer, "company")``), a notice or a
statistical release the government's. A page a known independent publisher serves stays
that publisher's, and a source the operator named (``--source``) is never replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from monazite.errors import ConfigError
from monazite.ingest.metadata import clean_publisher_name
from monazite.ingest.publishers import PublisherRegistry, load_publishers
from monazite.model import SOURCE_KINDS, Disclosure, Source
from monazite.vocab.yamlio import YAMLError, load_yaml

__all__ = ["FilingRules", "detect_disclosure", "disclosure_source", "issuer_names", "load_filing_rules"]

DEFAULT_HEAD_LINES = 15
DEFAULT_HEADING_MAX_CHARS = 120
ISSUER_MAX_WORDS = 12  # a letterhead name longer than this is a sentence
MIN_FULL_NAME_CHARS = 5  # an exchange spelling longer than this is its name ("Shanghai Stock Exchange"), not a code
# Words that may stand after a filing's name in its heading: periods, dates and their connectors
# ("for the six months ended 31 December 2024", "No. 61 of 2024", "and Appendix 4D").
_AFTER_WORDS = frozenset("""
for the a year years quarter quarters half half-year period periods months month ended ending end to of and as at
on in six three nine twelve fiscal financial no no. vol vol. number appendix 4d 4e 4c statements accounts report
results announcement release update summary summaries full interim final q1 q2 q3 q4 h1 h2 fy cy calendar
""".split())
_MONTHS = frozenset("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec""".split())
_BEFORE_CONNECTORS = frozenset({"of", "and", "the", "&", "for", "to", "on", "de"})
# After one of these in a government notice's or statistical release's heading, any subject may follow
# ("Statistical Bulletin on the National Economy", "Announcement No. 18 on Export Controls").
_SUBJECT_OPENERS = frozenset({"on", "regarding", "concerning", "about", "relating"})
_GOVERNMENT_TYPES = frozenset({"government_notice", "statistical_release"})
_WORD = re.compile(r"[^\s\-\u2013\u2014:,;/|()\[\]]+")
_SENTENCE_END = re.compile(r"[.!?]$")
_ABBREVIATION_END = re.compile(r"\b(?:Ltd|Inc|Co|Corp|Pty|Plc|No|Vol|S\.A|N\.V|U\.S)\.$")


@dataclass(frozen=True)
class FilingRules:
    """The phrases of ``vocab/filings.yaml``, compiled."""

    types: tuple[tuple[str, re.Pattern[str]], ...]  # (filing type, phrase pattern), in file order
    source_kinds: dict[str, str]
    exchange_codes: dict[str, str]  # casefolded spelling -> canonical code
    ticker: re.Pattern[str]  # "ASX: LYC", "(NASDAQ: MP)", "HKEX:0769", "ASX code: ARU"
    exchange_name: re.Pattern[str]  # an exchange named in full
    issuer_endings: frozenset[str]  # casefolded last words of an issuer's name
    government: re.Pattern[str]
    head_lines: int
    heading_max_chars: int


def _phrases(items: Any) -> list[str]:
    return [str(p) for p in items or [] if str(p).strip()]


def _alternation(phrases: list[str]) -> str:
    alts = [r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", p.strip()))
            for p in sorted(set(phrases), key=len, reverse=True)]
    return "|".join(alts) or r"(?!x)x"


@lru_cache(maxsize=4)
def load_filing_rules(path: str | None = None) -> FilingRules:
    """Parse ``vocab/filings.yaml`` (or ``path``) with the legal forms of ``discovery.yaml``;
    raises ``ConfigError`` on a malformed file."""
    try:
        raw = (open(path, encoding="utf-8").read() if path else
               resources.files("monazite.vocab").joinpath("filings.yaml").read_text(encoding="utf-8"))
        data = load_yaml(raw) or {}
        discovery = load_yaml(resources.files("monazite.vocab").joinpath("discovery.yaml")
                                   .read_text(encoding="utf-8")) or {}
    except (OSError, YAMLError) as exc:
        raise ConfigError(f"filings.yaml: {exc}") from exc
    kinds = {str(k): str(v) for k, v in (data.get("source_kinds") or {}).items()}
    bad = {k: v for k, v in kinds.items() if v not in SOURCE_KINDS}
    if bad:
        raise ConfigError(f"filings.yaml: source_kinds must be one of {SOURCE_KINDS}: {bad}")
    types = []
    for name, phrases in (data.get("filing_types") or {}).items():
        if not isinstance(phrases, list) or not phrases:
            raise ConfigError(f"filings.yaml: filing type {name!r} needs a list of phrases")
        types.append((str(name), re.compile(rf"(?<![\w])(?:{_alternation(_phrases(phrases))})(?![\w])",
                                            re.IGNORECASE)))
    codes: dict[str, str] = {}
    for code, spellings in (data.get("exchanges") or {}).items():
        for spelling in [str(code), *_phrases(spellings)]:
            codes.setdefault(" ".join(spelling.casefold().split()), str(code))
    exchange_alts = _alternation(list({s for s in codes}))
    endings = {str(w).casefold().rstrip(".") for w in
               [*_phrases(discovery.get("legal_forms")), *_phrases(data.get("issuer_endings"))]}
    government = _alternation(_phrases(data.get("government_issuers")))
    return FilingRules(
        types=tuple(types), source_kinds=kinds, exchange_codes=codes,
        ticker=re.compile(rf"(?<![\w])(?P<exchange>{exchange_alts})(?:\s+code)?\s*[:\uff1a]\s*"
                          rf"(?P<ticker>[A-Z0-9][A-Z0-9.]{{0,9}})(?![\w])", re.IGNORECASE),
        exchange_name=re.compile(rf"(?<![\w])(?:{exchange_alts})(?![\w])", re.IGNORECASE),
        issuer_endings=frozenset(endings),
        government=re.compile(rf"(?<![\w])(?:the\s+)?(?:{government})", re.IGNORECASE),
        head_lines=int(data.get("head_lines", DEFAULT_HEAD_LINES)),
        heading_max_chars=int(data.get("heading_max_chars", DEFAULT_HEADING_MAX_CHARS)),
    )


def _head(text: str, title: str | None, rules: FilingRules) -> list[str]:
    """The title, then the first non-empty lines of the text."""
    lines = [title.strip()] if title and title.strip() else []
    for line in text.splitlines():
        if len(lines) >= rules.head_lines + 1:
            break
        if line.strip():
            lines.append(" ".join(line.split()))
    return lines


def _is_heading(line: str, rules: FilingRules) -> bool:
    """A short line that does not end a sentence (a name ending "Ltd." or "No." may)."""
    return len(line) <= rules.heading_max_chars and (not _SENTENCE_END.search(line)
                                                   or bool(_ABBREVIATION_END.search(line)))


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _dateish(word: str) -> bool:
    w = word.casefold().strip(".'")
    return (w in _AFTER_WORDS or w in _MONTHS or any(ch.isdigit() for ch in w)
            or bool(re.fullmatch(r"(?:fy|cy|q[1-4]|h[12])?\d*", w)))


def _names_filing(line: str, match: re.Match[str], filing_type: str, rules: FilingRules) -> bool:
    """Whether the phrase matched in ``line`` names the document itself: before it only a name
    (capitalised words, an exchange, a ticker), after it only dates and period words."""
    before = _words(line[:match.start()])
    if any(w[:1].islower() and w.casefold() not in _BEFORE_CONNECTORS for w in before):
        return False
    for word in _words(line[match.end():]):
        if filing_type in _GOVERNMENT_TYPES and word.casefold() in _SUBJECT_OPENERS:
            return True
        if not _dateish(word):
            return False
    return True


def _filing_type(lines: list[str], rules: FilingRules) -> tuple[str, int, re.Match[str]] | None:
    for filing_type, pattern in rules.types:
        for index, line in enumerate(lines):
            if not _is_heading(line, rules):
                continue
            for m in pattern.finditer(line):
                if _names_filing(line, m, filing_type, rules):
                    return filing_type, index, m
    return None


def _exchange_code(spelling: str, rules: FilingRules) -> str | None:
    return rules.exchange_codes.get(" ".join(spelling.casefold().split()))


def _name_before(text: str, rules: FilingRules) -> str | None:
    """The issuer's name ending right before a ticker bracket: the run of capitalised words
    (and connectors, "(Group)", "Co., Ltd.") closest to it."""
    tokens = text.rstrip(" ([").split()
    name: list[str] = []
    for token in reversed(tokens):
        bare = token.strip(",")
        if bare[:1].isupper() or bare[:1].isdigit() or bare in ("&", "(Group)") or (
                name and bare.casefold() in _BEFORE_CONNECTORS - {"to", "for", "on"}):
            name.insert(0, token)
            continue
        break
    while name and name[0].casefold() in _BEFORE_CONNECTORS:
        name.pop(0)
    while name and _exchange_code(name[0].strip(",:"), rules):
        name.pop(0)  # "ASX Announcement Lynas Rare Earths": the exchange word is the heading's, not the name's
    cleaned = clean_publisher_name(" ".join(name).strip(" ,:-\u2013\u2014"))
    if cleaned is None or len(cleaned.split()) > ISSUER_MAX_WORDS or _exchange_code(cleaned, rules):
        return None
    return cleaned


def _letterhead(lines: list[str], rules: FilingRules) -> tuple[str | None, str | None, str | None]:
    """(issuer, exchange, ticker) from the first ticker mark in the head lines."""
    for line in lines:
        m = rules.ticker.search(line)
        if m is None:
            continue
        exchange = _exchange_code(m["exchange"], rules)
        ticker = m["ticker"].upper().rstrip(".")
        before = line[:m.start()]
        return (_name_before(before, rules) if before.strip() else None), exchange, ticker
    return None, None, None


def _heading_issuer(lines: list[str], rules: FilingRules) -> str | None:
    """A heading line that is a company's name: capitalised words ending in a legal form."""
    for line in lines:
        if not _is_heading(line, rules) or len(line.split()) > ISSUER_MAX_WORDS:
            continue
        words = line.replace(",", " ").split()
        if not words or words[-1].casefold().rstrip(".") not in rules.issuer_endings:
            continue
        if any(w[:1].islower() and w.casefold() not in _BEFORE_CONNECTORS for w in words):
            continue
        name = clean_publisher_name(line)
        if name is not None and len(words) >= 2:
            return name
    return None


def _government_issuer(lines: list[str], rules: FilingRules) -> str | None:
    """'Ministry of Commerce', 'National Bureau of Statistics', 'U.S. Geological Survey': the
    government body a heading line names (with its capitalised continuation)."""
    for line in lines:
        if not _is_heading(line, rules):
            continue
        m = rules.government.search(line)
        if m is None:
            continue
        start = m.start() + (4 if line[m.start():m.start() + 4].casefold() == "the " else 0)
        words = line[start:].split()
        name = []
        for word in words:
            if name and not (word[:1].isupper() or word.casefold() in {"of", "and", "&", "the"}):
                break
            name.append(word)
        while name and name[-1].casefold() in {"of", "and", "&", "the"}:
            name.pop()
        cleaned = clean_publisher_name(" ".join(name).strip(" ,:-"))
        if cleaned and len(cleaned.split()) <= ISSUER_MAX_WORDS:
            return cleaned
    return None


def _exchange_named(filing: str, lines: list[str], rules: FilingRules) -> str | None:
    """The exchange the filing's own name says ("ASX Release"), else one a head line names in
    full ("Shanghai Stock Exchange") or by an upper-case code of three letters or more."""
    m = rules.exchange_name.search(filing)
    if m is not None:
        return _exchange_code(m.group(0), rules)
    for line in lines:
        for m in rules.exchange_name.finditer(line):
            spelling = m.group(0)
            if len(spelling) > MIN_FULL_NAME_CHARS or (spelling.isupper() and len(spelling) >= 3):
                return _exchange_code(spelling, rules)
    return None


def detect_disclosure(text: str, title: str | None = None, rules: FilingRules | None = None) -> Disclosure | None:
    """The disclosure ``text`` (with its ``title``) says it is, or None when it names no filing."""
    rules = rules or load_filing_rules()
    lines = _head(text, title, rules)
    found = _filing_type(lines, rules)
    if found is None:
        return None
    filing_type, index, match = found
    issuer, exchange, ticker = _letterhead(lines, rules)
    if filing_type in _GOVERNMENT_TYPES:
        issuer = _government_issuer(lines, rules) or issuer
    if issuer is None:
        issuer = _heading_issuer(lines, rules)
    if issuer is None and filing_type not in _GOVERNMENT_TYPES:
        before = lines[index][:match.start()].strip(" :-\u2013\u2014|")
        if before and not _exchange_code(before, rules) and len(before.split()) <= ISSUER_MAX_WORDS:
            issuer = _name_before(before + " (", rules)
    if exchange is None:
        exchange = _exchange_named(match.group(0), lines, rules)
    return Disclosure(issuer=issuer, exchange=exchange, ticker=ticker, filing_type=filing_type)


# issuer endings that are part of the name a company goes by ("Lynas Rare Earths", "Iluka Resources")
_NAME_ENDINGS = frozenset({"resources", "materials", "minerals", "mining", "metals", "rare earths", "group"})


def issuer_names(issuer: str, rules: FilingRules | None = None) -> list[str]:
    """The issuer as written, and without its legal form ("Lynas Rare Earths Limited" ->
    "Lynas Rare Earths", "MP Materials Holdings" -> "MP Materials"): the one rule by which a
    disclosure's source and a table's issuer are looked up."""
    rules = rules or load_filing_rules()
    names = [issuer]
    words = issuer.replace(",", " ").split()
    while len(words) > 1 and words[-1].casefold().rstrip(".") in rules.issuer_endings - _NAME_ENDINGS:
        words.pop()
    if words and " ".join(words) != issuer:
        names.append(" ".join(words))
    return names


def disclosure_source(disclosure: Disclosure, resolved: Source | None, *, rules: FilingRules | None = None,
                      registry: PublisherRegistry | None = None) -> Source | None:
    """The source a disclosure makes: its issuer, of the kind its filing type says (company for
    a company's report or announcement, government for a notice or a statistical release).

    A known publisher of that kind stands for the issuer when the registry knows its name
    ("Lynas Rare Earths Limited" is the registry's "Lynas Rare Earths"). The resolved source
    stays when it is already of that kind, when it is an independent publisher (its page is
    not the issuer's word), and when the disclosure names no issuer."""
    rules = rules or load_filing_rules()
    kind = rules.source_kinds.get(disclosure.filing_type or "")
    if kind is None or not disclosure.issuer:
        return resolved
    if resolved is not None and resolved.kind in (kind, "independent"):
        return resolved
    registry = registry or load_publishers()
    for name in issuer_names(disclosure.issuer, rules):
        known = registry.by_publisher(name)
        if known is not None and known.kind == kind:
            return known
    url = resolved.url if resolved is not None and resolved.kind == "unknown" else None
    return Source(name=issuer_names(disclosure.issuer, rules)[-1], kind=kind, url=url)
