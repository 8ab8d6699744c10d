"""Organizations that the vocabulary does not know yet, found by the shape of their names.

A capitalised sequence that ends in an organizational word ("... Research Institute",
"... Resources", "... Co., Ltd.") or starts with one ("Ministry of ...", "University of
...") becomes a new, unreviewed entity. Precision matters more than recall here: a
wrong organization pollutes every dossier it appears in, so headings, sentence-initial
common words, names made only of industry words, and (in ``mentions``) spans that wrap
a known organization are refused. The words themselves live in ``vocab/discovery.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from monazite.model import Entity, slugify
from monazite.vocab import Vocabulary

__all__ = [
    "DISCOVERY_FORM", "Discovery", "DiscoveryLexicon", "discover_organizations", "lexicon_for", "organization_entity",
]

DISCOVERY_FORM = "discovered"
DISCOVERY_EXTRACTOR = "monazite.organizations.v1"
MIN_WORDS = 2  # a single capitalised word is too weak ("Resources" alone)
MAX_WORDS = 9  # more capitalised words than this are a headline, not a name
HEADING_SCAN_CHARS = 1000
HEADING_SHARE = 0.6  # a candidate covering this much of an unpunctuated line is taken as a heading
TITLE_MIN_WORDS = 6  # an unpunctuated line with this many longer words, ...
TITLE_SHARE = 0.9  # ... this share of them capitalised, is a title-case headline

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"  # Latin capitals, accented ones included ("Concepción")
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f"
# A capitalised word, an all-capitals acronym, or a dotted abbreviation ("U.S.", "U.K.")
_WORD = rf"(?:(?:[A-Z]\.){{2,3}}(?=[ ])|[{_UPPER}][{_LETTER}0-9&]*(?:-[{_LETTER}0-9]+)*|[A-Z]{{2,}})"
_CONNECTOR = r"(?:of(?: the)?|for|and|&|de|du|der)"
# Inside a name ending in a suffix, "of" mostly joins a common noun to the name
# ("Officials of the Qinling Consortium"); "X of Y" names come in through ``key_first``.
_INNER_CONNECTOR = r"(?:for|and|&|de|du|der)"
_CONNECTORS = frozenset({"of", "the", "for", "and", "&", "de", "du", "der"})
_SENTENCE_END = ".!?:;\"'\u201d\u2019)|"


@dataclass(frozen=True)
class Discovery:
    start: int
    end: int
    name: str
    kind: str


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


class DiscoveryLexicon:
    """The discovery lexicon of a vocabulary, compiled once (kept in ``Vocabulary.memo``)."""

    def __init__(self, vocab: Vocabulary) -> None:
        lex = vocab.discovery
        self.suffix_kinds: dict[str, str] = dict(lex.get("suffix_kinds") or {})
        self.key_first: dict[str, str] = dict(lex.get("key_first") or {})
        self.legal_forms = frozenset(str(w).rstrip(".") for w in lex.get("legal_forms") or [])
        self.company_forms = frozenset(str(w).rstrip(".") for w in lex.get("company_forms") or [])
        self.leading_noise = frozenset(lex.get("leading_noise") or [])
        self.function_words = frozenset(lex.get("function_words") or []) & self.leading_noise
        self.generic = frozenset(lex.get("generic_words") or []) | frozenset(self.suffix_kinds)
        self.not_followed_by = frozenset(lex.get("not_followed_by") or [])
        self.role_words = frozenset(lex.get("role_words") or [])
        self.months = frozenset(lex.get("calendar_words") or [])
        self.of_suffixes = frozenset(lex.get("of_suffixes") or []) & frozenset(self.suffix_kinds)
        self.suffixes_longest_first = sorted(self.suffix_kinds, key=len, reverse=True)
        self.for_words = frozenset(lex.get("for_words") or [])
        self.strict_suffixes = frozenset(lex.get("strict_suffixes") or []) & frozenset(self.suffix_kinds)
        self.definite_generic = frozenset(lex.get("definite_generic") or [])
        legal = _alternation(self.legal_forms)
        self.trailing = rf"(?:,?\s(?:{legal})(?![\w&])\.?)*" if legal else ""
        self.legal_tail = re.compile(self.trailing + r"\.?$") if legal else None
        suffix = _alternation(self.suffix_kinds) or r"(?!)"
        key = _alternation(self.key_first) or r"(?!)"
        of_suffix = _alternation(self.of_suffixes) or r"(?!)"
        words = rf"{_WORD}(?:[ ](?:{_INNER_CONNECTOR}[ ])?{_WORD}){{0,{MAX_WORDS - 2}}}"
        self.ends_in_suffix = re.compile(rf"\b{words}[ ](?:{suffix})\b\.?{self.trailing}")
        self.ends_in_of_suffix = re.compile(
            rf"\b{words}[ ](?:{of_suffix})[ ]of(?:[ ]the)?(?:[ ]{_WORD}){{1,2}}\b")
        self.starts_with_key = re.compile(
            rf"\b(?:{key})[ ]of(?:[ ]the)?(?:[ ](?:{_CONNECTOR}[ ])?{_WORD}){{1,{MAX_WORDS - 2}}}")
        # "Agency for Mineral Studies", "Fictional Organization for Metals and Energy Security":
        # a body's word, then "for" and what it is for, capitalised
        for_key = _alternation([w for w in self.key_first if w in self.for_words]) or r"(?!)"
        for_suffix = _alternation([w for w in self.of_suffixes if w in self.for_words]) or r"(?!)"
        self.with_for = _ForNames(
            re.compile(rf"\b(?:(?P<suffix>{for_suffix})|{for_key})[ ]for(?:[ ]the)?"
                       rf"(?:[ ](?:{_CONNECTOR}[ ])?{_WORD}){{1,{MAX_WORDS - 3}}}"),
            re.compile(rf"(?<![\w-]){words}[ ]$"),
            frozenset(w for w in self.key_first if w in self.for_words))
        exchange = _alternation(lex.get("exchanges") or []) or r"(?!)"
        # "(ASX: ARU)", "(TSXV: UCU; OTCQX: UURAF)", "(\u201cChemours\u201d) (NYSE: CC)", "(AIM/TSX-V: MKA)"
        ticker_bracket = (rf"\s?\((?:[^()\n]{{1,40}}\)\s?\()?(?:[^()\n]{{0,40}}[,;]\s?)?"
                          rf"(?:{exchange})(?:/(?:{exchange}))*\s?:\s?[A-Z0-9]")
        self.ticker_after = re.compile(ticker_bracket)
        self.ticker_in_text = re.compile(rf"(?<![\w-])({exchange})\s?:\s?([A-Z0-9][A-Z0-9.]*[A-Z0-9]|[A-Z0-9])(?![\w])")
        self.before_ticker = re.compile(rf"\b{_WORD}(?:[ ](?:{_INNER_CONNECTOR}[ ])?{_WORD}){{0,{MAX_WORDS - 1}}}"
                                        rf"{self.trailing}\.?(?={ticker_bracket})")

        self.descriptors: dict[str, str] = dict(lex.get("descriptor_nouns") or {})
        desc = _alternation(self.descriptors) or r"(?!)"
        name = rf"{_WORD}(?:[ ](?:{_INNER_CONNECTOR}[ ])?{_WORD}){{0,4}}{self.trailing}"
        # "Australian miner Lynas Rare Earths", "consultancy Project Blue"
        # a comma between them only where the descriptor is modified, not after "the" ("the firm, Name said")
        self.after_descriptor = re.compile(rf"(?<![\w-])(?P<desc>{desc})[ ](?P<name>{name})")
        self.after_descriptor_comma = _Modified(
            re.compile(rf"(?<![\w-])(?P<desc>{desc}),[ ](?P<name>{name})(?=[,.;]|[ ][a-z])"))
        # "companies such as Zentor, Orvane Metals and Keldar": the names a plural descriptor introduces
        self.plural_descriptors: dict[str, str] = dict(lex.get("plural_descriptors") or {})
        plural = _alternation(self.plural_descriptors) or r"(?!)"
        self.introduced_list = re.compile(rf"(?<![\w-])(?P<desc>{plural})[ ](?:like|such as|including)[ ]")
        # "Zentor's shareholders", "Orvane Metals' chief executive": what only a company has
        owned = _alternation(lex.get("company_possessions") or []) or r"(?!)"
        self.possessor = _Backward(rf"(?P<desc>['\u2019]s?)[ ](?:{owned})\b", name, r"(?<![\w-])")
        # "Zentor CEO Orla Vask": a name before a company officer's title and a person's name
        officer = _alternation(lex.get("company_officers") or []) or r"(?!)"
        self.led_by = _Backward(rf"[ ](?P<desc>{officer})[ ][{_UPPER}][a-z]+[ ][{_UPPER}]", name, r"(?<![\w'\u2019-])")
        # "shares of Zentor rose", "Zentor shares fell": only companies have shares that trade
        moved = (r"(?:rose|fell|jumped|surged|slumped|climbed|dropped|gained|plunged|soared|tumbled|rallied|slid|"
                 r"sank|spiked|traded|closed|opened|ended|were|have|had|are|hit)")
        self.shares_of = re.compile(rf"(?<![\w-])(?P<desc>[Ss]hares of)[ ](?P<name>{name})(?=[ ]{moved}\b|[ ]on[ ]|[,.;])")
        self.shares_moved = _Backward(rf"(?P<desc>[ ]shares)[ ]{moved}\b", name, r"(?<![\w'\u2019-])")
        # "an executive told Zentor Daily on Monday": who is told a thing for the record is an
        # outlet when its name is one word, an acronym, or ends in a word of the press
        press = _alternation(lex.get("press_words") or []) or r"(?!)"
        outlet = rf"(?:{_WORD}(?:[ ]{_WORD}){{0,3}}[ ](?:{press})|{_WORD})"
        self.told = re.compile(
            rf"\b(?P<desc>told)[ ](?:the[ ])?(?P<name>{outlet})(?=[,.;]|[ ](?:in|on|that|last|this|earlier|"
            rf"during|when|after|via|recently|late|early|before|while|as)\b)")
        # "Fictional City-based Zentor Metals", "Ruritania-listed Orvane": a place's attribute before a name
        self.after_attributive = re.compile(
            rf"(?<![\w-])[{_UPPER}][\w.]*-(?P<desc>based|headquartered|listed)[ ](?P<name>{name})")
        # "GreenMet, a Washington-based critical minerals firm, said"
        self.before_descriptor = re.compile(
            rf"\b(?P<name>{name}),[ ]an?[ ](?:(?!(?:at|of|in|for|with|from|on|to|by|who|whose)[ ])[\w-]+[ ]){{0,4}}"
            rf"(?P<desc>{desc})(?=[,.;]|[ ](?:that|which|in|with|based|headquartered|owned|backed|listed|focused|"
            rf"developing|producing|and|on|from|for|at|whose|specialising|specializing)\b)")

    def strip_legal(self, name: str) -> str:
        """'Baogang Group Co., Ltd.' -> 'Baogang Group'."""
        return self.legal_tail.sub("", name).rstrip(", ") if self.legal_tail else name

    def kind(self, name: str) -> str | None:
        first = name.split(" ", 1)[0]
        if first in self.key_first and (" of " in name or (first in self.for_words and " for " in name)):
            return self.key_first[first]
        core = self.strip_legal(name).rstrip(". ")
        for candidate in (core, name.rstrip(".")):
            for suffix in self.suffixes_longest_first:
                if candidate.endswith(" " + suffix):
                    return self.suffix_kinds[suffix]
        for joint in (" of ", " for "):  # "Molybdenum Corporation of America", "Export-Import Bank of Korea"
            if joint not in name:
                continue
            for head in (name.rsplit(joint, 1)[0], name.split(joint, 1)[0]):
                for suffix in self.of_suffixes:
                    if head.endswith(" " + suffix) and (joint == " of " or suffix in self.for_words):
                        return self.suffix_kinds[suffix]
        return None

    def has_company_form(self, name: str) -> bool:
        """'... Ltd', '... Inc.', '... Corporation': a registered company whatever its words."""
        return name.rstrip(".").rsplit(" ", 1)[-1].rstrip(".") in self.company_forms


class _ForNames:
    """'Agency for Lanthanide Studies', 'Zentor Organization for Metals and Energy Security': found
    from the body's word and "for" (cheap), then widened leftwards over a proper name before it."""

    WINDOW = 120

    def __init__(self, forward: re.Pattern[str], before: re.Pattern[str], keys: frozenset[str]) -> None:
        self.forward, self.before, self.keys = forward, before, keys

    def finditer(self, text: str) -> Iterable[_Hit]:
        for m in self.forward.finditer(text):
            start = m.start()
            if m.group("suffix") is not None:
                b = self.before.search(text, max(0, start - self.WINDOW), start)
                if b is not None:
                    start = b.start()
                elif m.group("suffix") not in self.keys:
                    continue
            yield _Hit(start, m.end(), text[start:m.end()], "", self)


