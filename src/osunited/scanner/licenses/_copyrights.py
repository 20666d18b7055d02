"""Copyright statements and their holders, from the head of a file.

A statement says who owns a work: "Copyright (c) 2015 Jane Roe", "© UNICEF",
"SPDX-FileCopyrightText: 2025 WHO". Prose that only mentions copyright and a date ("the WIPO
Copyright Treaty adopted on 20 December 1996") is not one, and the copyright of a license text
itself (the FSF's, atop the GPL) names the author of the license, not an owner of the project.
Holders come out clean: no e-mail, link, Markdown or HTML debris, no license or sentence glued on.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

_YEAR = r"(?:1[89]|20)\d\d"
_STATEMENT = re.compile(
    r"(?:^|[\s#*/;!'\"<>\[-])"
    rf"((?:SPDX-FileCopyrightText:|copyright\b|\(c\)\s*{_YEAR}\b|©|&copy;)[^\n]{{0,200}})",
    re.IGNORECASE,
)
# "2002-3", "2000--2015", "1998, 2001-2004, present": one run of years.
_YEARS = re.compile(
    rf"\b{_YEAR}\b(?:\s*(?:--?|[\u2013,])\s*(?:{_YEAR}\b|(?<=-)\d\d?\b(?!\.\d)|present\b|now\b))*",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
# A day of a month is a date, not the year of a copyright ("adopted on 20 December 1996").
_DATE = re.compile(
    rf"\b(?:\d\d?(?:st|nd|rd|th)?\s+)?{_MONTH}\s+(?:\d\d?(?:st|nd|rd|th)?,?\s+)?{_YEAR}\b",
    re.IGNORECASE,
)
_SIGN_FIRST = re.compile(r"^(?:©|\(c\)|&copy;|spdx-file|copyright\s*(?:\(c\)|©|&copy;))", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The copyright of a license text: the FSF's atop the GPL family's is followed by this within
# three lines; the EUPL's, in every language, follows the license's name ("EUPL © ...").
_LICENSE_OWN_AFTER = re.compile(r"permitted to copy and distribute verbatim copies", re.I)
_LICENSE_OWN_BEFORE = re.compile(r"\bEUPL\W*$")

_MARKDOWN_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")
_LINK_DEBRIS = re.compile(r"\]\([^()\s]*\)?|[*_`]{2,}")
_ADDRESSES = re.compile(
    r"<[^<>]*>|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s()<>\[\]]*"
    r"|\b[\w-]+(?:\.[\w-]+)+/[^\s()<>\[\]]*",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"\bcopyright\b|\(c\)|©|\b(?:all|some) rights reserved\.?|\bSPDX-FileCopyrightText:"
    r"|\bholders?\b|\(\s*\)|\[\s*\]",
    re.IGNORECASE,
)
# Where the name ends and a license, a sentence or a credit note begins.
_TAIL = re.compile(
    r"(?:^|[,;]?\s+)(?:"
    r"(?:is\s+|are\s+|and\s+)?(?:licen[cs]ed|released|distributed|dual[- ]licensed)\b"
    r"|(?:is|are|and)\s+available\b"
    r"|under\s+(?:the|an?)\s|(?:[\w.-]+\s+){0,2}licen(?:[cs]es?|za|z)\b"
    r"|with\s+reserved\s+font\s+name|see\s|(?:originally\s+)?(?:written|contributed)\s+by\b)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"\.\s+(?=\S)")
_COMPANY_ENDS = frozenset("inc ltd co corp llc plc".split())  # a name ends there
_ABBREVIATIONS = frozenset("inc ltd co corp jr sr st dr bros mr mrs ms prof et al".split())
_CONTRIBUTORS = re.compile(
    r"[,\s]*(?:\band\b|&)\s+(?:its\s+|other\s+|all\s+|the\s+|[\w.-]+\s+)?contributors\b.*$"
    r"|[,\s]+(?:et\.?\s+al\b\.?|and\s+(?:many|others)\b).*$",
    re.IGNORECASE,
)
_NOT_A_HOLDER = re.compile(
    r"^(?:notice|notices|statement|and|the|owner|law|act|protection|organi[sz]ation|undefined"
    r"|null|none|unknown|authors?|[\w-]+\.(?:txt|md|rst))$"
    r"|\b(?:year|name of|copyright owner|your name|author name|permission)\b|[{}<>$]|'s$",
    re.IGNORECASE,
)
# Prose about copyright, not a name: "copyright treaty adopted on ...", "resulting from ...".
_PROSE = re.compile(
    r"^(?:treaty|resulting|laws?|notices?|statements?|protection|protected|infringement)\b"
    r"|^(?-i:and|or|of|in|on|to|for|is|are|was|this|that|these|those|which|under|from|as|if"
    r"|with|without|must|shall)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Copyright:
    statement: str
    holder: str | None
    line: int


def find_copyrights(text: str, *, max_lines: int = 200) -> list[Copyright]:
    """Copyright statements in the first `max_lines` lines, with the holder named in each."""
    head = _head(text, max_lines)
    lowered = head.lower()
    if not _has_marker(lowered):
        return []
    lines = head.splitlines()[:max_lines]
    found: list[Copyright] = []
    for index, (line, lowered_line) in enumerate(zip(lines, lowered.splitlines(), strict=False)):
        match = _STATEMENT.search(line) if _has_marker(lowered_line) else None
        if match is None or _enumerated(line, match.start(1)):
            continue
        statement = " ".join(match.group(1).split()).rstrip("*/#;- ")
        if not _is_statement(statement):
            continue
        own = _license_own(line[: match.start(1)], lines[index + 1 : index + 4])
        holder = None if own else holder_of(statement)
        found.append(Copyright(statement, holder, index + 1))
    return found


def holder_of(statement: str) -> str | None:
    """The person or organisation a copyright statement names, without years and markers."""
    rest = re.split(r"[\"`\\{}|]", statement)[0]  # the end of a string literal in code
    if "$" in rest:  # a template's "$author", "${year}"
        return None
    if "&" in rest:
        rest = html.unescape(rest)
    rest = _MARKDOWN_LINK.sub(r"\1", rest)
    rest = _LINK_DEBRIS.sub(" ", _ADDRESSES.sub(" ", rest))
    rest = _NOISE.sub(" ", _YEARS.sub(" ", _DATE.sub(" ", rest)))
    rest = re.sub(r"\s+([.,;:)\]])", r"\1", " ".join(rest.split()))
    rest = re.sub(r"([,;])(?:\s*[,;])+", r"\1", rest)
    rest = re.sub(r"^[\W_]*(?:by\s+)?", "", rest, flags=re.IGNORECASE)
    rest = _cut_sentence(_cut_at(_TAIL, rest))
    rest = _strip_end(_CONTRIBUTORS.sub("", _balanced(rest)))
    if not _is_name(rest):
        return None
    return rest[:120]


@lru_cache(maxsize=8)
def _first_lines(count: int) -> re.Pattern[str]:
    return re.compile(rf"(?:[^\n]*\n){{{count}}}")


def _head(text: str, max_lines: int) -> str:
    """The text up to the end of its `max_lines`-th line, without splitting the rest."""
    match = _first_lines(max_lines).match(text)
    return text if match is None else match.group()


def _has_marker(lowered: str) -> bool:
    # Most heads have no marker: plain `in` tests on lowered text are several times faster than
    # a case-insensitive regex, and find_copyrights runs on every file.
    return "copyright" in lowered or "(c)" in lowered or "©" in lowered or "&copy;" in lowered


def _enumerated(line: str, start: int) -> bool:
    """ "(a) ..., (b) ..., (c) 1965" lists items, it does not claim a copyright."""
    return line[start : start + 3].lower() == "(c)" and "(b)" in line[:start].lower()


def _license_own(before: str, after: list[str]) -> bool:
    """The copyright of the license text the line is part of, not of the project."""
    return bool(_LICENSE_OWN_BEFORE.search(before)) or any(
        _LICENSE_OWN_AFTER.search(line) for line in after
    )


def _is_statement(statement: str) -> bool:
    """A statement, not a mention such as 'the copyright notice above' or a treaty's date."""
    if _CONTROL.search(statement):  # bytes of a binary file read as text
        return False
    if _SIGN_FIRST.match(statement):
        return True
    return bool(_YEARS.search(_DATE.sub(" ", statement)))


