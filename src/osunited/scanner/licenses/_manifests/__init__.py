"""Licenses declared in package manifests (package.json, pyproject.toml, pom.xml ...), read
statically.

Nothing here runs a manifest: setup.py and conanfile.py go through `ast.parse`, gemspecs and mix.exs
are matched as text, XML goes through defusedxml. A malformed manifest declares nothing.
"""

from __future__ import annotations

import configparser
from collections.abc import Callable

import yaml

from osunited.scanner.licenses._manifests import _python, _structured, _text, _xml
from osunited.scanner.licenses._manifests._model import FILE_PREFIX, DeclaredLicense, Manifest
from osunited.scanner.licenses._manifests._spdx import normalise_license

__all__ = [
    "FILE_PREFIX",
    "MANIFEST_NAMES",
    "MANIFEST_SUFFIXES",
    "DeclaredLicense",
    "declared_licenses",
    "is_manifest",
    "normalise_license",
]

_Reader = Callable[[Manifest], list[DeclaredLicense]]

_READERS_BY_NAME: dict[str, tuple[str, _Reader]] = {
    "package.json": ("npm", _structured.read_json_manifest),
    "bower.json": ("bower", _structured.read_json_manifest),
    "composer.json": ("composer", _structured.read_json_manifest),
    "elm.json": ("elm", _structured.read_json_manifest),
    "vcpkg.json": ("vcpkg", _structured.read_json_manifest),
    "pyproject.toml": ("python", _python.read_pyproject),
    "setup.cfg": ("python", _python.read_setup_cfg),
    "setup.py": ("python", _python.read_setup_py),
    "pkg-info": ("python", _python.read_core_metadata),
    "metadata": ("python", _python.read_core_metadata),
    "conanfile.py": ("conan", _python.read_conanfile),
    "cargo.toml": ("cargo", _structured.read_cargo),
    "pom.xml": ("maven", _xml.read_pom),
    "directory.build.props": ("nuget", _xml.read_msbuild),
    "description": ("r", _text.read_r_description),
    "mix.exs": ("hex", _text.read_mix_exs),
    "publiccode.yml": ("publiccode", _structured.read_publiccode),
    "publiccode.yaml": ("publiccode", _structured.read_publiccode),
    "meta.json": ("cpan", _structured.read_cpan_meta),
    "meta.yml": ("cpan", _structured.read_cpan_meta),
}
_READERS_BY_SUFFIX: dict[str, tuple[str, _Reader]] = {
    ".csproj": ("nuget", _xml.read_msbuild),
    ".vbproj": ("nuget", _xml.read_msbuild),
    ".fsproj": ("nuget", _xml.read_msbuild),
    ".nuspec": ("nuget", _xml.read_msbuild),
    ".gemspec": ("rubygems", _text.read_gemspec),
    ".cabal": ("hackage", _text.read_cabal),
}

MANIFEST_NAMES: frozenset[str] = frozenset(_READERS_BY_NAME)
MANIFEST_SUFFIXES: frozenset[str] = frozenset(_READERS_BY_SUFFIX)

# What a malformed manifest raises: JSON, TOML, XML (defusedxml's refusals too), YAML, INI, Python.
_MALFORMED = (ValueError, SyntaxError, RecursionError, yaml.YAMLError, configparser.Error)


def _reader_for(path: str) -> tuple[str, _Reader] | None:
    name = path.replace("\\", "/").rsplit("/", 1)[-1].casefold()
    if name in _READERS_BY_NAME:
        return _READERS_BY_NAME[name]
    suffix = next((s for s in _READERS_BY_SUFFIX if name.endswith(s) and name != s), None)
    return _READERS_BY_SUFFIX[suffix] if suffix else None


def is_manifest(path: str) -> bool:
    """Whether `declared_licenses` reads the file at `path`, going by its name (`*.csproj`)."""
    return _reader_for(path) is not None


def declared_licenses(path: str, content: bytes) -> list[DeclaredLicense]:
    """The licenses the manifest at `path` (relative to the tree root) declares.

    `content` is the file's bytes. Nothing is executed; a malformed manifest, or a file that is not
    a manifest, declares nothing.
    """
    reader = _reader_for(path)
    if reader is None:
        return []
    ecosystem, read = reader
    try:
        return read(Manifest(path, content, ecosystem))
    except _MALFORMED:
        return []
