"""XML manifests: Maven's pom.xml, NuGet's .nuspec and MSBuild project files.

defusedxml refuses entity declarations, so a billion-laughs document raises instead of expanding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from defusedxml import ElementTree

from osunited.scanner.licenses._manifests._model import DeclaredLicense, Manifest
from osunited.scanner.licenses._manifests._spdx import normalise_license, url_to_spdx

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def _local_name(element: Element) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local_name(child) == name]


def _child_text(element: Element, name: str) -> str:
    return next((" ".join((c.text or "").split()) for c in _children(element, name)), "")


def read_pom(manifest: Manifest) -> list[DeclaredLicense]:
    """`<project><licenses><license><name>` (or `<url>`) of a Maven POM."""
    root = ElementTree.fromstring(manifest.content)
    declared: list[DeclaredLicense] = []
    for licenses in _children(root, "licenses"):
        for entry in _children(licenses, "license"):
            name, url = _child_text(entry, "name"), _child_text(entry, "url")
            if name or url:
                spdx = (normalise_license(name) if name else None) or url_to_spdx(url)
                declared.append(manifest.license(name or url, "<licenses>", spdx=spdx))
    return declared


def read_msbuild(manifest: Manifest) -> list[DeclaredLicense]:
    """NuGet metadata in a .csproj / Directory.Build.props, or `<license>` in a .nuspec."""
    root = ElementTree.fromstring(manifest.content)
    declared: list[DeclaredLicense] = []
    for element in root.iter():
        name, value = _local_name(element), (element.text or "").strip()
        kind = element.get("type", "expression")
        if not value:
            continue
        if name == "PackageLicenseExpression" or (name == "license" and kind == "expression"):
            declared.append(manifest.license(value, name))
        elif name == "PackageLicenseFile" or (name == "license" and kind == "file"):
            declared.append(manifest.license_file(value, name))
        elif name in ("PackageLicenseUrl", "licenseUrl"):
            declared.append(manifest.license(value, name, spdx=url_to_spdx(value)))
    return declared
