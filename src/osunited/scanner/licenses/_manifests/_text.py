"""Manifests read as plain text: Ruby gemspecs, Elixir mix.exs, R DESCRIPTION, Haskell .cabal."""

from __future__ import annotations

import re

from osunited.scanner.licenses._manifests._model import DeclaredLicense, Manifest, line_at, strings
from osunited.scanner.licenses._manifests._spdx import normalise_license

_GEMSPEC_LICENSES = re.compile(
    r"""\.licenses?\s*=\s*(?P<value>\[[^\]]*\]|%w[\[(][^\])]*[\])]|"[^"\n]*"|'[^'\n]*')"""
)
_QUOTED = re.compile(r"""(?P<q>["'])(?P<raw>[^"'\n]+)(?P=q)""")


def read_gemspec(manifest: Manifest) -> list[DeclaredLicense]:
    """`spec.license = "MIT"` or `spec.licenses = ["MIT", "Ruby"]` (or `%w[...]`), as text."""
    declared: list[DeclaredLicense] = []
    for found in _GEMSPEC_LICENSES.finditer(manifest.text):
        value = found["value"]
        raws = (
            value[3:-1].split()
            if value.startswith("%w")
            else [q["raw"] for q in _QUOTED.finditer(value)]
        )
        line = line_at(manifest.text, found.start())
        declared += [manifest.license(raw, "license", line=line) for raw in strings(raws)]
    return declared


_MIX_LICENSES = re.compile(r"\blicenses:\s*\[(?P<value>[^\]]*)\]")


def read_mix_exs(manifest: Manifest) -> list[DeclaredLicense]:
    """`licenses: ["Apache-2.0"]` in an Elixir mix.exs `package`, as text."""
    declared: list[DeclaredLicense] = []
    for found in _MIX_LICENSES.finditer(manifest.text):
        raws = [quoted["raw"] for quoted in _QUOTED.finditer(found["value"])]
        line = line_at(manifest.text, found.start())
        declared += [manifest.license(raw, "licenses", line=line) for raw in strings(raws)]
    return declared


# R, Haskell: "Field: value" files


def _dcf_fields(text: str) -> dict[str, tuple[str, int]]:
    """Fields of a Debian-control-style file (R's DESCRIPTION): name -> (value, first line)."""
    fields: dict[str, tuple[str, int]] = {}
    name = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1].isspace() and name:
            value, first = fields[name]
            fields[name] = (f"{value} {line.strip()}".strip(), first)
        elif found := re.match(r"([A-Za-z0-9][\w@/.-]*)\s*:(.*)$", line):
            name = found[1].casefold()
            fields.setdefault(name, (found[2].strip(), number))
    return fields


def read_r_description(manifest: Manifest) -> list[DeclaredLicense]:
    """`License: GPL (>= 2)`, `MIT + file LICENSE`, `GPL-2 | GPL-3` in an R package DESCRIPTION."""
    fields = _dcf_fields(manifest.text)
    if "package" not in fields or "license" not in fields:
        return []
    raw, line = fields["license"]
    expression = re.sub(r"\s*\+\s*file\s+LICEN[CS]E\b", "", raw)  # the file holds the copyright
    expression = re.sub(r"\s*\|\s*", " OR ", expression)
    return [manifest.license(raw, "License:", spdx=normalise_license(expression), line=line)]


_CABAL_FIELD = re.compile(r"^(?P<name>license(?:-files?)?)\s*:[ \t]*(?P<value>.*)$", re.I | re.M)


def read_cabal(manifest: Manifest) -> list[DeclaredLicense]:
    """Top-level `license:` and `license-file(s):` fields of a Haskell .cabal file."""
    declared: list[DeclaredLicense] = []
    for found in _CABAL_FIELD.finditer(manifest.text):
        value, line = found["value"].strip(), line_at(manifest.text, found.start())
        if found["name"].casefold() == "license" and value:
            declared.append(manifest.license(value, "license", line=line))
        elif found["name"].casefold() != "license":
            files = strings(re.split(r"[,\s]+", value))
            declared += [manifest.license_file(file, "license-file", line=line) for file in files]
    return declared
