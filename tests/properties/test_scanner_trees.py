"""Any tree is scanned into a report: file names of any bytes (invalid UTF-8, 255 bytes long,
`-rf`, `..a`), any content, also under the names the scanner reads (LICENSE, lockfiles,
publiccode.yml, workflows). Through `scan()` and through `osu scan` in every format."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from osunited.cli import main
from osunited.scanner import ScanError, ScanReport, scan
from osunited.scanner.reports import FORMATS, render, report_schema
from tests.properties._bounds import bounded

# Names the scanner looks for, so that random content reaches its readers and parsers.
KNOWN_NAMES = [
    b"LICENSE",
    b"COPYING",
    b"README.md",
    b"CONTRIBUTING.md",
    b"SECURITY.md",
    b"CHANGELOG.md",
    b"publiccode.yml",
    b"package.json",
    b"package-lock.json",
    b"yarn.lock",
    b"pnpm-lock.yaml",
    b"requirements.txt",
    b"pyproject.toml",
    b"poetry.lock",
    b"Pipfile.lock",
    b"uv.lock",
    b"setup.py",
    b"setup.cfg",
    b"go.mod",
    b"go.sum",
    b"Cargo.toml",
    b"Cargo.lock",
    b"composer.json",
    b"composer.lock",
    b"pom.xml",
    b"build.gradle",
    b"build.gradle.kts",
    b"gradle.lockfile",
    b"Gemfile.lock",
    b"pubspec.lock",
    b"packages.lock.json",
    b"app.csproj",
    b"DESCRIPTION",
    b"mix.exs",
    b"x.gemspec",
    b"x.cabal",
    b"dependabot.yml",
    b"REUSE.toml",
    b"dep5",
    b".secrets.baseline",
    b".gitleaksignore",
    b".osu-secrets-allow",
    b"CITATION.cff",
    b"CODEOWNERS",
    b"AUTHORS",
    b"NOTICE",
    b"renovate.json",
    b"main.py",
    b"main.c",
    b"index.js",
]
# Legal names that look like options, parents, escapes or markup.
ODD_NAMES = [
    b"-rf",
    b"--help",
    b"-",
    b"...",
    b"..a",
    b".. ",
    b" ",
    b"\\",
    b"\n",
    b"a\r\nb",
    b"$(rm -rf ~)",
    b"%s%n",
    b"{}",
    b"\x1b[31mred",
    b"\xff\xfe",
    b"caf\xe9.py",
    b"\xed\xa0\x80",  # a UTF-16 surrogate, encoded
    "é\u202enoisrev".encode(),
    b"a" * 255,
    b"\xff" * 255,
]
FOLDERS = [
    b".github",
    b".github/workflows",
    b".reuse",
    b"LICENSES",
    b"docs",
    b"src",
    b"gradle",
    b"requirements",
    b"node_modules/x",
    b"a/b/c",
]


def _is_legal(name: bytes) -> bool:
    return b"\0" not in name and b"/" not in name and name not in (b".", b"..")


component = st.one_of(
    st.sampled_from(KNOWN_NAMES),
    st.sampled_from(ODD_NAMES),
    st.binary(min_size=1, max_size=255).filter(_is_legal),
    st.text(min_size=1, max_size=40)
    .map(lambda text: text.encode("utf-8", "surrogatepass")[:255])
    .filter(_is_legal),
)
folder = st.one_of(st.just(b""), st.sampled_from(FOLDERS), component)
content = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=3000).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"",
            b"\0" * 100,
            b"\xef\xbb\xbf# SPDX-License-Identifier: MIT\n",
            b"SPDX-License-Identifier: (MIT OR\n",
            b"Copyright (c) \xff\xfe 2025\n",
            b"{" * 5000,
            b"[" * 5000,
            b"- " * 5000,
            b"a: &a [*a]\n",
            b"a = " + b"[" * 5000,
            b'{"results": ' + b"[" * 5000,
            b"on: push\njobs: " + b"[" * 5000,
            b"<a>" * 5000,
        ]
    ),
)
tree = st.lists(st.tuples(folder, component, content), max_size=8)


def _write(root: Path, entries: list[tuple[bytes, bytes, bytes]]) -> None:
    """Writes what the file system allows; a name taken by a folder (or the other way round)
    is left out."""
    base = os.fsencode(root)
    for parent, name, data in entries:
        directory = os.path.join(base, parent) if parent else base
        try:
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, name), "wb") as stream:
                stream.write(data)
        except (FileExistsError, IsADirectoryError, NotADirectoryError):
            continue


@contextmanager
def _written(entries: list[tuple[bytes, bytes, bytes]]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="osu-property-") as folder_name:
        root = Path(folder_name) / "project"
        root.mkdir()
        _write(root, entries)
        yield root


def _scanned_or_refusal(root: Path) -> ScanReport | str:
    try:
        return scan(root, use_cache=False)
    except ScanError as exc:
        return str(exc)


_VALIDATOR = Draft202012Validator(report_schema())


@bounded(max_examples=60)
@given(entries=tree)
def test_scan_gives_a_report_valid_against_its_schema_for_any_tree(
    entries: list[tuple[bytes, bytes, bytes]],
) -> None:
    with _written(entries) as root:
        report = _scanned_or_refusal(root)
    if isinstance(report, str):  # a scan error says why, in words; anything else is a crash
        assert report
        return
    _VALIDATOR.validate(json.loads(render(report, "json")))
    for fmt in FORMATS:
        assert render(report, fmt).endswith("\n")


@bounded(max_examples=24)
@given(entries=tree, fmt=st.sampled_from(FORMATS))
def test_osu_scan_writes_a_report_and_never_a_traceback_for_any_tree(
    entries: list[tuple[bytes, bytes, bytes]], fmt: str
) -> None:
    with _written(entries) as root:
        result = CliRunner().invoke(main, ["scan", "--no-cache", "-q", "-f", fmt, str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ")
        return
    assert result.exit_code in (0, 1)
    if fmt in ("json", "sarif", "cyclonedx", "spdx"):
        document = json.loads(result.stdout)
        if fmt == "json":
            _VALIDATOR.validate(document)
    else:
        assert result.stdout.endswith("\n")
