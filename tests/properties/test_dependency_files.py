"""The parsers of manifests and lockfiles never raise, whatever the file: a damaged or foreign file
gives what could be read and a problem saying what could not."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from osunited.scanner.deps import Dependency, ParseProblem, parser_for
from osunited.scanner.licenses._manifests import DeclaredLicense, declared_licenses
from tests.properties._bounds import bounded
from tests.properties._mutations import damaged
from tests.properties._seeds import DEPENDENCY_FILES, LICENSE_MANIFESTS

# Formats with a strict grammar: a file that is not a document of its format must be reported.
_LOADERS: dict[str, Callable[[str], object]] = {
    "json": json.loads,
    "toml": tomllib.loads,
    "yaml": yaml.safe_load,
}
# What each loader raises on a file that is no document (UnicodeDecodeError is a ValueError).
_NOT_A_DOCUMENT = (ValueError, RecursionError, yaml.YAMLError)
_FORMAT_OF = {
    "package.json": "json",
    "package-lock.json": "json",
    "Pipfile.lock": "json",
    "composer.lock": "json",
    "packages.lock.json": "json",
    "pyproject.toml": "toml",
    "poetry.lock": "toml",
    "uv.lock": "toml",
    "Cargo.toml": "toml",
    "Cargo.lock": "toml",
    "gradle/libs.versions.toml": "toml",
    "pnpm-lock.yaml": "yaml",
    "pubspec.lock": "yaml",
}


# What a parser reads beside its file (an include, the manifest of a lockfile): any of them.
_any_seed = st.sampled_from(sorted(DEPENDENCY_FILES.values()))


def _is_document(name: str, content: bytes) -> bool:
    """Whether `content` parses in the strict format of `name` (True for line formats)."""
    kind = _FORMAT_OF.get(name)
    if kind is None:
        return True
    try:
        _LOADERS[kind](content.decode("utf-8"))
    except _NOT_A_DOCUMENT:
        return False
    return True


def _parse(
    name: str, content: bytes, sibling: bytes | None
) -> tuple[list[Dependency], list[ParseProblem]]:
    chosen = parser_for(f"app/{name}")
    assert chosen is not None, name
    parser, takes_read = chosen
    if takes_read:
        return parser(f"app/{name}", content, lambda _path: sibling)
    return parser(f"app/{name}", content)


def test_every_file_name_the_scanner_parses_has_a_seed() -> None:
    assert all(parser_for(f"app/{name}") is not None for name in DEPENDENCY_FILES)
    for name, content in DEPENDENCY_FILES.items():
        dependencies, problems = _parse(name, content, b"six==1.16.0\n")
        # A version catalog declares what scripts may use; the scripts name what they use.
        assert dependencies or name == "gradle/libs.versions.toml", name
        assert problems == [], name


@pytest.mark.parametrize("name", sorted(DEPENDENCY_FILES))
@bounded(max_examples=60)
@given(data=st.data())
def test_a_parser_never_raises_and_reports_what_it_cannot_read(
    name: str, data: st.DataObject
) -> None:
    seed = DEPENDENCY_FILES[name]
    content = data.draw(damaged(seed), label="content")
    sibling = data.draw(st.one_of(st.none(), _any_seed.flatmap(damaged)), label="sibling")

    dependencies, problems = _parse(name, content, sibling)

    assert all(isinstance(d, Dependency) and d.purl.startswith("pkg:") for d in dependencies)
    assert all(d.line is None or d.line >= 1 for d in dependencies)
    assert all(isinstance(p, ParseProblem) and p.message for p in problems)
    if content.strip() and not _is_document(name, content):
        assert problems, f"{name} that is no document of its format, reported as fine"


@pytest.mark.parametrize("name", sorted(LICENSE_MANIFESTS))
@bounded(max_examples=40)
@given(data=st.data())
def test_a_license_manifest_reader_never_raises(name: str, data: st.DataObject) -> None:
    content = data.draw(damaged(LICENSE_MANIFESTS[name]), label="content")

    declared = declared_licenses(f"app/{name}", content)

    assert all(isinstance(d, DeclaredLicense) and isinstance(d.raw, str) for d in declared)
    assert all(d.line is None or d.line >= 1 for d in declared)


def test_every_license_manifest_seed_declares_a_license() -> None:
    for name, content in LICENSE_MANIFESTS.items():
        assert declared_licenses(f"app/{name}", content), name
