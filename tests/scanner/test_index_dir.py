"""The license index is built once and kept where OSU_LICENSE_INDEX_DIR says, whatever cache
folder a scan uses: a test run (or a CI job) builds it once, not once per cache folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from osunited.scanner import scan
from osunited.scanner.licenses import _index
from tests.scanner.conftest import TreeMaker

RUN_INDEX_DIR = Path(os.environ["OSU_LICENSE_INDEX_DIR"])  # set by tests/conftest.py


@pytest.fixture(autouse=True)
def quick_index_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the index is kept is what is tested here: "building" it reads the run's own index
    (built once for the run) instead of taking a minute each time."""
    run_index = _index.load_index(RUN_INDEX_DIR)  # built here, once, if the run has none yet
    monkeypatch.setattr(_index, "build_index", lambda: run_index)


def test_a_scan_with_its_own_cache_folder_reuses_the_configured_index(
    make_tree: TreeMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "index"
    monkeypatch.setenv("OSU_LICENSE_INDEX_DIR", str(shared))
    root = make_tree({"LICENSE": "MIT License\n", "a.py": "# SPDX-License-Identifier: MIT\n"})

    scan(root, cache_dir=tmp_path / "first", only=["license.project"])
    scan(root, cache_dir=tmp_path / "second", only=["license.project"])

    assert len(list(shared.glob("license-index-*.bin"))) == 1
    assert not list((tmp_path / "first").glob("license-index-*"))
    assert not list((tmp_path / "second").glob("license-index-*"))


def test_without_the_setting_the_index_is_kept_in_the_cache_folder(
    make_tree: TreeMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OSU_LICENSE_INDEX_DIR", raising=False)
    root = make_tree({"LICENSE": "MIT License\n"})

    scan(root, cache_dir=tmp_path / "cache", only=["license.project"])

    assert len(list((tmp_path / "cache").glob("license-index-*.bin"))) == 1