class _Modified:
    """A descriptor with a comma after it names what follows only where the descriptor is
    modified: 'a Ruritanian equity firm, Name', never 'the firm, Name said'."""

    DETERMINERS = frozenset({"the", "this", "that", "our", "its", "their"})

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        for m in self.pattern.finditer(text):
            before = text[max(0, m.start() - 12):m.start()]
            if not before.endswith(" ") or before[-2:-1] in ("", " ", "\n"):
                continue
            if before[:-1].rsplit(" ", 1)[-1].lower() in self.DETERMINERS:
                continue
            yield m


class _Hit:
    """What ``_described`` reads of a match: the name's span and text, the cue, the pattern."""

    def __init__(self, start: int, end: int, text: str, desc: str, pattern: object) -> None:
        self._span, self._name, self._desc, self.re = (start, end), text, desc, pattern

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]

    def span(self, group: str) -> tuple[int, int]:
        return self._span

    def group(self, group: str) -> str | None:
        return {"name": self._name, "desc": self._desc}.get(group)


class _Backward:
    """A name right before a cue, found from the cue backwards: a scan for the cue is far cheaper
    than trying a name at every capital letter of a text."""

    WINDOW = 160  # characters before a cue searched for the name

    def __init__(self, cue: str, name: str, before: str) -> None:
        self.cue = re.compile(cue)
        self.name = re.compile(rf"{before}(?:{name})$")

    def finditer(self, text: str) -> Iterable[_Hit]:
        for c in self.cue.finditer(text):
            m = self.name.search(text, max(0, c.start() - self.WINDOW), c.start())
            if m is not None:
                yield _Hit(m.start(), m.end(), m.group(0), c.group("desc"), self)


