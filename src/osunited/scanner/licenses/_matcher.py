"""Finding license texts, notices and references in a text.

Candidates come from shared 4-word grams; each candidate is then aligned word by word with the
text (longest common subsequence), and the best alignment wins. A match's region is taken out of
the text and the search repeats, so a file with several licenses yields each of them.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from rapidfuzz.distance import LCSseq

from osunited.scanner.licenses._decisive import Verdict
from osunited.scanner.licenses._index import GRAM, Entry, LicenseIndex, gram_keys, short_keys
from osunited.scanner.licenses._likely import Hits, Likely, Shared, likely_hits
from osunited.scanner.licenses._tokens import words_with_lines

_MAX_ROUNDS = 16
_CANDIDATES_PER_ROUND = 20
_REFINED = 80
_Opcode = tuple[str, int, int, int, int]  # tag, rule start and end, text start and end
_TAKEN = 0  # word id of text already explained by a match; no indexed word has it
# Words of license terms themselves (grants, conditions, disclaimers), rather than of prose that
# only talks about licenses ("Django is licensed under the BSD license; see LICENSE").
_TERMS_WORDS = {
    "permission",
    "permitted",
    "granted",
    "grant",
    "grants",
    "warranty",
    "warranties",
    "liability",
    "liable",
    "redistribution",
    "redistribute",
    "conditions",
    "shall",
    "disclaimer",
    "disclaimed",
    "infringement",
    "merchantability",
}


# Matches that say "some license is mentioned here" rather than which one.
WEAK_EXPRESSIONS = frozenset(
    f"LicenseRef-scancode-{key}"
    for key in (
        "unknown",
        "unknown-license-reference",
        "unknown-spdx",
        "free-unknown",
        "warranty-disclaimer",
        "generic-cla",
        "generic-tos",
    )
)


@dataclass(frozen=True, slots=True)
class LicenseMatch:
    """A license found in a text. `coverage` is the share (0-100) of the known text matched."""

    expression: str
    identifier: str
    kind: str
    coverage: float
    start_line: int
    end_line: int
    matched_words: int
    # False for a GPL whose words say neither "only" nor "or later" ("AGPL v3" in a badge).
    scope_stated: bool = True


@dataclass(frozen=True, slots=True)
class UnknownText:
    """License-like text that matches no known license well; `closest` is the best guess."""

    start_line: int
    end_line: int
    closest: str | None
    score: float


@dataclass(frozen=True)
class Detection:
    matches: tuple[LicenseMatch, ...]
    unknown: tuple[UnknownText, ...]


@dataclass
class _Alignment:
    entry: Entry
    matched: int
    start: int
    end: int
    region: int
    blocks: list[tuple[int, int, int]]  # equal runs: rule start, text start, length
    verdict: Verdict | None = None  # what the matched words say, once judged

    @property
    def coverage(self) -> float:
        return self.matched / len(self.entry.tokens)

    @property
    def quality(self) -> int:
        return 3 * self.matched - len(self.entry.tokens) - self.region

    @property
    def strong(self) -> bool:
        return self.matched >= 10 and self.entry.expression not in WEAK_EXPRESSIONS

    def acceptable(self) -> bool:
        length = len(self.entry.tokens)
        required = 1.0 if length < 12 else (0.8 if self.entry.kind == "text" else 0.9)
        required = max(required, self.entry.minimum_coverage / 100)
        return self.coverage >= required and self.matched * 2 >= self.region


def detect(
    index: LicenseIndex, text: str, *, whole_file: bool = True, report_unknown: bool = False
) -> Detection:
    """Every license match in `text`, and (if asked) license-like text left unknown.

    Rules shorter than four words ("MIT License") are looked for only in a `whole_file` (a
    license file or README); in the header of a source file they mean too little."""
    tokens, lines = words_with_lines(text)
    ids = index.token_ids(tokens)
    matches: list[LicenseMatch] = []
    explained = [False] * len(ids)
    grams = _Grams.of(ids)
    for _ in range(_MAX_ROUNDS if whole_file else 4):
        best = _best_alignment(index, ids, grams, whole_file)
        if best is None:
            break
        matches.append(_as_match(best, lines))
        ids[best.start : best.end] = [_TAKEN] * (best.end - best.start)
        grams = grams.taking(ids, best.start, best.end)
        if best.strong:
            explained[best.start : best.end] = [True] * (best.end - best.start)
    matches.sort(key=lambda m: m.start_line)
    unknown = _unknown_runs(index, tokens, explained, lines) if report_unknown else ()
    return Detection(tuple(matches), tuple(unknown))


def _best_alignment(
    index: LicenseIndex, ids: list[int], grams: _Grams, short_rules: bool
) -> _Alignment | None:
    """The best acceptable alignment of a known text with the free part of `ids`."""
    best: _Alignment | None = None
    hits = _likely(index, ids, grams, short_rules)
    if not hits.likely:
        return None
    shared = hits.shared(grams.keys, index.gram_sets)
    for estimate, number in _candidates(index.entries, hits, shared, len(ids) - ids.count(_TAKEN)):
        if best is not None and (estimate <= 0 or estimate < 0.6 * best.quality):
            break  # candidates come best estimate first; the rest cannot win
        entry, common = index.entries[number], shared.grams(number)
        alignment = _align(entry, ids, _window(entry, grams, common, len(ids)))
        if alignment is not None and _spread_over_copies(alignment):
            alignment = _align(entry, ids, _first_copy(entry, grams, common, len(ids)))
        if alignment is None:
            continue
        if alignment.acceptable() and (best is None or alignment.quality > best.quality):
            verdict = index.decisive.judge(entry, ids, alignment.blocks)
            if verdict is not None:  # else a decisive word differs: not this license
                alignment.verdict = verdict
                best = alignment
    return best


@dataclass
class _Grams:
    """The 4-word grams of the text, and where each is first and last seen (worked out only
    when a candidate is aligned: many texts have none)."""

    order: list[int]
    keys: set[int]

    @classmethod
    def of(cls, ids: list[int]) -> _Grams:
        return cls.ordered(gram_keys(ids))

    @classmethod
    def ordered(cls, keys: list[int]) -> _Grams:
        return cls(keys, set(keys))

    @cached_property
    def first(self) -> dict[int, int]:
        keys = self.order
        return dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))

    @cached_property
    def last(self) -> dict[int, int]:
        return dict(zip(self.order, range(len(self.order)), strict=True))

    def taking(self, ids: list[int], start: int, end: int) -> _Grams:
        """The grams once ids[start:end] are taken: only those over that part change."""
        low = max(0, start - GRAM + 1)
        changed = gram_keys(ids[low : end + GRAM - 1])
        return _Grams.ordered(self.order[:low] + changed + self.order[end:])


def _candidates(
    entries: list[Entry], hits: Hits, shared: Shared, free: int
) -> list[tuple[float, int]]:
    refined = []
    for number in _roughly_best(hits.likely, free):
        length = len(entries[number].tokens)
        share = _gram_share(length, shared.count(number))
        refined.append((_estimate(share, length, free), number))
    refined.sort(reverse=True)
    return _diverse(refined, entries)


def _roughly_best(likely: list[Likely], free: int) -> list[int]:
    """The _REFINED entries of best `_estimate` for a text of `free` words. `likely` comes
    sorted by the estimate for a text long enough, which a shorter text can only lower: once
    that is below the worst kept, no later entry can be kept."""
    kept: list[tuple[float, int]] = []  # a heap: the worst kept first
    for unlimited, matched, length, number in likely:
        if len(kept) == _REFINED and unlimited < kept[0][0]:
            break
        # _estimate, written out: this runs for hundreds of entries per text.
        candidate = (unlimited if matched <= free else 2 * free - length, number)
        if len(kept) < _REFINED:
            heapq.heappush(kept, candidate)
        elif candidate > kept[0]:
            heapq.heapreplace(kept, candidate)
    return [number for _, number in kept]


def _likely(index: LicenseIndex, ids: list[int], grams: _Grams, short_rules: bool) -> Hits:
    """The entries with at least MIN_GRAM_SHARE of their indexed grams in the text."""
    found = grams.keys & index.postings.slots.keys()
    if short_rules:
        found |= short_keys(ids) & index.postings.slots.keys()
    return likely_hits(index, frozenset(found))


def _estimate(share: float, length: int, free: int) -> float:
    """An alignment's quality is 3 * matched - length - region; estimate it with matched and
    region near share * length, and no more than the text's free words."""
    matched = min(share * length, free)
    return 2 * matched - length


