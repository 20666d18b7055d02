from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from osunited.catalog.sources import clone_target


def test_it_refuses_a_url_that_resolves_to_a_private_address() -> None:
    with pytest.raises(ValidationError, match="not a public address"):
        clone_target("https://127.0.0.1/org/repo.git")


def test_it_refuses_schemes_other_than_https_and_ssh() -> None:
    with pytest.raises(ValidationError):
        clone_target("ftp://example.org/repo.git")


def test_an_allowed_internal_host_passes() -> None:
    with override_settings(OSU_SCAN_ALLOWED_HOSTS=["git.internal.example"]):
        url = "https://git.internal.example/team/repo.git"
        assert clone_target(url) == url


def test_a_local_repository_must_lie_under_an_allowed_root(tmp_path: Path) -> None:
    repo = tmp_path / "allowed" / "demo.git"
    repo.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(tmp_path / "allowed")]):
        assert clone_target(f"file://{repo}") == str(repo)
        with pytest.raises(ValidationError, match="does not scan repositories from that folder"):
            clone_target(f"file://{tmp_path / 'elsewhere'}")
        with pytest.raises(ValidationError, match="does not scan repositories from that folder"):
            clone_target(f"file://{repo}/../../elsewhere")
        with pytest.raises(ValidationError, match="path on this server"):
            clone_target(f"file://attacker.example{repo}")
