"""Turning text into the word tokens license matching compares. Case, punctuation, comment
markers, markdown and line breaks carry no meaning here, so they are dropped."""

from __future__ import annotations

import re
from itertools import chain, count, repeat
from typing import cast

_WORD = re.compile(r"[^\W_]+")

# Spellings that mean the same word in license texts.
_EQUIVALENT = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "licencor": "licensor",
    "licensor": "licensor",
    "organisation": "organization",
    "authorised": "authorized",
    "favour": "favor",
    "http": "https",
    "c": "copyright",
}


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    return [_EQUIVALENT.get(word, word) for word in _WORD.findall(text.lower())]


def words_with_lines(text: str) -> tuple[list[str], list[int]]:
    """The normalised words of `text` and the 1-based line of each."""
    # Lowering the whole text first splits it into the same lines: no line break changes case.
    # Each step maps over all lines or words at once, in C, rather than line by line.
    per_line = list(map(_WORD.findall, text.lower().splitlines()))
    found = list(chain.from_iterable(per_line))
    tokens = cast("list[str]", list(map(_EQUIVALENT.get, found, found)))  # a word or its equal
    lines = list(chain.from_iterable(map(repeat, count(1), map(len, per_line))))
    return tokens, lines
