"""Stories: articles from different outlets about one happening, clustered into one story.

Two articles are one story when several kinds of evidence agree, each scored in [0, 1]:

1. **events**: both report an event of the same type with the same actors (or, where one
   names no actor, the same specific materials) and dates that agree (one date a prefix of
   the other); the same type and actors with dates that differ to the month count *against*
   (China's April controls are not its October ones);
2. **figures**: both state the same value in the same unit ($400 million, 2,000 t/yr);
3. **entities**: the organisations, countries and materials both mention, weighted by how
   rare each is among the articles clustered (a name every article has says little);
4. **text**: cosine of the stored sentence embeddings when every article has one, else of
   TF-IDF vectors over title and lead (scikit-learn), else word-set Jaccard; different
   wording of one event still shares names, numbers and rare words.

The pair score is a weighted sum; articles published more than ``MAX_STORY_DAYS`` apart
are never one story. Clustering is average-linkage agglomeration: two clusters merge while
the mean score between their members reaches ``LINK_THRESHOLD``, so one loose pair cannot
chain unrelated stories together. ``bench/bench_stories.py`` measures pairwise precision
and recall on ``tests/fixtures/stories``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from monazite.model import content_id

__all__ = ["LINK_THRESHOLD", "MAX_STORY_DAYS", "SIMILARITY_METHODS", "Story", "StoryDocument", "StoryEvent",
           "cluster_stories", "event_affinity", "figure_affinity", "pair_scores", "text_similarity"]

W_EVENT = 0.30  # a shared, dated event is the strongest sign of one story
W_FIGURE = 0.25  # the same figure in the same unit
W_ENTITY = 0.25  # the same rare names
W_TEXT = 0.20  # wording: weakest, since outlets rewrite
EVENT_DATED = 1.0  # same type and parties, dates agree
EVENT_UNDATED = 0.5  # same type and actors, a date missing on one side
EVENT_MATERIALS = 0.3  # same type and specific materials, actors missing on one side
EVENT_CLASH = -1.0  # same type and actors, dates a month or more apart: two happenings
FIGURE_ONE, FIGURE_MORE = 0.6, 1.0  # one shared figure, two or more
GENERIC_MATERIALS = frozenset({"rare-earths"})  # too broad to tie two events together
LINK_THRESHOLD = 0.22  # mean pair score at which two clusters are one story (bench/bench_stories.py)
MAX_STORY_DAYS = 10  # articles published further apart than this are never one story
LEAD_CHARS = 600  # title + this much of the text is what the text similarity reads
SIMILARITY_METHODS = ("embeddings", "tfidf", "words")
_WORD = re.compile(r"[a-z0-9][a-z0-9.,$%-]*[a-z0-9%]|[a-z0-9]", re.IGNORECASE)
STOP_WORDS = frozenset(
    "a an the and or of to in on at for by with from as is are was were be been its it this that which who "
    "has have had will would said says say after before into over under than more most also not no but "
    "their they them he she his her we our you your about up down out new one two three".split())


@dataclass(frozen=True)
class StoryEvent:
    type: str
    date: str | None
    actors: frozenset[str]
    materials: frozenset[str]


@dataclass(frozen=True)
class StoryDocument:
    """What clustering reads of one article."""

    id: str
    title: str
    lead: str
    published: str | None = None
    entities: frozenset[str] = frozenset()
    events: tuple[StoryEvent, ...] = ()
    figures: frozenset[tuple[float, str]] = frozenset()  # (value, unit) of the figures it states
    vector: np.ndarray | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Story:
    """One happening and the articles reporting it, earliest first; ``id`` hashed from its documents."""

    id: str
    document_ids: tuple[str, ...]


def _dates_agree(a: str | None, b: str | None) -> bool | None:
    """True when one date is a prefix of the other, False when they differ to the month, None when unsure."""
    if not a or not b:
        return None
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) >= 7 and len(b) >= 7:
        return False
    return None


def event_affinity(a: StoryDocument, b: StoryDocument) -> float:
    """How strongly the two articles' events say they report one happening (see the module docstring)."""
    best, clash = 0.0, False
    for x in a.events:
        for y in b.events:
            if x.type != y.type:
                continue
            agree = _dates_agree(x.date, y.date)
            if x.actors & y.actors:
                if agree is False:
                    clash = True
                else:
                    best = max(best, EVENT_DATED if agree else EVENT_UNDATED)
            elif (not x.actors or not y.actors) and (x.materials & y.materials) - GENERIC_MATERIALS:
                best = max(best, EVENT_MATERIALS if agree is not False else 0.0)
    if best == 0.0 and clash:
        return EVENT_CLASH
    return best


