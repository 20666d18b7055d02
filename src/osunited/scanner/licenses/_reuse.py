"""Which license each file of a REUSE project uses: its own SPDX tag, a `.license` file beside
it, or an annotation of a `REUSE.toml` (REUSE 3.3) or of `.reuse/dep5`.

Only what is needed to tell the project's code license from the licenses of its documentation,
data, media and bundled files; `reuse lint` remains the tool to check compliance."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from osunited.scanner._tree import decode_text
from osunited.scanner.licenses._spdx import normalise_expression

_DEP5 = ".reuse/dep5"
_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Annotation:
    folder: str  # where its REUSE.toml lies, "" at the top; dep5 paths are from the top
    patterns: tuple[str, ...]
    expression: str
    star_crosses_folders: bool = False  # dep5's `*` matches `/` too

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(self._regex(p) for p in self.patterns))

    def _regex(self, glob: str) -> str:
        prefix = re.escape(self.folder + "/") if self.folder else ""
        parts = re.split(r"(\\\*|\*\*|\*)", glob.removeprefix("./"))
        star = ".*" if self.star_crosses_folders else "[^/]*"
        pieces = {"\\*": re.escape("*"), "**": ".*", "*": star}
        return prefix + "".join(pieces.get(part, re.escape(part)) for part in parts) + r"\Z"

    def covers(self, path: str) -> bool:
        return bool(self.pattern.match(path))


def annotations_of(texts: Mapping[str, bytes]) -> list[Annotation]:
    """The annotations of the REUSE.toml files and .reuse/dep5 given by path, deepest last so
    that they win; files that cannot be read give none."""
    found: list[Annotation] = []
    for path in sorted(texts, key=lambda p: p.count("/")):
        content = texts[path]
        if path == _DEP5:
            found[:0] = _dep5_annotations(decode_text(content))  # REUSE.toml wins over dep5
        else:
            found += _toml_annotations(path.rpartition("/")[0], content)
    return found


def is_reuse_metadata(path: str) -> bool:
    return path == _DEP5 or path.rpartition("/")[2] == "REUSE.toml"


def licenses_in_use(
    paths: Iterable[str], tags: Mapping[str, list[str]], annotations: list[Annotation]
) -> dict[str, list[str]]:
    """For each license expression, the files that use it: by their own tag (or that of their
    `.license` file), else by the last annotation that covers them."""
    using: dict[str, list[str]] = {}
    for path in paths:
        if path.endswith(".license") or is_reuse_metadata(path):
            continue
        said = tags.get(path) or tags.get(path + ".license")
        if not said:
            said = [a.expression for a in annotations[::-1] if a.covers(path)][:1]
        for expression in said:
            using.setdefault(expression, []).append(path)
    return using


def _toml_annotations(folder: str, content: bytes) -> list[Annotation]:
    try:
        data = tomllib.loads(decode_text(content[:_MAX_BYTES]))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    found = []
    for entry in data.get("annotations", []) if isinstance(data, dict) else []:
        if not isinstance(entry, dict):
            continue
        paths = entry.get("path")
        patterns = [paths] if isinstance(paths, str) else paths
        expression = entry.get("SPDX-License-Identifier")
        if isinstance(patterns, list) and isinstance(expression, str) and expression.strip():
            globs = tuple(p for p in patterns if isinstance(p, str))
            found.append(Annotation(folder, globs, normalise_expression(expression)))
    return found


def _dep5_annotations(text: str) -> list[Annotation]:
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        fields = _dep5_fields(paragraph)
        if "files" in fields and fields.get("license"):
            expression = normalise_expression(fields["license"].splitlines()[0])
            globs = tuple(fields["files"].split())
            found.append(Annotation("", globs, expression, star_crosses_folders=True))
    return found


def _dep5_fields(paragraph: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = ""
    for line in paragraph.splitlines():
        if line[:1] in (" ", "\t") and key:
            fields[key] += "\n" + line.strip()
        elif ":" in line:
            key, _, value = line.partition(":")
            key = key.strip().lower()
            fields[key] = value.strip()
    return fields