def _cut_at(pattern: re.Pattern[str], name: str) -> str:
    match = pattern.search(name)
    return name if match is None else name[: match.start()]


def _cut_sentence(name: str) -> str:
    """The name before a new sentence ("Samuel Neves. You may use this ..."), keeping
    initials and abbreviations ("Bradley M. Bell", "Stefan-W. Hahn", "Twitter, Inc.")."""
    for match in _SENTENCE_END.finditer(name):
        word = re.split(r"[\s(,-]", name[: match.start()])[-1]
        if word.lower() in _COMPANY_ENDS and name[match.end()].isupper():
            return name[: match.start() + 1]
        if len(word) > 1 and "." not in word and word.lower() not in _ABBREVIATIONS | _COMPANY_ENDS:
            return name[: match.start()]
    return name


def _balanced(name: str) -> str:
    """Without a bracket left open by a cut line ("W3C (Massachusetts") or closed alone."""
    opened: list[int] = []
    kept: list[str] = []
    for char in name:
        if char in "([":
            opened.append(len(kept))
        elif char in ")]":
            if not opened:
                continue
            opened.pop()
        kept.append(char)
    return "".join(kept[: opened[0]] if opened else kept)


def _strip_end(name: str) -> str:
    stripped = name.rstrip(" ,;:/.-\u2013\u2014(*_")
    if name[len(stripped) :].startswith(".") and _abbreviation(stripped.rpartition(" ")[2]):
        return stripped + "."
    return stripped


def _abbreviation(word: str) -> bool:
    """ "Inc.", "Ltd.", "B.V.", "e.V.", "M.": a final dot that belongs to the name."""
    bare = re.split(r"[-(]", word)[-1]
    return bare.lower() in _ABBREVIATIONS or "." in bare or len(bare) == 1


def _is_name(name: str) -> bool:
    return (
        len(name) >= 2
        and re.search(r"[^\W\d_]{2}", name) is not None
        and not _CONTROL.search(name)
        and not _NOT_A_HOLDER.search(name)
        and not _PROSE.match(name)
    )