def lexicon_for(vocab: Vocabulary) -> DiscoveryLexicon:
    return vocab.memo(DISCOVERY_EXTRACTOR, lambda: DiscoveryLexicon(vocab))


def organization_entity(d: Discovery) -> Entity:
    return Entity(id=slugify(d.name), name=d.name, kind=d.kind, reviewed=False,
                  attributes={"discovered_by": DISCOVERY_EXTRACTOR})


def discover_organizations(text: str, vocab: Vocabulary) -> list[Discovery]:
    """Organization-shaped names in ``text`` (known or not: the caller resolves them)."""
    lex = lexicon_for(vocab)
    newlines = [m.start() for m in re.finditer("\n", text)]
    found: dict[tuple[int, int], Discovery] = {}
    for pattern in (lex.ends_in_suffix, lex.ends_in_of_suffix, lex.starts_with_key, lex.with_for, lex.before_ticker):
        for m in pattern.finditer(text):
            for start, end in _split_pairs(text, m.start(), m.end(), lex):
                d = _clean(text, start, end, lex, newlines)
                if d is not None:
                    found[(d.start, d.end)] = d
    for pattern in (lex.after_descriptor, lex.after_descriptor_comma, lex.before_descriptor, lex.after_attributive,
                    lex.possessor, lex.led_by,
                    lex.shares_of, lex.shares_moved, lex.told):
        for m in pattern.finditer(text):
            d = _described(text, m, lex, newlines)
            if d is not None:
                found.setdefault((d.start, d.end), d)
    for m in lex.introduced_list.finditer(text):
        for d in _introduced(text, m.end(), lex.plural_descriptors[m.group("desc")], lex, newlines):
            found.setdefault((d.start, d.end), d)
    merged: list[Discovery] = []
    for d in sorted(found.values(), key=lambda d: (d.start, -d.end)):
        last = merged[-1] if merged else None
        if last is not None and d.start < last.end:
            if d.end <= last.end:
                continue
            joint = re.match(r" (?:and|&) ", text[last.end:d.end])
            if joint is not None:
                # "Zentor Corporation of Canada" + "Canada and Brisco Ventures": two names
                rest = _clean(text, last.end + joint.end(), d.end, lex, newlines)
                if rest is not None:
                    merged.append(rest)
                    continue
                # "Ministry of Trade" + "Trade and Industry": what follows "and" is no name of its own
                if last.name.split(" ", 1)[0] in lex.key_first or " of " not in last.name:
                    continue
            # "Fictional Institute" + "Institute of Lanthanide Studies": one name
            merged[-1] = Discovery(last.start, d.end, text[last.start:d.end], last.kind)
            continue
        merged.append(d)
    return merged


