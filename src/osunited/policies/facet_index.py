"""The policy search's facet index: the searchable policies' facets as bitsets, in memory.

Each policy has a position: its index in the list of their ids, sorted. Each facet value
(a region, a type, a status, a kind of issuer, an action, an objective) is a Python int whose
bit p is set when the policy at position p has that value; the text matches become such an int
too, so that every facet count is `(matches & chosen & value).bit_count()`: microseconds for
50,000 policies, where the database had to group every text match again for each search (the
technique of search engines' filter caches, such as Lucene's). The sort orders are kept as
arrays of positions, as the database sorts them (its collation), so that a page of results is
read from them without sorting the matches.

The index is built from two narrow queries (the facet columns with each sort's row number, and
the objectives) and kept per process and per scope (the queryset searched). It is rebuilt when
the library's stamp changes: a token that the database's triggers renew on every write to the
policies or their objectives (migration 0003), so that a write shows at once in every process,
and a write rolled back leaves the stamp, and the index, as they were.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet, Window
from django.db.models.functions import RowNumber

from osunited.policies.models import Policy, PolicyObjective

# The policies' own facet columns; the objectives are the facet "objective".
COLUMNS = ("region", "policy_type", "status", "issuer_kind", "action")
OBJECTIVE = "objective"
# A result holding fewer than one policy in this many is paged by sorting its positions; a
# larger one by walking the sort order until the page is full.
_SPARSE = 16


def library_stamp(using: str) -> str:
    """The token of the library's current state (renewed by the triggers of migration 0003)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT token FROM policies_policy_stamp WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else ""


