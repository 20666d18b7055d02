"""Which license and copyright each file of a REUSE project has: its own SPDX tags, a `.license`
file beside it, or an annotation of a `REUSE.toml` (REUSE 3.3) or of `.reuse/dep5`.

An annotation's `precedence` says how it meets what the file says: "closest" (the default) fills
in what the file leaves out, "aggregate" adds to it, and "override" replaces it, the file's content
then being no statement of its license at all. Within one REUSE.toml the last matching annotation
counts; a deeper REUSE.toml is closer, but an "override" stops the deeper ones. `.reuse/dep5`
aggregates. Only what the scan needs; `reuse lint` remains the tool to check compliance."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property

from osunited.scanner._tree import decode_text
from osunited.scanner.licenses._copyrights import Copyright, holder_of
from osunited.scanner.licenses._files import FileLicenseInfo
from osunited.scanner.licenses._spdx import normalise_expression

_DEP5 = ".reuse/dep5"
_MAX_BYTES = 1024 * 1024
SIDECAR = ".license"
_STATING = frozenset({"text", "notice", "reference"})  # matches that state a file's license


class Precedence(StrEnum):
    CLOSEST = "closest"
    AGGREGATE = "aggregate"
    OVERRIDE = "override"


_PRECEDENCES = {precedence.value: precedence for precedence in Precedence}


@dataclass(frozen=True)
class Annotation:
    folder: str  # where its REUSE.toml lies, "" at the top; dep5 paths are from the top
    patterns: tuple[str, ...]
    expression: str  # "" when it gives copyright only
    copyrights: tuple[str, ...] = ()
    precedence: Precedence = Precedence.CLOSEST
    star_crosses_folders: bool = False  # dep5's `*` matches `/` too, and it aggregates

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
    `.license` file) and by the annotations that cover them, as their precedence says."""
    using: dict[str, list[str]] = {}
    for path in paths:
        if path.endswith(SIDECAR) or is_reuse_metadata(path):
            continue
        own = tags.get(path + SIDECAR) or tags.get(path) or []
        terms = reuse_terms(path, annotations, own_license=bool(own), own_copyright=True)
        said = [*([] if terms.replaces_content else own), *terms.expressions]
        for expression in dict.fromkeys(said):
            using.setdefault(expression, []).append(path)
    return using


@dataclass(frozen=True)
class ReuseTerms:
    """What the REUSE metadata gives one file, once what the file says itself is known."""

    expressions: tuple[str, ...]
    copyrights: tuple[str, ...]
    replaces_content: bool  # an override: what the file says is content, not its licensing


def reuse_terms(
    path: str, annotations: list[Annotation], *, own_license: bool, own_copyright: bool
) -> ReuseTerms:
    """The licenses and copyrights the annotations covering `path` give it: all those of an
    override (and of the aggregates above it), those of the aggregates, and the closest
    license and copyright the file does not state itself."""
    found = _covering(path, annotations)
    overriding = found[Precedence.OVERRIDE]
    taken = overriding + found[Precedence.AGGREGATE]
    expressions = [a.expression for a in taken if a.expression]
    copyrights = [c for a in taken for c in a.copyrights]
    if not overriding:
        closest_first = found[Precedence.CLOSEST][::-1]
        if not own_license:
            expressions += [a.expression for a in closest_first if a.expression][:1]
        if not own_copyright:
            copyrights += next((a.copyrights for a in closest_first if a.copyrights), ())
    return ReuseTerms(
        tuple(dict.fromkeys(expressions)), tuple(dict.fromkeys(copyrights)), bool(overriding)
    )


def _covering(path: str, annotations: list[Annotation]) -> dict[Precedence, list[Annotation]]:
    """The annotations that speak for `path`, by precedence: the last match of dep5 and of
    each REUSE.toml, from the top down, none deeper than the first override."""
    last: dict[tuple[bool, str], Annotation] = {}
    for annotation in annotations:
        if annotation.covers(path):
            last[annotation.star_crosses_folders, annotation.folder] = annotation
    found: dict[Precedence, list[Annotation]] = {precedence: [] for precedence in Precedence}
    for annotation in last.values():  # dep5 first, then REUSE.toml files from the top down
        found[annotation.precedence].append(annotation)
        if annotation.precedence is Precedence.OVERRIDE:
            break
    return found


