"""Packages that live in a subfolder of the repository (an R package in `pkg/`, a library in
`python/`): where a repository has no license of its own at its top, theirs is the one to read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from osunited.scanner._layout import is_elsewhere_made
from osunited.scanner._text import _
from osunited.scanner.licenses._files import FileLicenseInfo, is_license_file
from osunited.scanner.licenses._manifests import DeclaredLicense, declared_licenses, is_manifest
from osunited.scanner.licenses._spdx import combine

_DEEPEST = 2  # pkg/DESCRIPTION, packages/core/package.json
_NOT_PACKAGES = frozenset(
    """test tests testing example examples sample samples demo demos docs doc fixtures
    licenses""".split()
)


@dataclass(frozen=True)
class SubfolderPackage:
    folder: str
    manifests: tuple[str, ...]
    declared: tuple[DeclaredLicense, ...]
    license_files: tuple[str, ...]
    detected: tuple[str, ...]  # expressions found in its license files

    @property
    def expression(self) -> str | None:
        return combine(self.detected) or combine(d.spdx for d in self.declared if d.spdx)

    def describe(self) -> str:
        said = self.expression
        if said is None and self.declared:
            said = "'" + "', '".join(d.raw for d in self.declared) + "'"
        return _(
            "the package in {folder}/ ({files}) says {said}",
            folder=self.folder,
            files=", ".join(self.license_files or self.manifests),
            said=said or _("nothing about its license"),
        )


def subfolder_packages(
    paths: list[str],
    files: dict[str, FileLicenseInfo],
    read: Callable[[str], bytes],
) -> list[SubfolderPackage]:
    """Packages one or two folders down that declare a license or carry a license file."""
    folders: dict[str, list[str]] = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        if _candidate(folder) and (is_manifest(name) or is_license_file(path)):
            folders.setdefault(folder, []).append(path)
    packages = []
    for folder, found in sorted(folders.items()):
        package = _package(folder, found, files, read)
        if package.declared or package.detected:
            packages.append(package)
    return packages


def _candidate(folder: str) -> bool:
    depth = folder.count("/") + 1 if folder else 0
    if not 1 <= depth <= _DEEPEST or is_elsewhere_made(folder + "/x"):
        return False
    return _NOT_PACKAGES.isdisjoint(folder.lower().split("/")) and not folder.startswith(".")


def _package(
    folder: str,
    found: list[str],
    files: dict[str, FileLicenseInfo],
    read: Callable[[str], bytes],
) -> SubfolderPackage:
    manifests = [p for p in found if is_manifest(p.rpartition("/")[2])]
    license_files = [p for p in found if p not in manifests]
    declared = [d for p in manifests for d in declared_licenses(p, read(p))]
    detected = [
        expression
        for path in license_files
        if path in files
        for expression in _expressions(files[path])
    ]
    return SubfolderPackage(
        folder, tuple(manifests), tuple(declared), tuple(license_files), tuple(detected)
    )


def _expressions(info: FileLicenseInfo) -> list[str]:
    found = [m.expression for m in info.matches if m.kind in ("text", "notice")]
    return list(dict.fromkeys(found + [e for e, _ in info.tags]))