def _split_pairs(text: str, start: int, end: int, lex: DiscoveryLexicon) -> list[tuple[int, int]]:
    """'Mitsubishi Materials Corporation and Sumitomo Metal Mining Co.' names two firms."""
    spans = []
    for m in re.finditer(r" (?:and|&) ", text[start:end]):
        left = text[start:start + m.start()]
        right_first = text[start + m.end():end].split(" ", 1)[0]
        right = text[start + m.end():end]
        # "Ministry of Trade and Industry": after "of"/"for" the "and" joins what the body is of
        complement = " of " in left or " for " in left
        if lex.kind(left) is not None and (right_first in lex.key_first or _stands_alone(right, lex)
                                           or (not complement and lex.kind(right) is None)):
            spans.append((start, start + m.start()))
            start = start + m.end()
            break
        if lex.kind(left) is None and not complement and m.group(0) == " and " and _stands_alone(right, lex):
            start = start + m.end()  # "a person's name and Fictional Commission": the name is the body only
            break
    spans.append((start, end))
    return spans


def _stands_alone(name: str, lex: DiscoveryLexicon) -> bool:
    """A name that is an organization by itself, "and" or not: a body's word after a proper
    name ("Zentor Commission"), or a legal form after three words or more."""
    words = name.split(" ")
    if lex.has_company_form(name) and len(words) >= 3:
        return True
    return len(words) >= MIN_WORDS and lex.kind(name) is not None and not _only_generic(name, lex)