def files_under_reuse(
    files: Mapping[str, FileLicenseInfo], annotations: list[Annotation], speaking: Set[str]
) -> dict[str, FileLicenseInfo]:
    """The facts of each file with what REUSE says of it: a `.license` file speaks for the file
    it describes (and is left out when that file has facts of its own), annotations add or
    replace licenses and copyrights, and the REUSE metadata files themselves are left out.
    The `speaking` files (the project's license files and READMEs) keep what they say, which
    is about the project, under an override too."""
    resolved: dict[str, FileLicenseInfo] = {}
    for path, info in files.items():
        described = path.removesuffix(SIDECAR)
        if is_reuse_metadata(path) or (path.endswith(SIDECAR) and described in files):
            continue
        sidecar = files.get(path + SIDECAR)
        if sidecar is not None:
            info = _told_by(info, sidecar)
        resolved[path] = _annotated(info, annotations, keep_content=path in speaking)
    return resolved


def _told_by(info: FileLicenseInfo, sidecar: FileLicenseInfo) -> FileLicenseInfo:
    """REUSE reads the `.license` file instead of the file it describes."""
    return replace(
        info,
        tags=(),
        matches=(),
        unknown=(),
        copyrights=tuple(replace(c, line=0) for c in sidecar.copyrights),
        reuse=tuple(dict.fromkeys(expression for expression, _ in sidecar.tags)),
    )


def _annotated(
    info: FileLicenseInfo, annotations: list[Annotation], *, keep_content: bool
) -> FileLicenseInfo:
    own_license = bool(info.reuse or info.tags or any(m.kind in _STATING for m in info.matches))
    terms = reuse_terms(
        info.path, annotations, own_license=own_license, own_copyright=bool(info.copyrights)
    )
    if not (terms.expressions or terms.copyrights or terms.replaces_content):
        return info
    if terms.replaces_content and not keep_content:
        info = replace(info, tags=(), matches=(), unknown=(), copyrights=(), reuse=())
    given = tuple(Copyright(statement, holder_of(statement), 0) for statement in terms.copyrights)
    return replace(
        info,
        reuse=tuple(dict.fromkeys(info.reuse + terms.expressions)),
        copyrights=info.copyrights + given,
    )


def _toml_annotations(folder: str, content: bytes) -> list[Annotation]:
    try:
        data = tomllib.loads(decode_text(content[:_MAX_BYTES]))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    entries = data.get("annotations", []) if isinstance(data, dict) else []
    found = [_toml_annotation(folder, e) for e in entries if isinstance(e, dict)]
    return [annotation for annotation in found if annotation is not None]


def _toml_annotation(folder: str, entry: dict[str, object]) -> Annotation | None:
    """One `[[annotations]]` table; None when it has no path, or gives neither a license nor
    a copyright. An unknown precedence is read as the default, "closest"."""
    globs = tuple(p for p in _strings(entry.get("path")) if p)
    licenses = [e.strip() for e in _strings(entry.get("SPDX-License-Identifier")) if e.strip()]
    expression = " AND ".join(f"({e})" if " " in e else e for e in licenses)
    said = _strings(entry.get("SPDX-FileCopyrightText"))
    copyrights = tuple(c.strip() for c in said if c.strip())
    if not globs or not (expression or copyrights):
        return None
    precedence = _PRECEDENCES.get(str(entry.get("precedence")), Precedence.CLOSEST)
    expression = normalise_expression(expression) if expression else ""
    return Annotation(folder, globs, expression, copyrights, precedence)


def _strings(value: object) -> list[str]:
    """A REUSE.toml value that may be one string or a list of them."""
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _dep5_annotations(text: str) -> list[Annotation]:
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        fields = _dep5_fields(paragraph)
        globs = tuple(fields.get("files", "").split())
        if globs and fields.get("license"):
            expression = normalise_expression(fields["license"].splitlines()[0])
            copyrights = tuple(c for c in fields.get("copyright", "").splitlines() if c)
            found.append(
                Annotation(
                    "",
                    globs,
                    expression,
                    copyrights,
                    Precedence.AGGREGATE,
                    star_crosses_folders=True,
                )
            )
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
