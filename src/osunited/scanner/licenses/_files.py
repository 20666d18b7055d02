"""What one file says about licensing: SPDX tags, license texts and notices, copyright statements.

The result of a file depends only on its content, so it is cached by content hash."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from osunited.scanner.licenses._copyrights import Copyright, find_copyrights
from osunited.scanner.licenses._index import LicenseIndex
from osunited.scanner.licenses._matcher import LicenseMatch, UnknownText, detect
from osunited.scanner.licenses._spdx import normalise_expression

ANALYSIS_VERSION = 7
_HEAD_LINES = 150
_HEAD_BYTES = 16 * 1024
_SPDX_TAG = re.compile(
    r"SPDX-License-Identifier:\s*(.+?)\s*(?:\*/|-->|\"\"\"|'''|\*\)|-\}|\]\]|$)", re.MULTILINE
)
# Found in the lowered bytes with `in`: many times faster than a case-insensitive expression.
_LICENSE_WORDS = (
    b"license",
    b"licence",
    b"copyright",
    b"permission is hereby",
    b"redistribution",
    b"public domain",
    b"warranty",
)
_CODE_SUFFIXES = frozenset(
    (
        ".py .pyc .js .mjs .cjs .ts .tsx .jsx .go .rb .java .kt .c .h .cc .cpp .hpp .cs .rs"
        " .php .json .yml .yaml .toml .xml .css .scss .sh .pl .pm .swift .m .sql .vue .svelte"
        " .lock .png .jpg .jpeg .gif .svg .ico .pdf .class .jar .so .dll .exe .zip .gz"
    ).split()
)
_LICENSE_NAME = re.compile(
    r"^(?:[\w.+-]*[-_.])?(?:un)?licen[cs]es?(?:[-_.][\w.+-]*)?$|^copying(?:[-_.][\w.+-]*)?$"
    r"|^copyright(?:\.\w+)?$|^notice(?:\.\w+)?$|^legal(?:\.\w+)?$",
    re.IGNORECASE,
)
_README_NAME = re.compile(r"^readme(?:[-_.][\w.-]*)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FileLicenseInfo:
    """Licensing facts of one file."""

    path: str
    tags: tuple[tuple[str, int], ...]  # (SPDX expression, line)
    matches: tuple[LicenseMatch, ...]
    copyrights: tuple[Copyright, ...]
    unknown: tuple[UnknownText, ...]
    sha1: str = ""  # of the content, for SPDX file entries
    reuse: tuple[str, ...] = ()  # given by its `.license` file or a REUSE annotation

    @property
    def has_license_information(self) -> bool:
        return bool(self.tags or self.matches or self.reuse)

    @property
    def has_copyright(self) -> bool:
        return bool(self.copyrights)


@lru_cache(maxsize=1 << 17)
def is_license_file(path: str) -> bool:
    """LICENSE, LICENCE, COPYING, UNLICENSE, LICENSE-MIT, MIT-LICENSE.txt ... in any case, and
    every file in a REUSE `LICENSES/` folder."""
    folder, _, name = path.rpartition("/")
    if folder.rpartition("/")[2] == "LICENSES":
        return True
    dot = name.rfind(".")
    if dot > 0 and name[dot:].lower() in _CODE_SUFFIXES:
        return False
    return bool(_LICENSE_NAME.match(name))


def is_readme(path: str) -> bool:
    return bool(_README_NAME.match(path.rpartition("/")[2]))


def analyse_file(
    path: str,
    content: bytes,
    text: str,
    index: Callable[[], LicenseIndex],
    *,
    read_whole: bool = False,
) -> dict[str, Any]:
    """The licensing facts of a file as cacheable plain data (see `file_info_from`).

    License files and READMEs are matched whole; other files only in their first lines and only
    when those mention licensing, which is where notices are, unless `read_whole` (`--full`)."""
    whole = is_license_file(path) or is_readme(path)
    tags = [
        (normalise_expression(m.group(1)), _line_of(text, m.start()))
        for m in _SPDX_TAG.finditer(text)
    ]
    read_all = whole or read_whole
    head = text if read_all else _head(text)
    matches: tuple[LicenseMatch, ...] = ()
    unknown: tuple[UnknownText, ...] = ()
    looked_at = content if read_all else content[:_HEAD_BYTES]
    if whole or (not tags and _mentions_licensing(looked_at)):
        detection = detect(index(), head, whole_file=whole, report_unknown=is_license_file(path))
        matches, unknown = detection.matches, detection.unknown
    lines = len(text.splitlines()) if read_all else _HEAD_LINES
    copyrights = find_copyrights(text, max_lines=lines)
    return {
        "tags": tags,
        "matches": [_match_data(m) for m in matches],
        "copyrights": [[c.statement, c.holder, c.line] for c in copyrights],
        "unknown": [[u.start_line, u.end_line, u.closest, u.score] for u in unknown],
        "sha1": hashlib.sha1(content, usedforsecurity=False).hexdigest(),
    }


def _head(text: str) -> str:
    """The first _HEAD_LINES lines joined by "\n", at most _HEAD_BYTES characters of them.
    Only the start of the text is split: each line break of it is one or two characters, so the
    head is made of its first 2 * _HEAD_BYTES characters and a line break more."""
    start = text[: 2 * _HEAD_BYTES + 4]
    return "\n".join(start.splitlines()[:_HEAD_LINES])[:_HEAD_BYTES]


def _mentions_licensing(content: bytes) -> bool:
    lowered = content.lower()
    return any(word in lowered for word in _LICENSE_WORDS)


def file_info_from(path: str, data: dict[str, Any]) -> FileLicenseInfo:
    tags, matches, copyrights, unknown = (
        data["tags"],
        data["matches"],
        data["copyrights"],
        data["unknown"],
    )
    return FileLicenseInfo(
        path,
        tuple((str(expression), int(line)) for expression, line in tags) if tags else (),
        tuple(LicenseMatch(*m) for m in matches) if matches else (),
        tuple(Copyright(*c) for c in copyrights) if copyrights else (),
        tuple(UnknownText(*u) for u in unknown) if unknown else (),
        data.get("sha1", ""),
    )


def _match_data(match: LicenseMatch) -> list[Any]:
    return [
        match.expression,
        match.identifier,
        match.kind,
        match.coverage,
        match.start_line,
        match.end_line,
        match.matched_words,
        match.scope_stated,
    ]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
