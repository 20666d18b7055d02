"""The rules likely to match a text: those holding at least a quarter of their indexed grams.

Which rules those are depends only on the set of indexed gram keys the text holds. Files of a
project share most of them (the same header above different code), so the counts of the last
few key sets are kept, and a new set's counts are worked out from the nearest of them: only the
postings of the keys that differ are counted. The answer is the same as counting from nothing.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Collection
from dataclasses import dataclass

from osunited.scanner.licenses._index import LicenseIndex

MIN_GRAM_SHARE = 0.25
_KEPT = 24  # key sets; each holds a count for every rule it touches (thousands)
_NEAREST_OF = 8  # the most recent sets looked at as starting points

# (estimate for a text long enough, gram share times length, length, entry number)
Likely = tuple[float, float, int, int]


@dataclass
class _Hits:
    signature: frozenset[int]
    counts: dict[int, int]  # entry number: how many of the keys it holds
    likely: list[Likely]  # best estimate first


def likely_entries(index: LicenseIndex, signature: frozenset[int]) -> list[Likely]:
    """The entries with at least MIN_GRAM_SHARE of their indexed grams among the keys in
    `signature`, best estimate first (see `_matcher._roughly_best`)."""
    recent: _RecentHits = index.__dict__.setdefault("_recent_hits", _RecentHits())
    hits = recent.get(signature)
    if hits is None:
        hits = _derive(index, recent.nearest(index, signature), signature)
        recent.put(hits)
    return hits.likely


def _derive(index: LicenseIndex, base: _Hits, signature: frozenset[int]) -> _Hits:
    """The hits of `signature`, from those of `base` and the postings of the keys that differ."""
    counts, touched = _counts(index, base, signature)
    entries = index.entries
    likely = [item for item in base.likely if item[3] not in touched]
    for number in touched:
        count = counts[number]
        if not count:
            del counts[number]
            continue
        entry = entries[number]
        share = count / entry.indexed_grams
        if share >= MIN_GRAM_SHARE:
            length = len(entry.tokens)
            matched = share * length
            likely.append((2 * matched - length, matched, length, number))
    likely.sort(reverse=True)
    return _Hits(signature, counts, likely)


def _counts(
    index: LicenseIndex, base: _Hits, signature: frozenset[int]
) -> tuple[dict[int, int], Collection[int]]:
    """The counts of `signature`'s hits, and the entries whose count differs from `base`'s."""
    postings = index.postings
    if not base.signature:
        counter: Counter[int] = Counter()
        for key in signature:
            counter.update(postings.get(key) or ())
        counts = dict(counter)
        return counts, list(counts)
    counts = dict(base.counts)
    touched: set[int] = set()
    for key in base.signature - signature:
        for number in postings.get(key) or ():
            counts[number] -= 1
            touched.add(number)
    for key in signature - base.signature:
        for number in postings.get(key) or ():
            counts[number] = counts.get(number, 0) + 1
            touched.add(number)
    return counts, touched


class _RecentHits:
    """The hits of the last key sets seen (a small LRU)."""

    def __init__(self) -> None:
        self._items: OrderedDict[frozenset[int], _Hits] = OrderedDict()

    def get(self, signature: frozenset[int]) -> _Hits | None:
        found = self._items.get(signature)
        if found is not None:
            self._items.move_to_end(signature)
        return found

    def put(self, hits: _Hits) -> None:
        self._items[hits.signature] = hits
        if len(self._items) > _KEPT:
            self._items.popitem(last=False)

    def nearest(self, index: LicenseIndex, signature: frozenset[int]) -> _Hits:
        """The recent hits whose keys differ from `signature` in the fewest postings (nothing
        at all, when counting from nothing is as quick)."""
        postings = index.postings
        best = _Hits(frozenset(), {}, [])
        least = sum(map(postings.size, signature))
        for hits in list(self._items.values())[-_NEAREST_OF:]:
            cost = sum(map(postings.size, hits.signature ^ signature))
            if cost < least:
                best, least = hits, cost
        return best
