"""Copyright statements and their holders, from the head of a file."""

from __future__ import annotations

import re
from dataclasses import dataclass

_STATEMENT = re.compile(
    r"(?:^|[\s#*/;!'\"<>-])"
    r"((?:SPDX-FileCopyrightText:|copyright\b|\(c\)\s*\d|©)[^\n]{0,200})",
    re.IGNORECASE,
)
_YEARS = re.compile(
    r"\b(?:1[89]|20)\d\d\b(?:\s*[-\u2013,]\s*(?:(?:1[89]|20)\d\d|present|now))*", re.I
)
_NOISE = re.compile(
    r"\bcopyright\b|\(c\)|©|\ball rights reserved\.?|\bSPDX-FileCopyrightText:|\bholders?\b"
    r"|<[^>@\s]+@[^>\s]+>|\S+@\S+\.\w+|https?://\S+|[*/#;]+\s*$",
    re.IGNORECASE,
)
_NOT_A_HOLDER = re.compile(
    r"^(?:notice|notices|statement|and|the|owner|law|act|protection|\W*)$|"
    r"\b(?:year|name of|copyright owner|your name|author name|licen[cs]e|permission)\b|[{}<>$]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Copyright:
    statement: str
    holder: str | None
    line: int


def find_copyrights(text: str, *, max_lines: int = 200) -> list[Copyright]:
    """Copyright statements in the first `max_lines` lines, with the holder named in each."""
    found: list[Copyright] = []
    for number, line in enumerate(text.splitlines()[:max_lines], start=1):
        match = _STATEMENT.search(line)
        if match is None:
            continue
        statement = " ".join(match.group(1).split()).rstrip("*/#;- ")
        if _years_or_holder(statement):
            found.append(Copyright(statement, holder_of(statement), number))
    return found


def holder_of(statement: str) -> str | None:
    """The person or organisation a copyright statement names, without years and markers."""
    rest = re.split(r"[\"`\\{}]", statement)[0]  # the end of a string literal in code
    rest = _NOISE.sub(" ", _YEARS.sub(" ", rest))
    rest = re.sub(r"^\W*(?:by\s+)?|[\s,;:]+$", "", " ".join(rest.split()), flags=re.IGNORECASE)
    rest = rest.removesuffix(".") if not rest.lower().endswith(("inc.", "ltd.", "co.")) else rest
    if len(rest) < 2 or _NOT_A_HOLDER.search(rest):
        return None
    return rest[:120]


def _years_or_holder(statement: str) -> bool:
    """A statement, not a mention such as 'the copyright notice above'."""
    lowered = statement.lower()
    return bool(_YEARS.search(statement)) or lowered.startswith(("©", "(c)", "spdx-file"))
