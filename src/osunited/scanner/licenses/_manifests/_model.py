"""What a manifest declares, and the manifest being read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from osunited.scanner.licenses._manifests._spdx import normalise_license

FILE_PREFIX = "file:"


@dataclass(frozen=True)
class DeclaredLicense:
    """A license a manifest declares. `raw` is the value as written; `spdx` its SPDX expression.

    A manifest that points at a license file instead (`license = {file = "LICENSE"}`) gives
    `raw="file:LICENSE"` and `spdx=None`.
    """

    path: str  # manifest path relative to the tree root, "/" separators
    line: int | None  # 1-based line of the value, when it can be found
    # npm bower composer elm vcpkg python conan cargo maven nuget rubygems hex r hackage cpan
    # publiccode
    ecosystem: str
    raw: str
    spdx: str | None

    @property
    def points_to_file(self) -> bool:
        return self.raw.startswith(FILE_PREFIX)


class Manifest:
    """One manifest being read, and how a declaration in it is recorded."""

    def __init__(self, path: str, content: bytes, ecosystem: str) -> None:
        self.path = path.replace("\\", "/")
        self.content = content
        self.text = content.decode("utf-8-sig", errors="replace")
        self.ecosystem = ecosystem

    def license(
        self, raw: str, key: str, *, spdx: str | None = None, line: int | None = None
    ) -> DeclaredLicense:
        """`raw` declared after `key`; `spdx` if the reader derived it, else derived from `raw`."""
        return DeclaredLicense(
            path=self.path,
            line=line or _line_of(self.text, raw, key),
            ecosystem=self.ecosystem,
            raw=raw,
            spdx=spdx or normalise_license(raw),
        )

    def license_file(self, file: str, key: str, *, line: int | None = None) -> DeclaredLicense:
        return DeclaredLicense(
            path=self.path,
            line=line or _line_of(self.text, file, key),
            ecosystem=self.ecosystem,
            raw=FILE_PREFIX + file,
            spdx=None,
        )

    def licenses(self, raws: Iterable[str], key: str) -> list[DeclaredLicense]:
        return [self.license(raw, key) for raw in raws]


def _line_of(text: str, value: str, key: str) -> int | None:
    """The line of the first `value` after `key` (or anywhere, failing that)."""
    lines = value.strip().splitlines()
    needle = lines[0].strip() if lines else ""
    if not needle:
        return None
    after_key = re.search(re.escape(key), text, re.IGNORECASE)
    at = text.find(needle, after_key.start() if after_key else 0)
    if at < 0:
        at = text.find(needle)
    return None if at < 0 else line_at(text, at)


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def strings(value: object) -> list[str]:
    """The non-blank strings of a string or a list; nothing for any other type."""
    items = value if isinstance(value, list | tuple) else [value]
    return [item for item in items if isinstance(item, str) and item.strip()]


def table(value: object, key: str) -> dict[str, object]:
    """`value[key]` when both are mappings (TOML tables, JSON objects), else empty."""
    inner = value.get(key) if isinstance(value, dict) else None
    return inner if isinstance(inner, dict) else {}