@dataclass(frozen=True)
class FacetIndex:
    stamp: str
    ids: array[int]  # the policies' ids, sorted: position -> id
    bits: Mapping[str, Mapping[str, int]]  # facet -> value -> bitset of positions
    orders: Mapping[str, array[int]]  # sort -> positions in that order
    ranks: Mapping[str, array[int]]  # sort -> position -> its place in that order
    _slots: array[int]  # id - _first -> position, or -1
    _first: int

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def everything(self) -> int:
        return (1 << self.size) - 1

    def position(self, pk: int) -> int:
        offset = pk - self._first
        return self._slots[offset] if 0 <= offset < len(self._slots) else -1

    def bitset(self, ids: Iterable[int]) -> int:
        """The positions of `ids` (those outside the index are left out) as a bitset."""
        buffer = bytearray((self.size + 7) // 8)
        slots, first, span = self._slots, self._first, len(self._slots)
        for pk in ids:
            offset = pk - first
            if 0 <= offset < span and (position := slots[offset]) >= 0:
                buffer[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(buffer, "little")

    def any_of(self, facet: str, values: Sequence[str]) -> int:
        """The policies with any of `values` of `facet` (OR within a facet)."""
        found = 0
        for value in values:
            found |= self.bits[facet].get(value, 0)
        return found

    def counts(self, facet: str, over: int) -> dict[str, int]:
        """The number of policies of `over` with each value of `facet` (none left out: 0s too)."""
        return {value: (over & bits).bit_count() for value, bits in self.bits[facet].items()}

    def page(self, found: int, sort: str, start: int, stop: int) -> list[int]:
        """The ids at places [start, stop) of the policies of `found`, in the order `sort`."""
        total = found.bit_count()
        if total * _SPARSE < self.size:
            rank = self.ranks[sort]
            placed = heapq.nsmallest(stop, positions(found), key=rank.__getitem__)
            return [self.ids[position] for position in placed[start:stop]]
        data = found.to_bytes((self.size + 7) // 8, "little")
        taken: list[int] = []
        for position in self.orders[sort]:
            if data[position >> 3] >> (position & 7) & 1:
                taken.append(position)
                if len(taken) == stop:
                    break
        return [self.ids[position] for position in taken[start:]]

    def ranked_page(
        self, ranked: Iterable[tuple[int, float]], found: int, tiebreak: str, start: int, stop: int
    ) -> list[int]:
        """The ids at places [start, stop) of the policies of `found` among `ranked` (id, rank)
        rows, lowest rank first, then in the order `tiebreak`."""
        data = found.to_bytes((self.size + 7) // 8, "little")
        rank_of = self.ranks[tiebreak]
        candidates = (
            (rank, rank_of[position], self.ids[position])
            for pk, rank in ranked
            if (position := self.position(pk)) >= 0 and data[position >> 3] >> (position & 7) & 1
        )
        return [pk for _rank, _tie, pk in heapq.nsmallest(stop, candidates)[start:stop]]

    def memory(self) -> int:
        """Its size in bytes, roughly (the arrays and the bitsets)."""
        arrays = [self.ids, self._slots, *self.orders.values(), *self.ranks.values()]
        bitsets = [bits for by_value in self.bits.values() for bits in by_value.values()]
        return sum(a.itemsize * len(a) for a in arrays) + sum(b.bit_length() // 8 for b in bitsets)


def positions(bits: int) -> Iterator[int]:
    """The set bits of `bits`, lowest first."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            for bit in range(8):
                if byte >> bit & 1:
                    yield base + bit


def _bitsets(values_at: Iterable[tuple[int, str]], size: int) -> dict[str, int]:
    """Bitsets by value from (position, value) pairs."""
    buffers: dict[str, bytearray] = {}
    for position, value in values_at:
        buffer = buffers.get(value)
        if buffer is None:
            buffer = buffers[value] = bytearray((size + 7) // 8)
        buffer[position >> 3] |= 1 << (position & 7)
    return {value: int.from_bytes(buffer, "little") for value, buffer in buffers.items()}


def build(
    policies: QuerySet[Policy], orderings: Mapping[str, Sequence[Any]], stamp: str
) -> FacetIndex:
    """The index of `policies`, with the sort orders `orderings` (as for `order_by`)."""
    windows = {
        f"_place_{sort}": Window(RowNumber(), order_by=list(by)) for sort, by in orderings.items()
    }
    rows = list(
        policies.order_by().annotate(**windows).values_list("pk", *COLUMNS, *windows).order_by("pk")
    )
    ids = array("q", (row[0] for row in rows))
    first = ids[0] if ids else 0
    slots = array("l", [-1]) * ((ids[-1] - first + 1) if ids else 0)
    for position, pk in enumerate(ids):
        slots[pk - first] = position
    size = len(ids)
    bits = {
        column: _bitsets(((p, str(row[1 + n])) for p, row in enumerate(rows)), size)
        for n, column in enumerate(COLUMNS)
    }
    objectives = PolicyObjective.objects.filter(policy__in=policies.order_by().values("pk"))
    pairs = objectives.values_list("policy_id", "objective").order_by()
    slot_of = {pk: position for position, pk in enumerate(ids)}
    bits[OBJECTIVE] = _bitsets(((slot_of[pk], value) for pk, value in pairs), size)
    ranks: dict[str, array[int]] = {}
    orders: dict[str, array[int]] = {}
    for n, sort in enumerate(orderings):
        ranks[sort] = array("l", (row[1 + len(COLUMNS) + n] - 1 for row in rows))
        orders[sort] = array("l", [0]) * size
        for position, place in enumerate(ranks[sort]):
            orders[sort][place] = position
    return FacetIndex(stamp, ids, bits, orders, ranks, slots, first)


_lock = threading.Lock()
_indexes: dict[tuple[str, str], FacetIndex] = {}


def facet_index(policies: QuerySet[Policy], orderings: Mapping[str, Sequence[Any]]) -> FacetIndex:
    """The index of `policies` as the library stands now: this process's own, or a new one
    when the library has changed since it was built."""
    key = (policies.db, str(policies.order_by().query))
    stamp = library_stamp(policies.db)
    index = _indexes.get(key)
    if index is not None and index.stamp == stamp:
        return index
    with _lock:  # one build at a time; the others wait for it rather than build it too
        index = _indexes.get(key)
        if index is None or index.stamp != stamp:
            index = _indexes[key] = build(policies, orderings, stamp)
    return index


def forget() -> None:
    """Drop this process's indexes (as a new process starts)."""
    _indexes.clear()