def _gram_share(length: int, shared: int) -> float:
    """The share of all of the entry's grams found in the text (the index holds a sample)."""
    grams = length - GRAM + 1  # counted with repeats, as the entry's gram list
    if grams <= 0:
        return 1.0
    return shared / grams


def _diverse(ranked: list[tuple[float, int]], entries: list[Entry]) -> list[tuple[float, int]]:
    """The best candidates, at most five per expression, so that near-identical rules of one
    license do not crowd out a close variant."""
    chosen: list[tuple[float, int]] = []
    per_expression: Counter[str] = Counter()
    for estimate, number in ranked:
        expression = entries[number].expression
        if per_expression[expression] < 5:
            per_expression[expression] += 1
            chosen.append((estimate, number))
            if len(chosen) == _CANDIDATES_PER_ROUND:
                break
    return chosen


def _window(entry: Entry, grams: _Grams, shared: Set[int], length: int) -> tuple[int, int]:
    """The part of the text worth aligning with `entry`: around the grams they share."""
    size = len(entry.tokens)
    if not shared:
        return 0, length
    low = min(map(grams.first.__getitem__, shared))
    high = max(map(grams.last.__getitem__, shared))
    return max(0, low - size), min(length, high + GRAM + size)


def _spread_over_copies(alignment: _Alignment) -> bool:
    """Whether an alignment takes all of a known text, but spread over a region more than twice
    as long: a file with two copies of it (two BSD texts for two copyright holders)."""
    return alignment.coverage >= 0.8 and alignment.matched * 2 < alignment.region


