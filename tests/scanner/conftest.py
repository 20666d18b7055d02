"""Shared fixtures for scanner tests: the license index (built once per machine and cached) and
small trees written on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from osunited.scanner._cache import default_cache_dir
from osunited.scanner.licenses import LicenseIndex, load_index
from osunited.scanner.licenses._data import read_licenses

TreeMaker = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture(scope="session")
def license_index() -> LicenseIndex:
    return load_index(default_cache_dir())


@pytest.fixture(scope="session")
def license_texts() -> dict[str, str]:
    """Full texts from the license data, by LicenseDB key."""
    return {record.key: record.text for record in read_licenses() if not record.is_deprecated}


@pytest.fixture
def make_tree(tmp_path: Path) -> TreeMaker:
    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "project"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make
