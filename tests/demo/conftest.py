from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def own_var_dir(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each demo test generates its repositories in its own folder: two workers loading the demo
    at once into one var/test/demo-repos broke each other's git repositories."""
    settings.VAR_DIR = tmp_path
    settings.OSU_SCAN_LOCAL_ROOTS = [str(tmp_path / "demo-repos")]
