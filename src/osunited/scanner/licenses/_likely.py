"""The rules likely to match a text: those holding at least a quarter of their indexed grams.

Which rules those are depends only on the set of indexed gram keys the text holds. Files of a
project share most of them (the same header above different code), so the counts of the last
few key sets are kept, and a new set's counts are worked out from the nearest of them: only the
postings of the keys that differ are counted. The answer is the same as counting from nothing.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Collection, Set
from dataclasses import dataclass

from osunited.scanner.licenses._index import GramSets, LicenseIndex

MIN_GRAM_SHARE = 0.25
_KEPT = 24  # key sets; each holds a count for every rule it touches (thousands)
_NEAREST_OF = 8  # the most recent sets looked at as starting points
_USUAL = 100  # entries of best estimate whose shared counts are kept, up to
_USUAL_GRAMS = 30_000  # grams in all
_USUAL_KEPT = 8  # sets of shared grams per key set

# (estimate for a text long enough, gram share times length, length, entry number)
Likely = tuple[float, float, int, int]


@dataclass
class Hits:
    """The likely entries of one set of keys, and what texts holding it share with them."""

    signature: frozenset[int]
    counts: dict[int, int]  # entry number: how many of the keys it holds
    likely: list[Likely]  # best estimate first
    uses: int = 0
    _usual: _Usual | None = None

    def shared(self, text_grams: set[int], gram_sets: GramSets) -> Shared:
        """What a text with these grams shares with each entry."""
        self.uses += 1
        if self.uses == 1:
            return Shared(text_grams, gram_sets)  # a set seen once is not worth preparing for
        if self._usual is None:
            self._usual = _Usual.of(self.likely, gram_sets)
        return self._usual.shared(text_grams, gram_sets)


class Shared:
    """The grams a text shares with entries. Counts for the usual candidates of a key set are
    kept by the grams the text shares with all of them, which the files of a project with one
    header have in common."""

    def __init__(
        self,
        text_grams: set[int],
        gram_sets: GramSets,
        usual: tuple[frozenset[int], frozenset[int], dict[int, int]] | None = None,
    ) -> None:
        self._text, self._gram_sets = text_grams, gram_sets
        self._seen, self._numbers, self._known = usual or (frozenset(), frozenset(), {})

    def count(self, number: int) -> int:
        """How many distinct grams the text shares with entry `number`."""
        found = self._known.get(number)
        if found is None:
            found = len(self.grams(number))
            if number in self._numbers:
                self._known[number] = found
        return found

    def grams(self, number: int) -> Set[int]:
        """The grams the text shares with entry `number`."""
        text = self._seen if number in self._numbers else self._text
        return text & self._gram_sets(number)


@dataclass
class _Usual:
    """The entries a text holding a key set most likely matches, their grams all together,
    and shared counts by the grams a text has among those."""

    numbers: frozenset[int]
    grams: frozenset[int]
    known: OrderedDict[frozenset[int], dict[int, int]]

    @classmethod
    def of(cls, likely: list[Likely], gram_sets: GramSets) -> _Usual:
        numbers, sets, total = [], [], 0
        for *_, number in likely[:_USUAL]:
            grams = gram_sets(number)
            total += len(grams)
            if total > _USUAL_GRAMS:
                break
            numbers.append(number)
            sets.append(grams)
        return cls(frozenset(numbers), frozenset().union(*sets), OrderedDict())

    def shared(self, text_grams: set[int], gram_sets: GramSets) -> Shared:
        seen = frozenset(text_grams & self.grams)
        known = self.known.get(seen)
        if known is None:
            known = self.known[seen] = {}
            if len(self.known) > _USUAL_KEPT:
                self.known.popitem(last=False)
        return Shared(text_grams, gram_sets, (seen, self.numbers, known))


def likely_hits(index: LicenseIndex, signature: frozenset[int]) -> Hits:
    """The entries with at least MIN_GRAM_SHARE of their indexed grams among the keys in
    `signature`, best estimate first (see `_matcher._roughly_best`)."""
    recent: _RecentHits = index.__dict__.setdefault("_recent_hits", _RecentHits())
    hits = recent.get(signature)
    if hits is None:
        hits = _derive(index, recent.nearest(signature), signature)
        recent.put(hits)
    return hits


def _derive(index: LicenseIndex, base: Hits, signature: frozenset[int]) -> Hits:
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
    return Hits(signature, counts, likely)


def _counts(
    index: LicenseIndex, base: Hits, signature: frozenset[int]
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
        self._items: OrderedDict[frozenset[int], Hits] = OrderedDict()

    def get(self, signature: frozenset[int]) -> Hits | None:
        found = self._items.get(signature)
        if found is not None:
            self._items.move_to_end(signature)
        return found

    def put(self, hits: Hits) -> None:
        self._items[hits.signature] = hits
        if len(self._items) > _KEPT:
            self._items.popitem(last=False)

    def nearest(self, signature: frozenset[int]) -> Hits:
        """The recent hits whose keys differ from `signature` in the fewest keys (nothing at
        all, when counting from nothing looks as quick). Any start gives the same answer."""
        best = Hits(frozenset(), {}, [])
        least = len(signature)
        for hits in list(self._items.values())[-_NEAREST_OF:]:
            cost = len(hits.signature ^ signature)
            if cost < least:
                best, least = hits, cost
        return best
