"""The license index: every license text and rule as word-id sequences, and an inverted index of
4-word grams to find candidates fast. Built once from the license data, then cached on disk."""

from __future__ import annotations

import operator
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat
from pathlib import Path

from osunited.scanner.licenses._data import data_version, read_licenses, read_rules
from osunited.scanner.licenses._decisive import DecisiveWords
from osunited.scanner.licenses._tokens import words

INDEX_FORMAT = 5
GRAM = 4
_GRAM_BITS = 21  # up to two million distinct words
_SHORT, _MEDIUM = 40, 120  # below _SHORT every gram is indexed; then one in 4, then one in 8
_OPERATORS = {"and": "AND", "or": "OR", "with": "WITH"}
_EXPRESSION_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-]*")


@dataclass(frozen=True)
class LicenseInfo:
    """What reports say about a license id."""

    spdx: str
    name: str
    category: str
    is_exception: bool


@dataclass
class Entry:
    """One indexed text: a full license text or a rule."""

    identifier: str
    expression: str  # SPDX expression
    kind: str  # text, notice, reference, tag, intro, clue
    relevance: int
    minimum_coverage: int
    tokens: array[int]
    indexed_grams: int


class Postings:
    """The entries each gram key occurs in, packed in one array (quick to store and load)."""

    def __init__(self, slots: dict[int, int], values: array[int], ends: array[int]) -> None:
        self.slots, self.values, self.ends = slots, values, ends

    @classmethod
    def pack(cls, lists: dict[int, list[int]]) -> Postings:
        values, ends = array("I"), array("Q")
        for numbers in lists.values():
            values.extend(numbers)
            ends.append(len(values))
        return cls(dict(zip(lists, range(len(lists)), strict=True)), values, ends)

    def get(self, key: int) -> array[int] | None:
        slot = self.slots.get(key)
        if slot is None:
            return None
        return self.values[self.ends[slot - 1] if slot else 0 : self.ends[slot]]

    def __len__(self) -> int:
        return len(self.slots)


@dataclass
class LicenseIndex:
    vocabulary: dict[str, int]
    entries: list[Entry]
    postings: Postings
    licenses: dict[str, LicenseInfo]

    @cached_property
    def gram_sets(self) -> GramSets:
        """Every gram of the entries that come up as candidates (built on first use)."""
        return GramSets(self.entries)

    @cached_property
    def decisive(self) -> DecisiveWords:
        """Version numbers, "Lesser", "only", "or later" ... of the vocabulary (built on first
        use: a rescan from the cache never needs it)."""
        return DecisiveWords.of(self.vocabulary)

    def token_ids(self, tokens: Sequence[str]) -> list[int]:
        """Word ids; a word the index does not know gets an id of its own above the known ones
        (so it is in no gram of the index)."""
        ids = dict.fromkeys(tokens, 0)  # each distinct word once, in order of first use
        known = self.vocabulary
        unknown, last = len(known) + 1, (1 << _GRAM_BITS) - 1
        for word in ids:
            number = known.get(word)
            if number is None:
                number, unknown = min(unknown, last), unknown + 1
            ids[word] = number
        return list(map(ids.__getitem__, tokens))


