"""License compliance: the licenses of a project and of each of its files.

`analyse_licenses(context)` reads every text file once (or takes its result from the cache),
then draws the project's picture: license files, declared licenses, unknown texts, coverage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from osunited.scanner._per_file import per_file
from osunited.scanner._tree import decode_text, is_binary
from osunited.scanner.licenses._claims import (
    LicenseClaim,
    is_top_readme,
    license_file_claims,
    manifest_claims,
    readme_claims,
    reserved_line,
)
from osunited.scanner.licenses._data import ATTRIBUTION, data_version
from osunited.scanner.licenses._files import (
    ANALYSIS_VERSION,
    FileLicenseInfo,
    analyse_file,
    file_info_from,
    is_license_file,
)
from osunited.scanner.licenses._gpl_scope import settle_gpl_scope
from osunited.scanner.licenses._headers import header_licenses
from osunited.scanner.licenses._index import INDEX_FORMAT, LicenseIndex, load_index
from osunited.scanner.licenses._manifests import DeclaredLicense, declared_licenses, is_manifest
from osunited.scanner.licenses._matcher import Detection, LicenseMatch, UnknownText, detect
from osunited.scanner.licenses._packages import SubfolderPackage, subfolder_packages
from osunited.scanner.licenses._project import (
    DetectedLicense,
    LicenseAnalysis,
    declared_choice,
    detected_licenses,
    project_license_files,
)
from osunited.scanner.licenses._reuse import (
    Annotation,
    annotations_of,
    files_under_reuse,
    is_reuse_metadata,
    licenses_in_use,
)
from osunited.scanner.licenses._scopes import Scope, ScopedLicense
from osunited.scanner.licenses._spdx import is_osi_approved, license_ids

if TYPE_CHECKING:
    from osunited.scanner._context import ScanContext
    from osunited.scanner._tree import SourceFile

__all__ = [
    "ATTRIBUTION",
    "DeclaredLicense",
    "DetectedLicense",
    "Detection",
    "FileLicenseInfo",
    "LicenseAnalysis",
    "LicenseClaim",
    "LicenseIndex",
    "LicenseMatch",
    "Scope",
    "ScopedLicense",
    "SubfolderPackage",
    "UnknownText",
    "analyse_licenses",
    "detect",
    "is_license_file",
    "is_osi_approved",
    "license_ids",
    "load_index",
]


def analysis_name(*, read_whole: bool = False) -> str:
    full = "-full" if read_whole else ""
    return f"licenses-{ANALYSIS_VERSION}{full}-{INDEX_FORMAT}-{data_version()}"


def analyse_licenses(context: ScanContext) -> LicenseAnalysis:
    """The licensing facts of every text file of the tree and of the project as a whole."""
    read = _file_facts(context)
    annotations = _annotations(context)
    files = files_under_reuse(read, annotations, _speaking(read))
    license_files = project_license_files(sorted(files))
    texts = _texts(context, license_files)
    usage = _reuse_usage(context, read, annotations)
    code, apart = detected_licenses(files, license_files, texts, usage)
    detected, declared, notes = settle_gpl_scope(code, _declared(context), files)
    detected = declared_choice(detected, declared)
    claims = manifest_claims(declared) + readme_claims(files, _readme_texts(context))
    found = [(d.evidence[0].path, d.evidence[0].line, d.expression) for d in detected]
    claims += license_file_claims(found, _reserving_rights(texts, detected, files))
    return LicenseAnalysis(
        files=files,
        license_files=license_files,
        detected=detected,
        declared=declared,
        unknown=[
            (path, u) for path in _own(license_files, apart, detected) for u in files[path].unknown
        ],
        scope_notes=notes,
        claims=claims,
        headers=[] if detected else header_licenses(files),
        apart=apart,
        packages=[] if detected or declared else _packages(context, files),
    )


def _own(
    license_files: list[str], apart: list[ScopedLicense], code: list[DetectedLicense]
) -> list[str]:
    """License files that do not only license data, bundled code ...: their unknown terms
    would concern the project."""
    elsewhere = {e.path for scoped in apart for e in scoped.evidence}
    elsewhere -= {e.path for license in code for e in license.evidence}
    return [path for path in license_files if path not in elsewhere]


def _texts(context: ScanContext, paths: list[str]) -> dict[str, str]:
    """The project's license files, read again for what lies between the licenses they name;
    few and small."""
    wanted = set(paths)
    tree = context.tree
    return {
        file.path: decode_text(tree.read_bytes(file, 256 * 1024))
        for file in tree.files
        if file.path in wanted
    }


def _annotations(context: ScanContext) -> list[Annotation]:
    tree = context.tree
    metadata = {
        file.path: tree.read_bytes(file, 1024 * 1024)
        for file in tree.files
        if is_reuse_metadata(file.path)
    }
    return annotations_of(metadata) if metadata else []


def _speaking(files: dict[str, FileLicenseInfo]) -> set[str]:
    """The files that speak for the project, whatever a REUSE override says of their own
    license: its license files and the READMEs at the top of the tree."""
    paths = sorted(files)
    return set(project_license_files(paths)) | {p for p in paths if is_top_readme(p)}


def _reuse_usage(
    context: ScanContext, files: dict[str, FileLicenseInfo], annotations: list[Annotation]
) -> dict[str, list[str]] | None:
    """In a REUSE project (a `LICENSES/` folder), the files that use each license, from what
    the files say (`files` as read, before REUSE metadata is applied) and the annotations."""
    tree = context.tree
    if not any(file.path.startswith("LICENSES/") for file in tree.files):
        return None
    tags = {path: [e for e, _ in info.tags] for path, info in files.items() if info.tags}
    paths = [file.path for file in tree.files]
    return licenses_in_use(paths, tags, annotations)


def _packages(context: ScanContext, files: dict[str, FileLicenseInfo]) -> list[SubfolderPackage]:
    tree = context.tree
    by_path = {file.path: file for file in tree.files}
    return subfolder_packages(
        list(by_path), files, lambda path: tree.read_bytes(by_path[path], 1024 * 1024)
    )


def _readme_texts(context: ScanContext) -> dict[str, str]:
    """The READMEs at the top of the tree, read again to tell badges from sentences."""
    tree = context.tree
    return {
        file.path: decode_text(tree.read_bytes(file, 256 * 1024))
        for file in tree.files
        if file.depth == 0 and is_top_readme(file.path)
    }


def _reserving_rights(
    texts: dict[str, str],
    detected: list[DetectedLicense],
    files: dict[str, FileLicenseInfo],
) -> list[tuple[str, int]]:
    """License files that name no license, hold no unknown license terms either, and reserve
    all rights (path, line)."""
    granting = {spot.path for license in detected for spot in license.evidence}
    granting |= {path for path in texts if files[path].unknown}
    reserving = []
    for path, text in sorted(texts.items()):
        line = None if path in granting else reserved_line(text[: 64 * 1024])
        if line is not None:
            reserving.append((path, line))
    return reserving


def _file_facts(context: ScanContext) -> dict[str, FileLicenseInfo]:
    index = _lazy_index(context)
    read_whole = context.limits.read_whole_files

    def compute(file: SourceFile, content: bytes) -> dict[str, Any]:
        if is_binary(content):
            return {}  # binary files have no facts
        return analyse_file(file.path, content, decode_text(content), index, read_whole=read_whole)

    name = analysis_name(read_whole=read_whole)
    results = per_file(context, name, compute, stage="licenses")
    return {path: file_info_from(path, data) for path, data in results.items() if data}


def _lazy_index(context: ScanContext) -> Callable[[], LicenseIndex]:
    """The index is loaded only when a file is not in the cache: a rescan never needs it."""
    loaded: list[LicenseIndex] = []

    def index() -> LicenseIndex:
        if not loaded:
            loaded.append(load_index(context.cache.index_directory))
        return loaded[0]

    return index


def _declared(context: ScanContext) -> list[DeclaredLicense]:
    tree = context.tree
    found: list[DeclaredLicense] = []
    for file in tree.files:
        if file.depth == 0 and is_manifest(file.path):
            found += declared_licenses(file.path, tree.read_bytes(file, 1024 * 1024))
    return found