_ATTRIBUTIVE = re.compile(r"^[\w.]+-(?:listed|based|owned|backed|headquartered|focused|registered|controlled|run)$")
_ACRONYM_AFTER = re.compile(r"\s?\(\s?[\"\u201c\u2018']?([A-Z][A-Za-z&]{1,9})[\"\u201d\u2019']?\s?\)")
_NEXT_WORD = re.compile(r"[ ]+([A-Z][\w]*)")


def _strip_front(text: str, start: int, words: list[str], noise: frozenset[str]) -> tuple[int, list[str]]:
    # "Fictional City-based Zentor Metals": the place before "-based" is no part of the name
    last = max((i for i, w in enumerate(words[:-1]) if _ATTRIBUTIVE.match(w)), default=-1)
    if last >= 0:
        start += len(" ".join(words[:last + 1])) + 1
        words = words[last + 1:]
    while words and (words[0] in noise or _ATTRIBUTIVE.match(words[0])):
        start += len(words[0]) + 1
        words = words[1:]
    return start, words


def _clean(text: str, start: int, end: int, lex: DiscoveryLexicon, newlines: list[int]) -> Discovery | None:
    # "Ministry of Commerce Spokesperson He Yadong": the name ends before a job title
    words, end = _cut_name(text[start:end].split(" "), start, lambda i, w: i > 0 and w in lex.role_words)
    # Strong evidence (a ticker, a legal form, its own acronym) keeps adjectives such as
    # "American" that would otherwise be taken for sentence noise.
    strong_start, strong_words = _strip_front(text, start, list(words), lex.function_words)
    weak_start, weak_words = _strip_front(text, start, list(words), lex.leading_noise)
    ticker = lex.ticker_after.match(text, end) is not None or (
        text[end - 1:end] == "." and lex.ticker_after.match(text, end - 1) is not None)
    for begin, ws, strong in ((strong_start, strong_words, True), (weak_start, weak_words, False)):
        if not ws:
            continue
        name = text[begin:end].rstrip(",")
        if name.endswith(".") and name[:-1].rsplit(" ", 1)[-1] not in lex.legal_forms:
            name = name[:-1]  # a sentence's full stop, not "Co."
        stop = begin + len(name)
        capitalised = sum(1 for w in ws if w[:1].isupper())
        if capitalised > MAX_WORDS or _is_heading(text, begin, stop, newlines):
            return None
        if _followed_by_name_word(text, stop, lex):
            return None  # "Nolans Rare Earths Project", "Critical Raw Materials Act"
        kind = lex.kind(name)
        if strong:
            proven = ticker or lex.has_company_form(name) or _own_acronym(text, stop, ws, kind)
            if not proven or (len(ws) < MIN_WORDS and not _single_word_name(ws, ticker, lex)):
                continue
            return Discovery(begin, stop, name, kind or "company")
        if len(ws) < MIN_WORDS or kind is None or _is_heading(text, begin, stop, newlines, title=True):
            return None
        if _only_generic(name, lex) and not _definite_body(text, begin, name, lex):
            return None
        if name.rsplit(" ", 1)[-1] in lex.strict_suffixes and any(
                w in lex.generic or w in lex.leading_noise or w in _CONNECTORS for w in ws[:-1]):
            return None
        return Discovery(begin, stop, name, kind)
    return None


