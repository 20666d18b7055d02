"""Manifests in JSON, TOML or YAML: npm and its kin, Cargo, publiccode.yml, CPAN's META files."""

from __future__ import annotations

import json
import tomllib

import yaml

from osunited.scanner.licenses._manifests._model import DeclaredLicense, Manifest, strings, table


def _json_license_names(value: object) -> list[str]:
    """`"MIT"`, `["MIT", "GPL-3.0"]`, or npm's legacy `{"type": "MIT"}` and lists of those."""
    items = value if isinstance(value, list) else [value]
    names = [item.get("type") if isinstance(item, dict) else item for item in items]
    return strings(names)


def read_json_manifest(manifest: Manifest) -> list[DeclaredLicense]:
    data = json.loads(manifest.text)
    if not isinstance(data, dict):
        return []
    declared = manifest.licenses(_json_license_names(data.get("license")), '"license"')
    return declared + manifest.licenses(_json_license_names(data.get("licenses")), '"licenses"')


def read_cargo(manifest: Manifest) -> list[DeclaredLicense]:
    data = tomllib.loads(manifest.text)
    declared: list[DeclaredLicense] = []
    for package in (table(data, "package"), table(table(data, "workspace"), "package")):
        declared += manifest.licenses(strings(package.get("license")), "license")
        files = strings(package.get("license-file"))
        declared += [manifest.license_file(file, "license-file") for file in files]
    return declared


def read_publiccode(manifest: Manifest) -> list[DeclaredLicense]:
    data = yaml.safe_load(manifest.text)
    return manifest.licenses(strings(table(data, "legal").get("license")), "license")


# CPAN::Meta license strings (META.json, META.yml), by SPDX expression.
_CPAN: dict[str, str | None] = {
    "perl": "Artistic-1.0-Perl OR GPL-1.0-or-later",
    "perl_5": "Artistic-1.0-Perl OR GPL-1.0-or-later",
    "agpl_3": "AGPL-3.0-only",
    "apache_1_1": "Apache-1.1",
    "apache_2_0": "Apache-2.0",
    "artistic": "Artistic-1.0",
    "artistic_1": "Artistic-1.0",
    "artistic_2": "Artistic-2.0",
    "bsd": "BSD-3-Clause",
    "freebsd": "BSD-2-Clause",
    "gpl_1": "GPL-1.0-only",
    "gpl_2": "GPL-2.0-only",
    "gpl_3": "GPL-3.0-only",
    "lgpl_2_1": "LGPL-2.1-only",
    "lgpl_3_0": "LGPL-3.0-only",
    "mozilla_1_0": "MPL-1.0",
    "mozilla_1_1": "MPL-1.1",
    "openssl": "OpenSSL",
    "qpl_1_0": "QPL-1.0",
    "sun": "SISSL",
    "zlib": "Zlib",
    "mit": "MIT",
}


def read_cpan_meta(manifest: Manifest) -> list[DeclaredLicense]:
    """`license` of a CPAN META.json or META.yml: a list (spec 2) or a string (spec 1)."""
    if manifest.path.casefold().endswith(".json"):
        data = json.loads(manifest.text)
    else:
        data = yaml.safe_load(manifest.text)
    if not isinstance(data, dict) or not ({"meta-spec", "generated_by"} & data.keys()):
        return []  # another kind of META file
    return [
        manifest.license(raw, "license", spdx=_CPAN.get(raw.strip().casefold()))
        for raw in strings(data.get("license"))
    ]