def _first_copy(entry: Entry, grams: _Grams, shared: Set[int], length: int) -> tuple[int, int]:
    """From the first gram the text shares with `entry`, as many words as one copy of it and
    a quarter more."""
    size = len(entry.tokens)
    low = min(map(grams.first.__getitem__, shared), default=0)
    return max(0, low - GRAM), min(length, low + size + size // 4)


def _align(entry: Entry, ids: list[int], window: tuple[int, int]) -> _Alignment | None:
    low, high = window
    opcodes = cast("list[_Opcode]", LCSseq.opcodes(entry.tokens, ids[low:high]).as_list())
    blocks = [
        (rule_start, text_start + low, rule_end - rule_start)
        for tag, rule_start, rule_end, text_start, _ in opcodes
        if tag == "equal"
    ]
    while len(blocks) > 1 and blocks[0][2] < 3:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1][2] < 3:
        blocks.pop()
    if not blocks:
        return None
    start, end = blocks[0][1], blocks[-1][1] + blocks[-1][2]
    matched = sum(length for _, _, length in blocks)
    region = end - start - ids[start:end].count(_TAKEN)
    return _Alignment(entry, matched, start, end, region, blocks)


def _as_match(alignment: _Alignment, lines: list[int]) -> LicenseMatch:
    entry = alignment.entry
    verdict = alignment.verdict or Verdict(entry.expression, True)
    return LicenseMatch(
        expression=verdict.expression,
        identifier=entry.identifier,
        kind=entry.kind,
        coverage=round(100 * alignment.coverage, 1),
        start_line=lines[alignment.start],
        end_line=lines[alignment.end - 1],
        matched_words=alignment.matched,
        scope_stated=verdict.scope_stated,
    )


def _unknown_runs(
    index: LicenseIndex, tokens: list[str], explained: list[bool], lines: list[int]
) -> list[UnknownText]:
    """Runs of 30 or more words no license explains that read like license terms."""
    runs: list[UnknownText] = []
    start = None
    for position, known in enumerate([*explained, True]):
        if not known and start is None:
            start = position
        elif known and start is not None:
            run = tokens[start:position]
            if len(run) >= 30 and len(_TERMS_WORDS.intersection(run)) >= 3:
                guess, score = _closest(index, index.token_ids(run))
                runs.append(UnknownText(lines[start], lines[position - 1], guess, score))
            start = None
    return runs


def _closest(index: LicenseIndex, ids: list[int]) -> tuple[str | None, float]:
    """The known license most similar to an unknown text, and the similarity (0-100): the
    words they share in order over the longer of the two."""
    hits: Counter[int] = Counter()
    for key in set(gram_keys(ids)):
        hits.update(index.postings.get(key) or ())
    best: tuple[float, str | None] = (0.0, None)
    for number, _ in hits.most_common(40):
        entry = index.entries[number]
        if entry.expression in WEAK_EXPRESSIONS:
            continue
        shared = LCSseq.similarity(entry.tokens, ids)
        best = max(best, (shared / max(len(entry.tokens), len(ids)), entry.expression))
    return best[1], round(100 * best[0], 1)
