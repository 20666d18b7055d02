from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from osunited.demo.services import demo_load


@pytest.fixture(scope="module")
def demo_module(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[list[str], Path]]:
    """The datasets named by the module's DEMO_DATASETS, loaded once for all its tests (a load
    takes seconds) in a transaction rolled back after the last one; each test runs in a savepoint
    of it, as in a Django TestCase. Gives what the load said it loaded, and the demo's folder."""
    folder = tmp_path_factory.mktemp("demo")
    demo_settings = override_settings(
        VAR_DIR=folder,
        OSU_SCAN_LOCAL_ROOTS=[str(folder / "demo-repos")],
        MEDIA_ROOT=folder / "media",
    )
    with django_db_blocker.unblock(), demo_settings, transaction.atomic():
        loaded = demo_load(tuple(request.module.DEMO_DATASETS))
        yield loaded, folder
        transaction.set_rollback(True)


@pytest.fixture
def demo(request: pytest.FixtureRequest, demo_module: tuple[list[str], Path], db: None) -> None:
    """The module's DEMO_DATASETS, loaded once for its tests (each in a savepoint of that load,
    through `db`): every one of them was loaded."""
    assert demo_module[0] == list(request.module.DEMO_DATASETS)


def _demo_folder(request: pytest.FixtureRequest) -> Path | None:
    if "demo_module" not in request.fixturenames:
        return None
    return Path(request.getfixturevalue("demo_module")[1])


@pytest.fixture(autouse=True)
def own_var_dir(request: pytest.FixtureRequest, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each demo test generates its repositories in its own folder: two workers loading the demo
    at once into one var/test/demo-repos broke each other's git repositories. Tests of a demo
    loaded once per module share that load's folder (its repositories, its signing keys)."""
    folder = _demo_folder(request) or tmp_path
    settings.VAR_DIR = folder
    settings.OSU_SCAN_LOCAL_ROOTS = [str(folder / "demo-repos")]


@pytest.fixture(autouse=True)
def media_in_tmp(request: pytest.FixtureRequest, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """As tests/conftest.py's, except that a demo loaded once per module keeps its own files."""
    settings.MEDIA_ROOT = (_demo_folder(request) or tmp_path) / "media"