def _cut_name(words: list[str], start: int, stops: Callable[[int, str], bool]) -> tuple[list[str], int]:
    """The words of a name up to the first one ``stops`` refuses, trailing connectors
    ("of", "and") dropped; with the name's new end offset."""
    for i, w in enumerate(words):
        if stops(i, w):
            words = words[:i]
            break
    while words and words[-1] in _CONNECTORS:
        words = words[:-1]
    return words, start + len(" ".join(words))


def _described(text: str, m: re.Match[str], lex: DiscoveryLexicon, newlines: list[int]) -> Discovery | None:
    """A capitalised name that a common noun describes as an organization ("miner Iluka")."""
    desc = m.group("desc")
    start, end = m.span("name")
    words, end = _cut_name(text[start:end].split(" "), start, lambda i, w: w in lex.role_words or w in lex.months
                           or (i > 0 and w in lex.function_words))
    if not words or words[0] in lex.function_words or words[0] in lex.months:
        return None
    # an adjective opening a sentence ("Strategic ...") is no name's first word; inside one,
    # before an apposition or after a place's attribute, it may be
    if words[0] in lex.leading_noise and (m.re in (lex.after_descriptor, lex.after_descriptor_comma.pattern, lex.led_by,
                                                   lex.shares_moved)
                                          or _opens_sentence(text, start)):
        return None
    name = text[start:end].rstrip(",")
    if name.endswith(".") and name[:-1].rsplit(" ", 1)[-1] not in lex.legal_forms:
        name = name[:-1]
    end = start + len(name)
    if len(words) == 1 and (len(name) < 3 or name in lex.generic):
        return None
    if _is_heading(text, start, end, newlines) or _followed_by_name_word(text, end, lex):
        return None
    if all(w in lex.generic or w.lower() in _CONNECTORS for w in words):
        return None
    return Discovery(start, end, name, lex.kind(name) or lex.descriptors.get(desc, "company"))


