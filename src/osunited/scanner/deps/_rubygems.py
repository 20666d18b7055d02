"""Ruby dependencies from Bundler's `Gemfile.lock`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope, requirers
from osunited.scanner.deps._source_text import decode

ECOSYSTEM = "RubyGems"
Result = tuple[list[Dependency], list[ParseProblem]]

_SECTION = re.compile(r"^[A-Z][A-Z ]*$")
_LOCKED_GEM = re.compile(r"^ {4}([^\s(]+) \(([^)\s]+)\)$")
_GEM_DEPENDENCY = re.compile(r"^ {6}\S")
_DECLARED = re.compile(r"^ {2}([^\s(!]+)!?(?: \(.*\))?$")
_SOURCES_WITH_GEMS = {"GEM", "GIT"}  # PATH holds the project's own gemspecs


@dataclass
class _Reading:
    section: str = ""
    in_specs: bool = False
    locked: dict[tuple[str, str], int] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)
    problems: list[ParseProblem] = field(default_factory=list)
    gem: str | None = None  # the locked gem whose dependencies are being read
    requires: dict[str, set[str]] = field(default_factory=dict)


def parse_gemfile_lock(path: str, content: bytes) -> Result:
    """The gems a `Gemfile.lock` pins from rubygems and git sources.

    In a `specs:` block, four spaces of indentation lock a gem and six name one of its
    dependencies; the `DEPENDENCIES` section lists what the Gemfile declares (direct). The
    lockfile does not record Gemfile groups, so every gem is runtime. A platform suffix
    (`1.15.4-x86_64-linux`) is not part of the version.
    """
    text = decode(path, content)
    if isinstance(text, ParseProblem):
        return [], [text]
    reading = _Reading()
    for number, line in enumerate(text.splitlines(), 1):
        _read_line(path, reading, line.rstrip(), number)
    if text.strip() and not reading.locked and not reading.declared and not reading.problems:
        reading.problems.append(ParseProblem(path, "no GEM, GIT or DEPENDENCIES section"))
    required_by = requirers(reading.requires.items())
    dependencies = [
        _gem(path, name, version, name in reading.declared, line, required_by.get(name, ()))
        for (name, version), line in reading.locked.items()
    ]
    return dependencies, reading.problems


def _read_line(path: str, reading: _Reading, line: str, number: int) -> None:
    if not line.strip():
        return
    if not line.startswith(" "):
        if not _SECTION.match(line):
            reading.problems.append(ParseProblem(path, f"unexpected line {line!r}", number))
        reading.section, reading.in_specs, reading.gem = line, False, None
    elif reading.section in _SOURCES_WITH_GEMS:
        _read_source_line(path, reading, line, number)
    elif reading.section == "DEPENDENCIES":
        declared = _DECLARED.match(line)
        if declared:
            reading.declared.add(declared.group(1))
        else:
            reading.problems.append(ParseProblem(path, f"unreadable dependency {line!r}", number))


def _read_source_line(path: str, reading: _Reading, line: str, number: int) -> None:
    if line == "  specs:":
        reading.in_specs = True
    elif not reading.in_specs:
        return
    elif _GEM_DEPENDENCY.match(line):
        if reading.gem is not None:
            required = line.split()[0].rstrip("!")
            reading.requires.setdefault(reading.gem, set()).add(required)
    elif locked := _LOCKED_GEM.match(line):
        version = locked.group(2).split("-", 1)[0]
        reading.locked.setdefault((locked.group(1), version), number)
        reading.gem = locked.group(1)
    else:
        reading.gem = None
        reading.problems.append(ParseProblem(path, f"unreadable locked gem {line!r}", number))


def _gem(
    path: str, name: str, version: str, direct: bool, line: int, required_by: tuple[str, ...]
) -> Dependency:
    return Dependency(
        purl=PackageURL("gem", None, name, version).to_string(),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        direct=direct,
        scope=Scope.RUNTIME,
        path=path,
        line=line,
        required_by=required_by,
    )


PARSERS: dict[str, Callable[[str, bytes], Result]] = {"gemfile.lock": parse_gemfile_lock}