def figure_affinity(a: StoryDocument, b: StoryDocument) -> float:
    shared = len(a.figures & b.figures)
    return FIGURE_MORE if shared > 1 else FIGURE_ONE if shared else 0.0


def _entity_similarity(docs: Sequence[StoryDocument]) -> np.ndarray:
    """Weighted Jaccard over mentioned entities, each weighted by its inverse document frequency."""
    n = len(docs)
    df = Counter(e for d in docs for e in d.entities)
    idf = {e: math.log((n + 1) / (c + 1)) + 1.0 for e, c in df.items()}
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a, b = docs[i].entities, docs[j].entities
            union = sum(idf[e] for e in a | b)
            out[i, j] = out[j, i] = sum(idf[e] for e in a & b) / union if union else 0.0
    return out


def _words(doc: StoryDocument) -> set[str]:
    return {w.lower() for w in _WORD.findall(f"{doc.title} {doc.lead}") if w.lower() not in STOP_WORDS}


def text_similarity(docs: Sequence[StoryDocument], method: str | None = None) -> tuple[np.ndarray, str]:
    """Pairwise text similarity and the method used: stored embeddings when every document has
    one, else TF-IDF when scikit-learn is installed, else word-set Jaccard (``method`` forces one)."""
    n = len(docs)
    if method is None:
        method = "embeddings" if n and all(d.vector is not None for d in docs) else "tfidf"
    if method == "embeddings":
        matrix = np.vstack([np.asarray(d.vector, dtype=np.float32) for d in docs])
        return np.clip(matrix @ matrix.T, 0.0, 1.0).astype(float), method
    if method == "tfidf":
        try:
            from sklearn.feature_extraction.text import TfidfVectorizer
        except ImportError:
            method = "words"
        else:
            texts = [f"{d.title}. {d.lead}" for d in docs]
            try:
                tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
            except ValueError:  # nothing but stop words
                return np.zeros((n, n)), method
            return (tfidf @ tfidf.T).toarray(), method
    if method != "words":
        raise ValueError(f"unknown similarity method {method!r}; one of {', '.join(SIMILARITY_METHODS)}")
    sets = [_words(d) for d in docs]
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            union = len(sets[i] | sets[j])
            out[i, j] = len(sets[i] & sets[j]) / union if union else 0.0
    return out, method


def _day(value: str | None) -> dt.date | None:
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def pair_scores(docs: Sequence[StoryDocument], method: str | None = None) -> tuple[np.ndarray, str]:
    """The combined pair score matrix (see the module docstring) and the text method used."""
    text, used = text_similarity(docs, method)
    entity = _entity_similarity(docs)
    n = len(docs)
    score = W_TEXT * text + W_ENTITY * entity
    days = [_day(d.published) for d in docs]
    for i in range(n):
        for j in range(i + 1, n):
            value = (score[i, j] + W_EVENT * event_affinity(docs[i], docs[j])
                     + W_FIGURE * figure_affinity(docs[i], docs[j]))
            if days[i] and days[j] and abs((days[i] - days[j]).days) > MAX_STORY_DAYS:
                value = -1.0
            score[i, j] = score[j, i] = value
    return score, used


def _average_linkage(score: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups whose members' mean pair score is at least ``threshold``: average linkage (UPGMA,
    SciPy) on the distance ``top - score``, cut where the mean score falls under the threshold.
    The same merges as joining the best pair while it clears the threshold, in O(n^2)."""
    n = len(score)
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    top = float(max(score.max(), threshold)) + 1.0
    distance = top - score
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), method="average"),
                      t=top - threshold + 1e-12, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return list(groups.values())


def cluster_stories(docs: Sequence[StoryDocument], method: str | None = None,
                    threshold: float = LINK_THRESHOLD) -> list[Story]:
    """Stories over ``docs``, the largest first; each story's documents earliest first."""
    if not docs:
        return []
    score, _ = pair_scores(docs, method)
    clusters = _average_linkage(score, threshold)

    def order(i: int) -> tuple[bool, str, str]:
        return (docs[i].published is None, docs[i].published or "", docs[i].id)

    stories = []
    for members in clusters:
        ids = tuple(docs[i].id for i in sorted(members, key=order))
        stories.append(Story(content_id("story", *sorted(ids)), ids))
    stories.sort(key=lambda s: (-len(s.document_ids), s.document_ids[0]))
    return stories