_LISTED_NAME = re.compile(rf"{_WORD}(?:[ ](?:&[ ])?{_WORD}){{0,3}}")
_LISTED_SEPARATOR = re.compile(r",[ ](?:and[ ]|or[ ])?|[ ](?:and|or)[ ]")


def _introduced(text: str, pos: int, kind: str, lex: DiscoveryLexicon, newlines: list[int]) -> list[Discovery]:
    """The capitalised names listed after "companies such as": each one up to a separator, the
    list ending at the first thing that is no name."""
    out = []
    while True:
        m = _LISTED_NAME.match(text, pos)
        if m is None:
            break
        words, end = _cut_name(m.group(0).split(" "), m.start(), lambda i, w: w in lex.role_words or w in lex.months
                               or (i > 0 and w in lex.function_words))
        name = text[m.start():end]
        rest = text[end:end + 2]
        if not words or (rest and rest[0] not in ",.;)" and not (rest[0] == " " and not rest[1:2].isupper())):
            break
        if (words[0] not in lex.function_words and not all(w in lex.generic for w in words)
                and not _is_heading(text, m.start(), end, newlines)):
            out.append(Discovery(m.start(), end, name, lex.kind(name) or kind))
        sep = _LISTED_SEPARATOR.match(text, end)
        if sep is None:
            break
        pos = sep.end()
    return out


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" \"'\u201c\u2018")
    return not before or before[-1] in ".!?:\n"


def _single_word_name(words: list[str], ticker: bool, lex: DiscoveryLexicon) -> bool:
    """'Chemours (NYSE: CC)': one word is a name only with a ticker after it."""
    w = words[0]
    return ticker and len(w) >= 3 and w not in lex.generic and w not in lex.leading_noise


def _own_acronym(text: str, end: int, words: list[str], kind: str | None) -> bool:
    """'Critical Minerals Institute (CMI)': a name with an organizational word and its initials."""
    m = _ACRONYM_AFTER.match(text, end)
    if m is None or kind is None:
        return False
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return m.group(1).upper() == initials.upper()


def _followed_by_name_word(text: str, end: int, lex: DiscoveryLexicon) -> bool:
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1) in lex.not_followed_by


def _only_generic(name: str, lex: DiscoveryLexicon) -> bool:
    """'Industry Resources', 'Minerals Group': industry words with no proper name in front."""
    if name.split(" ", 1)[0] in lex.key_first:
        return False
    core = lex.strip_legal(name).split(" ")
    return all(w in lex.generic or w.lower() in _CONNECTORS for w in core)


def _definite_body(text: str, start: int, name: str, lex: DiscoveryLexicon) -> bool:
    """'the International Energy Agency': a public body may be named by common words alone
    when the definite article picks it out (a company of common words may not)."""
    if not text[max(0, start - 4):start].lower() == "the ":
        return False
    last = lex.strip_legal(name).rsplit(" ", 1)[-1]
    return last in lex.definite_generic


def _is_heading(text: str, start: int, end: int, newlines: list[int], title: bool = False) -> bool:
    """A candidate that is most of an unpunctuated line; with ``title``, any candidate on a
    title-case line (where only a name's own evidence, not its capitals, can be trusted)."""
    i = bisect_left(newlines, start)
    line_start = newlines[i - 1] + 1 if i > 0 else 0
    j = bisect_left(newlines, end)
    line_end = newlines[j] if j < len(newlines) else len(text)
    if line_end - line_start > HEADING_SCAN_CHARS:
        return False  # a line this long is prose, not a heading (and is not copied per candidate)
    line = text[line_start:line_end].strip()
    if not line or line[-1] in _SENTENCE_END:
        return False
    return (end - start) >= HEADING_SHARE * len(line) or (title and _title_case(line))


def _title_case(line: str) -> bool:
    """A headline in title case: (nearly) every longer word capitalised, so capitals say nothing."""
    long_words = [w for w in line.split() if len(w) > 3 and w[:1].isalpha()]
    return len(long_words) >= TITLE_MIN_WORDS and sum(w[:1].isupper() for w in long_words) >= TITLE_SHARE * len(long_words)
