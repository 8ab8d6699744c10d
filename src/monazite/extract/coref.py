"""Who a figure is about: the entity named in its clause, or what reference words
("the firm", "it", "the country") stand for, or the organization the article is about.

The rules are deliberately shallow and position-based (news sentences about rare-earth
producers are short and formulaic); what they may not do is guess wildly: a mention in
object position ("of China's exports", "run by Export Finance Australia"), a possessive
modifier ("China's Northern Rare Earth"), an adjective ("Belgian chemicals group"), an
item of a list of destinations, or the source of a figure ("the USGS estimates") is never
taken as its subject.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from monazite.extract.context import ORG_KINDS, PLACE_KINDS, DocContext, phrase_regex
from monazite.model import Mention

__all__ = ["Coref"]

MODIFIER_GAP = re.compile(r"^['\u2019]s?(?:\s+[\w-]+){0,3}\s+$|^['\u2019]s?\s?$")  # "'s state-owned "
LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?(?:the\s+)?|\s+(?:and|or)\s+(?:the\s+)?)$", re.IGNORECASE)
POSSESSOR_GAP = re.compile(r"^['\u2019]s?\s+(?:[a-z][a-z-]*\s+){0,2}$")  # "China's (estimated) 44 million tonnes"
HOLDER_GAP = re.compile(r"^,\s+with\s+(?:[a-z]+\s+){0,3}$")  # "Brazil, with 21 million tonnes"
PAREN_HOLDER_GAP = re.compile(r"^\s?\(\s*(?:about|around|some|nearly|roughly)?\s*$", re.IGNORECASE)  # "Myanmar (30,000 tons)"
GOVERNMENT_GAP = re.compile(r"^\s+(?:federal\s+|central\s+|state\s+)?(?:government|govt|administration|authorities)"
                            r"['\u2019]s?\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)  # "Australian Government's $2 billion"
PLAIN_RELATIVE_GAP = re.compile(r"^,\s+(?:which|who)\s+(?:[a-z][\w-]*\s+){1,4}$")  # "China, which currently supplies almost 90%"
RELATIVE_GAP = re.compile(r"^['\u2019]s?\s+(?:[\w-]+\s+){0,2}[\w-]+,?\s+(?:which|that)\s+(?:[\w-]+\s+){1,3}$",
                          re.IGNORECASE)  # "China's control, which accounts for 94%"
RECIPIENT_AFTER = re.compile(r"^\s+(?:[\w-]+\s+){0,4}?(?:grant|loan|funding|financing|investment|incentive|boost|"
                             r"support|package|injection)s?\s+(?:to|for)\s+(?:the\s+)?$", re.IGNORECASE)  # "$18.4m grant to Ucore"
EXPORTED_FROM = re.compile(r"^[^.;:]{0,40}?\b(?:exported|shipped|mined|produced|extracted)\s+from\s+(?:the\s+)?$",
                           re.IGNORECASE)  # "$803 million was exported from Burma"
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|from|outside)\s+(?:the\s+)?[A-Z][\w-]+(?:\s[A-Z][\w-]+)?,\s*$")  # "in Longonjo, Angola"
TO_RECIPIENT = re.compile(r"^\s+(?:to|for)\s+(?:the\s+)?$", re.IGNORECASE)  # "$12 million to <firm>"
TRAILING_FOR = re.compile(r"^[^.;:]{0,40}?\s+for\s+(?:the\s+)?$", re.IGNORECASE)  # "270,000 tonnes for China"
FOCUS_OPENING_SENTENCES = 2  # the headline and the line after it name the article's company
RELATIVE_LOOKBACK_CHARS = 60  # how far before a name ", which" may open the clause it sits in
OPEN_RELATIVE = re.compile(r",\s+(?:which|who|whom|whose)\b[^,]*$", re.IGNORECASE)
PRONOUN_LOOKBACK_SENTENCES = 3  # how far back "it"/"its" may look for the entity it stands for
SUBJECT_WINDOW_CHARS = 400  # a subject is looked for this far back in the figure's sentence
NEIGHBOUR_CHARS = 60  # modifiers, list items and appositions are judged against mentions this close
_SPACES = re.compile(r"\s*")
RECIPIENT_BEFORE = re.compile(r"\b(?:provid|suppl|furnish|equip|credit)\w*\s+(?:the\s+)?$", re.IGNORECASE)
RECIPIENT_WITH = re.compile(r"\s+with\b")  # "supply Japan with 65%": Japan receives, it holds nothing
POSSESSIVE_AFTER = re.compile(r"['\u2019]s?\b")
_APPOSITION_OPEN = re.compile(r"^\s*\(\s*$")
_COMMON_NOUN_NEXT = re.compile(r"[ \t]+[a-z]")  # a place name used as a noun's modifier ("U.S. magnet plants")
_STATE_NEXT = re.compile(r"\s+(?:federal\s+|central\s+)?(?:government|authorities|administration|state)\b(?!['\u2019])", re.IGNORECASE)
_FUNDER_KINDS = frozenset({"state_body", "agency"})
_FUNDER_LEAD = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?(?:(?:is|are|was|were|has|have|had|will|would|to|also|has\s+been)\s+){0,2}")
_PARTICIPLE_BEFORE = re.compile(r"\b[a-z]{3,}ing\s+(?:the\s+)?$")
_NAME_NEXT = re.compile(r"['\u2019]s?[ \t]+(?!(?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December|First|Second|Third|Fourth|Q[1-4]|H[12])\b)[A-Z][\w&.-]*")
_DETERMINERS = frozenset({"the", "a", "an"})


class Coref:
    """Subject finding for one document; built once per document."""

    def __init__(self, ctx: DocContext, rules: Mapping[str, Any]) -> None:
        self.ctx = ctx
        self.company_refs = phrase_regex(rules.get("reference_words") or [])
        self.pronouns = phrase_regex(rules.get("pronoun_words") or [])
        self.country_refs = phrase_regex(rules.get("country_reference_words") or [])
        self.government_refs = phrase_regex(rules.get("government_reference_words") or [])
        self.object_words = frozenset(str(w).lower() for w in rules.get("object_prepositions") or [])
        self.source_after = phrase_regex(rules.get("source_verbs") or [])
        self.funder_verbs = phrase_regex(rules.get("funder_verbs") or []) if rules.get("funder_verbs") else None
        self.place_modifiers = frozenset(str(w).lower() for w in rules.get("place_modifiers") or [])
        self.owner_before = re.compile(r"\b(?:" + "|".join(
            r"[-\s]+".join(map(re.escape, re.split(r"[-\s]+", str(w)))) for w in rules.get("owner_phrases") or [])
            + r")\s+(?:the\s+)?(?:[\w.-]+-(?:based|listed|headquartered|owned)\s+)?$", re.IGNORECASE) \
            if rules.get("owner_phrases") else None
        cues = [r"\s+".join(map(re.escape, str(c).split())) for c in rules.get("participle_cues") or []]
        self.participle = re.compile(r",\s+(?:" + "|".join(cues) + r")\s+(?:[\w-]+\s+){0,5}$", re.IGNORECASE) \
            if cues else None
        self.exclusion_words = frozenset(str(w).lower() for w in rules.get("exclusion_prepositions") or [])
        self.focus = self._focus()
        self.country_focus = self._country_focus()
        self.focus_first = next((m.start for m in ctx.mentions if m.entity_id == self.focus), None)

    # -- candidates -------------------------------------------------------------------
    def is_subject_candidate(self, m: Mention, sentence: tuple[int, int]) -> bool:
        ctx, text = self.ctx, self.ctx.text
        ent = ctx.entity(m.entity_id)
        if ent is not None and ent.attributes.get("media"):
            return False
        if m.start in ctx.adjectival and not (ctx.kind(m) == "country" and _STATE_NEXT.match(text, m.end)):
            return False  # "Belgian chemicals group"; but "the Angolan government" is the country
        if self.is_object(m, sentence) and not self.owner_named(m, sentence):
            return False
        if RECIPIENT_WITH.match(text, m.end) \
                and RECIPIENT_BEFORE.search(text, max(sentence[0], m.start - 40), m.start):
            return False  # "will supply Japan with 65% of its output": the recipient
        if ctx.kind(m) in PLACE_KINDS and LOCATIVE_BEFORE.search(text, max(sentence[0], m.start - 40), m.start):
            return False  # "a mine in Longonjo, Angola": where, not who
        if ctx.kind(m) != "company" and self._source_follows(m.end):
            return False  # "the USGS estimates ...": the source of the figure
        if ctx.kind(m) in PLACE_KINDS and _COMMON_NOUN_NEXT.match(text, m.end) \
                and _PARTICIPLE_BEFORE.search(text, max(sentence[0], m.start - 30), m.start):
            return False  # "<verb>-ing <country> output": the place modifies a participle's object
        if ctx.kind(m) in PLACE_KINDS and self._possessive_of_unknown_name(m):
            return False  # "<country>'s <Some Firm> will build ...": the firm holds, not the country
        near = ctx.mentions_in(max(sentence[0], m.start - NEIGHBOUR_CHARS), min(sentence[1], m.end + NEIGHBOUR_CHARS))
        for other in near:
            if other is m:
                continue
            okind = ctx.kind(other)
            if other.start >= m.end and okind in ORG_KINDS | PLACE_KINDS \
                    and MODIFIER_GAP.match(text[m.end:other.start]):
                if okind in PLACE_KINDS and _COMMON_NOUN_NEXT.match(text, other.end):
                    continue  # "<firm>'s total <country> magnet capacity": the place only modifies the firm's noun
                return False  # "China's state-owned Northern Rare Earth Group": modifier of a name
            if other.end <= m.start and ctx.kind(m) in PLACE_KINDS and okind in ORG_KINDS | PLACE_KINDS \
                    and MODIFIER_GAP.match(text[other.end:m.start]) and _COMMON_NOUN_NEXT.match(text, m.end):
                return False  # the place inside another's noun phrase ("<firm>'s <country> plants"): no holder
            if okind in PLACE_KINDS and ctx.kind(m) in PLACE_KINDS:
                gap = text[m.end:other.start] if other.start >= m.end else text[other.end:m.start]
                if LIST_GAP.match(gap):
                    return False  # an item of a list of places
            if other.end <= m.start and _APPOSITION_OPEN.match(text[other.end:m.start]):
                return False  # "(Baogang)" after a name restates it
        return True

    def _possessive_of_unknown_name(self, m: Mention) -> bool:
        """A place's possessive before a capitalised name no mention covers ("<country>'s <Firm>"):
        the place qualifies a holder the vocabulary does not know, it holds nothing itself."""
        name = _NAME_NEXT.match(self.ctx.text, m.end)
        if name is None:
            return False
        head = name.end() - len(name.group(0).split()[-1])
        return not any(o.start <= head < o.end for o in self.ctx.mentions_in(head, name.end()))

    def _source_follows(self, pos: int) -> bool:
        """A source verb right after ``pos`` ("the USGS estimates", "It reported")."""
        return self.source_after.match(self.ctx.text, _SPACES.match(self.ctx.text, pos).end()) is not None

    def is_object(self, m: Mention, sentence: tuple[int, int]) -> bool:
        """True after a preposition ("of China's exports", "run by Export Finance Australia",
        "a mine in western Angola")."""
        return self._object_before(m.start, sentence)

    def owner_named(self, m: Mention, sentence: tuple[int, int]) -> bool:
        """An organization named as the owner of what the sentence is about ("the project,
        run and owned by Lynas, reports ..."): a holder although it follows 'by'."""
        return self.owner_before is not None and self.ctx.kind(m) in ORG_KINDS \
            and self.owner_before.search(self.ctx.text, max(sentence[0], m.start - 60), m.start) is not None

    def excluded(self, m: Mention, sentence: tuple[int, int]) -> bool:
        """Right after 'outside', 'except', 'than': what the figure leaves out."""
        words = re.findall(r"[\w'-]+", self.ctx.text[max(sentence[0], m.start - 40):m.start].lower())
        while words and (words[-1] in _DETERMINERS or words[-1] in self.place_modifiers):
            words.pop()
        return bool(words) and words[-1] in self.exclusion_words

    def _object_before(self, pos: int, sentence: tuple[int, int]) -> bool:
        """A preposition (determiners and place modifiers aside) right before ``pos``."""
        before = self.ctx.text[max(sentence[0], pos - 40):pos].replace("\u2019", "'")
        words = re.findall(r"[\w'-]+", before.lower())
        # A possessor belongs to the noun phrase too: "from the EU's fund" is the object of "from".
        while words and (words[-1] in _DETERMINERS or words[-1] in self.place_modifiers or words[-1].endswith("'s")):
            words.pop()
        return bool(words) and words[-1] in self.object_words

    def subject_for(self, start: int, end: int, sentence: tuple[int, int], segment: tuple[int, int],
                    kinds: frozenset[str]) -> str | None:
        """The subject of the figure at [start, end) in ``sentence``, or None."""
        return self.subject_with_source(start, end, sentence, segment, kinds)[0]

    def subject_with_source(self, start: int, end: int, sentence: tuple[int, int], segment: tuple[int, int],
                            kinds: frozenset[str], public_money: bool = False) -> tuple[str | None, str | None, int]:
        """(subject, how it was found, its distance in characters from the figure). How:
        'possessor' ("China's 44 million tonnes"), 'holder' ("Brazil, with 21 million"),
        'trailing' ("270,000 tonnes for China"), 'clause' (the nearest candidate before the
        figure in its sentence), 'company_ref' ("the company"), 'pronoun', 'country_ref' ("the
        country"; "the government" too when the figure is ``public_money``: a scheme's outlay, a budget)."""
        ctx, text = self.ctx, self.ctx.text
        for m in ctx.mentions_in(max(sentence[0], start - 80), start):
            gap = text[m.end:start]
            if ctx.kind(m) not in kinds:
                continue
            if m.start not in ctx.adjectival:
                if POSSESSOR_GAP.match(gap) or RELATIVE_GAP.match(gap) or PLAIN_RELATIVE_GAP.match(gap):
                    return m.entity_id, "possessor", start - m.end
                if (HOLDER_GAP.match(gap) or PAREN_HOLDER_GAP.match(gap)) and not self.excluded(m, sentence):
                    return m.entity_id, "holder", start - m.end
            elif ctx.kind(m) == "country" and GOVERNMENT_GAP.match(gap):
                return m.entity_id, "possessor", start - m.end
        funded = not public_money and any(
            ctx.kind(m) in kinds and self._public_funder(m, start) for m in ctx.mentions_in(segment[0], start))
        for m in ctx.mentions_in(end, segment[1]):
            gap = text[end:m.start]
            if funded and ctx.kind(m) in kinds and TO_RECIPIENT.match(gap):
                return m.entity_id, "trailing", m.start - end  # "<agency> will lend $N to <firm>": the recipient
            if ctx.kind(m) not in kinds:
                if ctx.kind(m) == "country" and "company" in kinds and EXPORTED_FROM.match(gap):
                    return m.entity_id, "trailing", m.start - end  # "worth $80 million were shipped from Vietnam"
                continue
            if TRAILING_FOR.match(gap) or RECIPIENT_AFTER.match(gap) or EXPORTED_FROM.match(gap):
                return m.entity_id, "trailing", m.start - end
        main = self._participle_holder(start, sentence, kinds)
        if main is not None:
            return main.entity_id, "clause", start - main.end
        best_pos, best, how = -1, None, None
        window_start = max(sentence[0], start - SUBJECT_WINDOW_CHARS)
        for m in reversed(ctx.mentions_in(window_start, start)):
            if ctx.kind(m) in kinds and self.is_subject_candidate(m, sentence) \
                    and not self._inside_closed_relative(m, sentence, start) \
                    and (public_money or not self._public_funder(m, start)):
                best_pos, best, how = m.start, m.entity_id, "clause"
                break
        refs = [(r.start(), r.end(), resolve, name)
                for pattern, resolve, name in ((self.company_refs, self._company_ref, "company_ref"),
                                               (self.pronouns, self._pronoun, "pronoun"),
                                               (self.country_refs, self._country_ref, "country_ref"),
                                               (self.government_refs if public_money else None, self._country_ref,
                                                "country_ref"))
                if pattern is not None
                for r in pattern.finditer(text, max(window_start, best_pos + 1), start)]
        refs.sort(key=lambda ref: (ref[0], ref[1]))
        for r_start, r_end, resolve, name in refs:  # in text order: the last one resolved stands
            if self._source_follows(r_end):
                continue  # "It reported that ...": the source of the figure, not its holder
            if name == "pronoun" and (text[r_start - 1:r_start] == "-" or text[r_end:r_end + 1] == "-"):
                continue  # "a first-of-its-kind plant": part of a compound word, no reference
            if name != "pronoun" and self._object_before(r_start, sentence):
                continue  # "operations in the country": a place or an object, not the holder
            if name == "pronoun" and how in ("company_ref", "country_ref") and best_pos >= sentence[0]:
                continue  # "The government doubled its subsidy budget": "its" is the reference before it
            resolved = resolve(r_start, sentence, kinds)
            if resolved is not None:
                best_pos, best, how = r_start, resolved, name
        return best, how, (start - best_pos if best_pos >= 0 else -1)

    def _public_funder(self, m: Mention, start: int) -> bool:
        """A state body or agency handing money out ("<agency> is providing a grant of $N", "<fund>
        (<acronym>) will lend $N"): the figure is the recipient's, whom the rules find elsewhere."""
        if self.funder_verbs is None or self.ctx.kind(m) not in _FUNDER_KINDS:
            return False
        lead = _FUNDER_LEAD.match(self.ctx.text, m.end, start)
        return lead is not None and self.funder_verbs.match(self.ctx.text, lead.end(), start) is not None

    def _participle_holder(self, start: int, sentence: tuple[int, int], kinds: frozenset[str]) -> Mention | None:
        """", accounting for 60% of supply": the subject of the clause the participle hangs on, the
        subject-like name nearest before its comma that is no possessive ("China's biggest
        supplier") nor a modifier; None when there is none."""
        if self.participle is None:
            return None
        cue = self.participle.search(self.ctx.text, sentence[0], start)
        if cue is None:
            return None
        for m in reversed(self.ctx.mentions_in(sentence[0], cue.start())):
            if self.ctx.kind(m) in kinds and not POSSESSIVE_AFTER.match(self.ctx.text, m.end) \
                    and self.is_subject_candidate(m, sentence):
                return m
        return None

    def _inside_closed_relative(self, m: Mention, sentence: tuple[int, int], start: int) -> bool:
        """The name sits in a relative clause closed before the figure ("Its output, which the
        USGS records as the quota, was 270,000 tonnes"): it describes, it does not hold."""
        before = self.ctx.text[max(sentence[0], m.start - RELATIVE_LOOKBACK_CHARS):m.start]
        return bool(OPEN_RELATIVE.search(before)) and "," in self.ctx.text[m.end:start]

    # -- reference resolution ------------------------------------------------------
    def _company_ref(self, pos: int, sentence: tuple[int, int], kinds: frozenset[str]) -> str | None:
        """'the company', 'management': the article's company once it has been named, else the
        company last named (news uses the definite description for its main subject)."""
        del sentence
        if "company" not in kinds:
            return None
        if self.focus is not None and self.focus_first is not None and self.focus_first < pos:
            return self.focus
        return self.salient_org(pos)

    def _pronoun(self, pos: int, sentence: tuple[int, int], kinds: frozenset[str]) -> str | None:
        """'it'/'its': the first subject-like name of this sentence, else of the sentences before."""
        allowed = kinds & (ORG_KINDS | PLACE_KINDS)
        spans = [(sentence[0], pos)]
        idx = self.ctx.sentence_index(sentence[0])
        for back in range(1, PRONOUN_LOOKBACK_SENTENCES + 1):
            if idx - back >= 0:
                spans.append(self.ctx.sentences[idx - back])
        for span in spans:
            for m in self.ctx.mentions_in(*span):
                if self.ctx.kind(m) in allowed and self.is_subject_candidate(m, self.ctx.sentence_at(m.start)):
                    return m.entity_id
        return self.salient_org(pos) if "company" in kinds else None

    def _country_ref(self, pos: int, sentence: tuple[int, int], kinds: frozenset[str]) -> str | None:
        """'the country', 'the government': the country last named before it, else (named only
        further on) the country the article is most about."""
        del sentence
        if "country" not in kinds:
            return None
        for m in self.ctx.mentions_back(pos):
            if self.ctx.kind(m) == "country" and m.start not in self.ctx.adjectival \
                    and self.is_subject_candidate(m, self.ctx.sentence_at(m.start)):
                return m.entity_id
        return self.country_focus

    def salient_org(self, pos: int) -> str | None:
        """The company last named before ``pos`` (media names aside), else the document's focus."""
        for m in self.ctx.mentions_back(pos):
            if self.ctx.kind(m) == "company" and not self._is_media(m.entity_id):
                return m.entity_id
        return self.focus

    def _is_media(self, entity_id: str) -> bool:
        ent = self.ctx.entity(entity_id)
        return ent is not None and bool(ent.attributes.get("media"))

    def _country_focus(self) -> str | None:
        """The country the article is most about (demonyms count: "Chinese exports" are China's),
        the earliest on a tie; None when it names no country."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in self.ctx.mentions:
            if self.ctx.kind(m) == "country":
                counts[m.entity_id] += 1
                first.setdefault(m.entity_id, m.start)
        if not counts:
            return None
        return min(counts, key=lambda e: (-counts[e], first[e]))

    def _focus(self) -> str | None:
        """The company the article is about: the first named in its opening (headline, first
        lines), else the most often named, the earliest on a tie."""
        opening = self.ctx.sentences[FOCUS_OPENING_SENTENCES - 1][1] if len(self.ctx.sentences) >= \
            FOCUS_OPENING_SENTENCES else len(self.ctx.text)
        for m in self.ctx.mentions_in(0, opening):
            if self.ctx.kind(m) == "company" and not self._is_media(m.entity_id):
                return m.entity_id
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in self.ctx.mentions:
            if self.ctx.kind(m) == "company" and not self._is_media(m.entity_id):
                counts[m.entity_id] += 1
                first.setdefault(m.entity_id, m.start)
        if not counts:
            return None
        return min(counts, key=lambda e: (-counts[e], first[e]))
