"""What each license found in the project's license files covers: the project's code, or its
data, documentation, media or configuration, a few of its files, bundled third-party code, or
nothing at all (a name in an appendix or a note).

A license file often says more than the project's license: `LICENSE.data` licenses a dataset,
a LICENSE lists the licenses of the libraries it bundles, a NOTICE credits dependencies, and a
REUSE project's `LICENSES/` folder holds the text of every license any of its files uses. Only
the code license is the project's license; the others are reported apart with their reason."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from osunited.scanner._layout import file_kind, is_vendored
from osunited.scanner._model import Evidence
from osunited.scanner._text import _, ngettext
from osunited.scanner.licenses._spdx import license_ids


class Scope(StrEnum):
    CODE = "code"
    DATA = "data"
    DOCUMENTATION = "documentation"
    MEDIA = "media"
    CONFIGURATION = "configuration"
    SOME_FILES = "some-files"  # a few of the project's own files, see the files inventory
    BUNDLED = "bundled"  # third-party components shipped with the project
    MENTIONED = "mentioned"  # named in a license file without licensing anything
    UNUSED = "unused"  # a REUSE LICENSES/ text that no file says it uses


@dataclass(frozen=True)
class Spot:
    """One license found in a project license file."""

    expression: str
    path: str
    line: int
    end_line: int
    kind: str  # text, notice, reference, tag, reuse
    coverage: float


@dataclass(frozen=True)
class ScopedLicense:
    """A license of the project's files that is not its code license, and why."""

    expression: str
    scope: Scope
    evidence: tuple[Evidence, ...]
    reason: str


_NAME_SCOPES = (
    (re.compile(r"third|3rd|bundl|vendor|depend|deps|librar|external|notice"), Scope.BUNDLED),
    (re.compile(r"data|database|dataset|odbl"), Scope.DATA),
    (re.compile(r"docs?\b|documentation|manual|content|cc-by"), Scope.DOCUMENTATION),
    (
        re.compile(r"media|fonts?|images?|\bart(?:work)?\b|assets|icons?|graphics|sounds?|ofl"),
        Scope.MEDIA,
    ),
)
_NAMED = {
    Scope.BUNDLED: _("third-party components"),
    Scope.DATA: _("data"),
    Scope.DOCUMENTATION: _("documentation"),
    Scope.MEDIA: _("media"),
}
# What file_kind and the layout call files, as words in a sentence ("used by 3 media files").
_KIND_WORDS = {
    "code": _("code"),
    "vendored": _("vendored"),
    "documentation": _("documentation"),
    "media": _("media"),
    "data": _("data"),
    "configuration": _("configuration"),
}
_LICENSE_STEM = re.compile(r"(?:un)?licen[cs]es?|copying|copyright|notice|legal", re.I)
_BUNDLED_LEAD = re.compile(
    r"\b(?:bundled|third[- ]party|3rd[- ]party|portions?\s+of|parts?\s+of|derived\s+from|"
    r"based\s+on|taken\s+from|copied\s+from|dependenc(?:y|ies)|distributed\s+with|"
    r"(?:includes?|included|contains?|uses)\s+(?:\w+\s+){0,4}(?:code|library|libraries|software|"
    r"components?|modules?|files?|framework)|(?:library|libraries|framework|module|"
    r"implementation|component|package)\s+(?:\(\S+\)\s+)?(?:is|are)\s+"
    r"(?:licen[cs]ed|distributed|released|available|covered))",
    re.IGNORECASE,
)
_SCOPED_LEAD = (
    (re.compile(r"\b(?:data|database|datasets?)\b", re.I), Scope.DATA),
    (re.compile(r"\b(?:documentation|docs|content)\b", re.I), Scope.DOCUMENTATION),
    (re.compile(r"\b(?:images?|fonts?|icons?|logos?|artwork|media|graphics)\b", re.I), Scope.MEDIA),
)
_LEAD_LINES = 12
# Licenses meant for works other than software; beside a software license they cover those.
_CONTENT_LICENSES = (
    (re.compile(r"^(?:ODbL|ODC-|PDDL|CDLA-|OGL-|DL-DE|etalab|CC-PDDC|O-UDA)"), Scope.DATA),
    (re.compile(r"^(?:OFL-|GFDL-|FDL)"), Scope.MEDIA),
    (re.compile(r"^CC-BY"), Scope.DOCUMENTATION),
)
_FEW_FILES = 0.25  # a license used by fewer code files than this share of the main one's


def scope_spots(
    spots: list[Spot],
    texts: Mapping[str, str],
    usage: Mapping[str, list[str]] | None,
) -> list[tuple[Spot, Scope, str]]:
    """Each spot with its scope and the reason for it. `texts` are the license files' texts,
    `usage` the files that use each license id in a REUSE project (None elsewhere)."""
    by_file: dict[str, list[Spot]] = {}
    for spot in spots:
        by_file.setdefault(spot.path, []).append(spot)
    kinds = None if usage is None else _kinds_using(usage)
    scoped: list[tuple[Spot, Scope, str]] = []
    for path, found in by_file.items():
        found.sort(key=lambda s: (s.line, s.end_line))
        scoped += _scope_file(path, found, texts.get(path, ""), kinds)
    return _content_licenses(_notices(scoped))


