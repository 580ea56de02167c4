"""Chinese text matching for small in-memory indexes: no word segmenter, no models.

People type colloquial phrases ("身份证丢了", "生孩子要办什么") while catalogs use
official terms ("居民身份证补领", "新生儿出生一件事"). Segmenters need a dictionary
that knows the official terms anyway, so this module works on character bigrams
(robust to any word boundary) plus a small colloquial → official synonym table and
a list of stop words that carry no meaning in a question.

A query is parsed into *concepts*. Each concept is a set of interchangeable
alternatives (a colloquial phrase and its official expansions); a document scores
the best alternative of each concept, weighted by the field it matched in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

# Words that carry no meaning in a question; longer ones are removed first. Single
# characters that start real words ("去" of 去世, "给" of 给付) are deliberately absent.
STOP_WORDS: tuple[str, ...] = (
    "需要办什么",
    "要办什么",
    "办什么",
    "怎么办理",
    "如何办理",
    "去哪里",
    "怎么办",
    "什么",
    "怎么",
    "如何",
    "哪里",
    "哪儿",
    "需要",
    "办理",
    "我想",
    "想要",
    "申请",
    "我们",
    "我",
    "要",
    "办",
    "的",
    "了",
    "吗",
    "呢",
    "啊",
    "吧",
)

# A lone character that survives stop-word removal ("开" of "开餐馆") says little;
# it still counts, with this share of a full concept's weight.
SINGLE_CHAR_WEIGHT = 0.4
# A partial bigram match below this share of an alternative is noise ("格证" in "资格证").
MIN_COVERAGE = 0.5
# Extra credit, as a share, for each further alternative of a concept that also matches.
EXTRA_ALTERNATIVE_CREDIT = 0.1

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """NFKC (full-width letters, digits and spaces become half-width), lower case,
    and every run of punctuation or white space becomes one space."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _SEPARATORS.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of each space-separated run; a one-character run is kept whole."""
    out: set[str] = set()
    for run in normalize(text).split():
        if len(run) == 1:
            out.add(run)
        else:
            out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


@dataclass(frozen=True)
class Concept:
    """One thing the person asked about, as interchangeable alternatives."""

    alternatives: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the normalised query
    concepts: tuple[Concept, ...]

    @property
    def terms(self) -> list[str]:
        """Every alternative, longest first: what to highlight in a snippet."""
        found = {alt for c in self.concepts for alt in c.alternatives}
        return sorted(found, key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.concepts)


def _consume(text: str, words: Iterable[str]) -> tuple[str, list[str]]:
    """Removes each word (longest first) from text, leaving a space; returns what was found."""
    found = []
    for word in sorted(set(words), key=len, reverse=True):
        if word and word in text:
            found.append(word)
            text = text.replace(word, " ")
    return text, found


def parse_query(
    query: str,
    *,
    synonyms: Mapping[str, Iterable[str]] | None = None,
    stop_words: Iterable[str] = STOP_WORDS,
) -> ParsedQuery:
    """Splits a query into concepts: synonym phrases first (so "补办" survives the stop
    word "办"), then stop words go, and each remaining run is a concept of its own."""
    text = normalize(query)
    synonyms = synonyms or {}
    rest, phrases = _consume(text, synonyms)
    concepts = [
        Concept(tuple(dict.fromkeys([p, *(normalize(s) for s in synonyms[p])]))) for p in phrases
    ]
    rest, _ = _consume(rest, stop_words)
    for run in rest.split():
        weight = SINGLE_CHAR_WEIGHT if len(run) == 1 else 1.0
        concepts.append(Concept((run,), weight))
    if not concepts and text:
        # A query made only of stop words ("办什么"): match it literally rather than nothing.
        concepts = [Concept((run,), 1.0) for run in text.split()]
    unique = list(dict.fromkeys(concepts))
    return ParsedQuery(text=text, concepts=tuple(unique))


@dataclass(frozen=True)
class IndexedField:
    text: str
    grams: frozenset[str]
    weight: float


@dataclass
class Document:
    """Searchable text of one object: named fields, each with a weight."""

    fields: list[IndexedField] = field(default_factory=list)

    @classmethod
    def build(cls, weighted: Iterable[tuple[str, float]]) -> Document:
        doc = cls()
        for text, weight in weighted:
            norm = normalize(text)
            if norm:
                doc.fields.append(IndexedField(norm, bigrams(norm), weight))
        return doc

    def match(self, alternative: str) -> float:
        """The best field weight × coverage of one alternative in this document."""
        alt_grams = bigrams(alternative)
        best = 0.0
        for f in self.fields:
            if alternative in f.text:
                coverage = 1.0
            elif len(alternative) < 3 or not alt_grams:
                continue  # short words match whole or not at all
            else:
                coverage = len(alt_grams & f.grams) / len(alt_grams)
                if coverage < MIN_COVERAGE:
                    continue
            best = max(best, f.weight * coverage)
        return best


def score(query: ParsedQuery, doc: Document) -> float:
    """Sum over concepts of the best alternative's match (plus a little for each other
    alternative that matches too), scaled down when some concepts found nothing."""
    total, matched = 0.0, 0
    for concept in query.concepts:
        results = sorted((doc.match(alt) for alt in concept.alternatives), reverse=True)
        if not results or results[0] <= 0:
            continue
        matched += 1
        best = results[0] + EXTRA_ALTERNATIVE_CREDIT * sum(results[1:])
        total += concept.weight * best
    if not matched:
        return 0.0
    # Like Lucene's coordination factor: a document that answers every part of the
    # question beats one that answers a part very well.
    return total * (0.5 + 0.5 * matched / len(query.concepts))


def highlight(text: str, terms: Iterable[str], width: int = 0) -> list[tuple[str, bool]]:
    """Splits text into (part, is_match) pieces around the given terms, for templates
    to wrap matches in <mark> without marking anything safe. With a width, keeps a
    window of about that many characters around the first match."""
    terms = [t for t in terms if t]
    if not text:
        return []
    if width and len(text) > width:
        first = min((i for t in terms if (i := text.find(t)) >= 0), default=0)
        start = max(0, min(first - width // 4, len(text) - width))
        text = ("…" if start else "") + text[start : start + width] + "…"
    if not terms:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    parts, pos = [], 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            parts.append((text[pos : m.start()], False))
        parts.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts
