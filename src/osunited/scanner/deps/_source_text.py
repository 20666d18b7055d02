"""Reading a manifest's bytes as text, and finding the line a package is declared on."""

from __future__ import annotations

import json
import re

from osunited.scanner.deps._model import ParseProblem


def decode(path: str, content: bytes) -> str | ParseProblem:
    """The file as text (UTF-8, BOM allowed), or the problem that stops it being read."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return ParseProblem(path, f"not UTF-8 text: {error.reason} at byte {error.start}")


def line_of(text: str, offset: int) -> int:
    """The 1-based line on which the character at `offset` stands."""
    return text.count("\n", 0, offset) + 1


def first_line(lines: list[str], pattern: re.Pattern[str], start: int = 0) -> int | None:
    """The 1-based number of the first line from index `start` that matches, if any."""
    for index in range(start, len(lines)):
        if pattern.search(lines[index]):
            return index + 1
    return None


def load_json(path: str, content: bytes) -> object | ParseProblem:
    """The parsed JSON document, or the problem (with its line) that stops it being read."""
    text = decode(path, content)
    if isinstance(text, ParseProblem):
        return text
    try:
        document: object = json.loads(text)
    except json.JSONDecodeError as error:
        return ParseProblem(path, f"invalid JSON: {error.msg}", error.lineno)
    except RecursionError:
        return ParseProblem(path, "invalid JSON: nested too deeply")
    return document