def _scope_file(
    path: str, spots: list[Spot], text: str, kinds: Mapping[str, Counter[str]] | None
) -> list[tuple[Spot, Scope, str]]:
    if spots[0].kind == "reuse":
        return [(spot, *_reuse_scope(spot, kinds)) for spot in spots]
    named = _name_scope(path)
    if named is not None:
        named_for = _("{path} is named for {what}", path=path, what=_NAMED[named])
        return [(spot, named, named_for) for spot in spots]
    lines = text.splitlines()
    strong = [s for s in spots if s.kind in ("text", "notice", "tag")]
    first = (strong or spots)[0].expression
    others = {s.expression for s in strong} - {first}
    result: list[tuple[Spot, Scope, str]] = []
    previous_end, bundled_part = 0, ""
    reason: str
    for spot in spots:
        lead = "\n".join(lines[max(previous_end, spot.line - 1 - _LEAD_LINES) : spot.line - 1])
        scope, reason = _position_scope(spot, first, lead, others | {first})
        if scope is Scope.BUNDLED:
            bundled_part = reason
        elif scope is Scope.CODE and spot.expression != first and bundled_part:
            scope, reason = Scope.BUNDLED, bundled_part  # the rest of a third-party part
        result.append((spot, scope, reason))
        if spot.end_line - spot.line > 2:
            previous_end = max(previous_end, spot.end_line)  # no lead-in inside a license text
    return result


def _position_scope(spot: Spot, first: str, lead: str, texts_here: set[str]) -> tuple[Scope, str]:
    if spot.expression == first:
        return Scope.CODE, ""
    said = _BUNDLED_LEAD.search(lead)
    if said:
        return Scope.BUNDLED, _("introduced as another component ('{words}')", words=_snippet(said))
    for pattern, scope in _SCOPED_LEAD:
        said = pattern.search(lead)
        if said and re.search(r"licen[cs]ed|under", lead, re.I):
            return scope, _("introduced as the license of the {words}", words=_snippet(said))
    if spot.kind == "reference" and texts_here - {spot.expression}:
        return Scope.MENTIONED, _("only named beside another license's full text")
    return Scope.CODE, ""


def _name_scope(path: str) -> Scope | None:
    """The scope a license file's own name gives it: LICENSE.data, LICENSES_THIRD_PARTY."""
    name = path.rpartition("/")[2].lower()
    if name.startswith("notice"):
        return None  # judged by what else the project says (see _notices)
    words = _LICENSE_STEM.sub(" ", name.rsplit(".", 1)[0] if name.count(".") > 1 else name)
    words = re.sub(r"\.(?:md|txt|rst|markdown|html?)$", "", words)
    for pattern, scope in _NAME_SCOPES:
        if pattern.search(words):
            return scope
    return None


def _reuse_scope(spot: Spot, kinds: Mapping[str, Counter[str]] | None) -> tuple[Scope, str]:
    named = _name_scope(spot.expression)
    if named is Scope.BUNDLED:
        return named, _(
            "{expression} is named for third-party material", expression=spot.expression
        )
    if not kinds:
        return Scope.CODE, ""  # not a REUSE project, or one whose files say nothing yet
    ids = license_ids(spot.expression)
    counts: Counter[str] = Counter()
    for license_id in ids:
        counts.update(kinds.get(license_id, Counter()))
    if not counts:
        return Scope.UNUSED, _("no file of the project says it uses it")
    main_code = max((c["code"] for c in kinds.values()), default=0)
    if counts["code"]:
        if counts["code"] >= _FEW_FILES * main_code:
            return Scope.CODE, ""
        return (
            Scope.SOME_FILES,
            _(
                "{used}, the code license by {count}",
                used=_files(counts["code"], "code"),
                count=main_code,
            ),
        )
    kind, count = counts.most_common(1)[0]
    if kind == "vendored":
        return Scope.BUNDLED, _files(count, "vendored")
    return Scope(kind), _files(count, kind)


def _kinds_using(usage: Mapping[str, list[str]]) -> dict[str, Counter[str]]:
    kinds: dict[str, Counter[str]] = {}
    for expression, paths in usage.items():
        for license_id in license_ids(expression):
            counter = kinds.setdefault(license_id, Counter())
            counter.update("vendored" if is_vendored(p) else file_kind(p) for p in paths)
    return kinds


def _notices(scoped: list[tuple[Spot, Scope, str]]) -> list[tuple[Spot, Scope, str]]:
    """A NOTICE repeats the project's license, or credits what the project includes."""
    code = {
        spot.expression
        for spot, scope, _ in scoped
        if scope is Scope.CODE and not _is_notice(spot.path)
    }
    result = []
    for spot, scope, reason in scoped:
        if _is_notice(spot.path) and code and spot.expression not in code:
            scope, reason = Scope.BUNDLED, _("credited in {path}", path=spot.path)
        result.append((spot, scope, reason))
    return result


def _content_licenses(scoped: list[tuple[Spot, Scope, str]]) -> list[tuple[Spot, Scope, str]]:
    """A Creative Commons or data license beside a software license covers other works."""
    code = {spot.expression for spot, scope, _ in scoped if scope is Scope.CODE}
    software = {e for e in code if _content_scope(e) is None}
    if not software:
        return scoped
    result = []
    for spot, scope, reason in scoped:
        content = _content_scope(spot.expression)
        if scope is Scope.CODE and content is not None:
            scope, reason = content, _("a license for works other than software")
        result.append((spot, scope, reason))
    return result


def _content_scope(expression: str) -> Scope | None:
    ids = license_ids(expression)
    for pattern, scope in _CONTENT_LICENSES:
        if ids and all(pattern.match(i) for i in ids):
            return scope
    return None


def _is_notice(path: str) -> bool:
    return path.rpartition("/")[2].lower().startswith("notice")


def _snippet(match: re.Match[str]) -> str:
    return " ".join(match.group(0).split())


def _files(count: int, kind: str) -> str:
    return ngettext(
        "used by {count} of the {kind} files",
        "used by {count} {kind} files",
        count,
        kind=_KIND_WORDS.get(kind, kind),
    )
