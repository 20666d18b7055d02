"""The report's `files` inventory: the licensing facts already computed for each file, as the
report's plain data (no file is read again)."""

from __future__ import annotations

from osunited.scanner._model import FileCopyright, FileFacts, FileLicense
from osunited.scanner.licenses._files import FileLicenseInfo


def file_inventory(files: dict[str, FileLicenseInfo]) -> list[FileFacts]:
    """One entry per file that states a license or a copyright, sorted by path."""
    return [
        FileFacts(path, info.sha1, file_licenses(info), _copyrights(info))
        for path, info in sorted(files.items())
        if info.has_license_information or info.has_copyright
    ]


def file_licenses(info: FileLicenseInfo) -> tuple[FileLicense, ...]:
    """The licenses REUSE gives a file (`.license` file or annotation, line 0), its SPDX tags
    (score 100) and the matched license texts and notices, by line."""
    given = [FileLicense(expression, "reuse", 0, 0, 100.0) for expression in info.reuse]
    tags = [FileLicense(expression, "tag", line, line, 100.0) for expression, line in info.tags]
    matches = [
        FileLicense(m.expression, m.kind, m.start_line, m.end_line, round(m.coverage, 1))
        for m in info.matches
    ]
    return tuple(
        sorted(given + tags + matches, key=lambda found: (found.start_line, found.expression))
    )


def _copyrights(info: FileLicenseInfo) -> tuple[FileCopyright, ...]:
    return tuple(FileCopyright(c.statement, c.holder, c.line) for c in info.copyrights)