class GramSets:
    """Every gram key of an entry, kept for the entries asked for: the postings hold only a
    sample of a long entry's grams, and the same few entries come up as candidates file after
    file. Past `budget` keys kept, the oldest half is dropped (a set of keys costs memory)."""

    def __init__(self, entries: list[Entry], budget: int = 400_000) -> None:
        self._entries, self._budget = entries, budget
        self._sets: dict[int, frozenset[int]] = {}
        self._kept = 0

    def __call__(self, number: int) -> frozenset[int]:
        found = self._sets.get(number)
        if found is None:
            found = frozenset(gram_keys(self._entries[number].tokens))
            if self._kept + len(found) > self._budget:
                self._forget_oldest()
            self._sets[number] = found
            self._kept += len(found)
        return found

    def _forget_oldest(self) -> None:
        numbers = list(self._sets)
        for number in numbers[: len(numbers) // 2 + 1]:
            self._kept -= len(self._sets.pop(number))


def gram_keys(ids: Sequence[int]) -> list[int]:
    """The key of each run of GRAM words, in order: the word ids packed into one integer."""
    # Two words into one number, then two such pairs: built in C by map, not word by word.
    pairs = list(map(operator.or_, map(operator.lshift, ids, repeat(_GRAM_BITS)), ids[1:]))
    shifted = map(operator.lshift, pairs, repeat(2 * _GRAM_BITS))
    return list(map(operator.or_, shifted, pairs[2:]))


def load_index(cache_dir: Path | None) -> LicenseIndex:
    """The index from the cache folder, built and stored there first if missing or stale."""
    from osunited.scanner.licenses._storage import read_index, store_index

    path = None
    if cache_dir is not None:
        path = cache_dir / f"license-index-{data_version()}-{INDEX_FORMAT}.bin"
        index = read_index(path)
        if index is not None:
            return index
    index = build_index()
    if path is not None:
        store_index(index, path)
    return index


def build_index() -> LicenseIndex:
    records = list(read_licenses())
    spdx_of = {r.key: r.spdx for r in records}
    licenses = {
        r.spdx: LicenseInfo(r.spdx, r.name, r.category, r.is_exception)
        for r in records
        if not r.is_deprecated
    }
    index = LicenseIndex({}, [], Postings({}, array("I"), array("Q")), licenses)
    lists: dict[int, list[int]] = {}
    for record in records:
        if not record.is_deprecated:
            _add(index, lists, f"license:{record.key}", record.spdx, "text", 100, 0, record.text)
    for rule in read_rules():
        expression = to_spdx_expression(rule.expression, spdx_of)
        _add(
            index,
            lists,
            rule.identifier,
            expression,
            rule.kind,
            rule.relevance,
            rule.minimum_coverage,
            rule.text,
        )
    index.postings = Postings.pack(lists)
    return index


def to_spdx_expression(expression: str, spdx_of: dict[str, str]) -> str:
    """A LicenseDB expression ("gpl-2.0-plus or mit") in SPDX ids ("GPL-2.0-or-later OR MIT")."""

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        if lowered in _OPERATORS:
            return _OPERATORS[lowered]
        return spdx_of.get(lowered, f"LicenseRef-scancode-{lowered}")

    return _EXPRESSION_WORD.sub(replace, expression)


def _add(
    index: LicenseIndex,
    lists: dict[int, list[int]],
    identifier: str,
    expression: str,
    kind: str,
    relevance: int,
    minimum_coverage: int,
    text: str,
) -> None:
    vocabulary = index.vocabulary
    ids = array("I", (vocabulary.setdefault(w, len(vocabulary) + 1) for w in words(text)))
    if not ids:
        return
    number = len(index.entries)
    grams = _indexed_grams(ids)
    for key in grams:
        lists.setdefault(key, []).append(number)
    index.entries.append(
        Entry(identifier, expression, kind, relevance, minimum_coverage, ids, len(grams))
    )


def _indexed_grams(ids: Sequence[int]) -> set[int]:
    if len(ids) < GRAM:
        return {_short_key(ids)}
    keys = set(gram_keys(ids))
    if len(ids) < _SHORT:
        return keys
    mask = 3 if len(ids) < _MEDIUM else 7
    return {key for key in keys if _spread(key) & mask == 0}


def _short_key(ids: Iterable[int]) -> int:
    """The key of a text shorter than a gram: its words, marked so it cannot equal a gram key."""
    key = 1
    for word in ids:
        key = (key << _GRAM_BITS) | word
    return -key


def short_keys(ids: Sequence[int]) -> set[int]:
    """Keys of every run of 1 to GRAM-1 words of a query, to find rules shorter than a gram
    (`_short_key` of each run, built in C by map, not run by run)."""
    one = list(map(operator.or_, repeat(1 << _GRAM_BITS), ids))
    two = list(map(operator.or_, map(operator.lshift, one, repeat(_GRAM_BITS)), ids[1:]))
    three = map(operator.or_, map(operator.lshift, two, repeat(_GRAM_BITS)), ids[2:])
    return set(map(operator.neg, chain(one, two, three)))


def _spread(key: int) -> int:
    return ((key * 0x9E3779B97F4A7C15) >> 40) & 0xFFFF
