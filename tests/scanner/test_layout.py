"""Where a file comes from and what it is made of, by its path (scanner/_layout.py)."""

from __future__ import annotations

import pytest

from osunited.scanner._layout import file_kind, is_generated, is_vendored


@pytest.mark.parametrize(
    ("path", "vendored"),
    [
        ("node_modules/left-pad/index.js", True),
        ("src/vendor/github.com/x/y.go", True),
        ("deps/jemalloc/src/arena.c", True),  # C projects keep their dependencies in deps/
        ("docs/libs/gitbook-2.6.7/gitbook.js", True),  # a release copied in
        ("static/jquery-ui-1.13.2/jquery-ui.js", True),
        ("src/app.py", False),
        ("docs/2.0/index.md", False),  # a version of the project's own docs
        ("api-v2/handlers.go", False),
        ("vendor.js", False),  # a file, not a folder
    ],
)
def test_vendored_folders(path: str, vendored: bool) -> None:
    assert is_vendored(path) is vendored


@pytest.mark.parametrize(
    ("path", "generated"),
    [("dist/app.js", True), ("js/app.min.js", True), ("js/app.js.map", True), ("js/app.js", False)],
)
def test_generated_files(path: str, generated: bool) -> None:
    assert is_generated(path) is generated


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("src/reuse/lint.py", "code"),
        ("Makefile", "code"),
        ("README.md", "documentation"),
        ("docs/conf.py", "documentation"),
        ("img/logo.svg", "media"),
        ("fonts/Lora.woff2", "media"),
        ("datasets/us/sanctions.csv", "data"),
        ("data/countries.json", "data"),
        ("pyproject.toml", "configuration"),
        (".github/workflows/ci.yml", "configuration"),
        (".gitignore", "configuration"),
    ],
)
def test_file_kinds(path: str, kind: str) -> None:
    assert file_kind(path) == kind
