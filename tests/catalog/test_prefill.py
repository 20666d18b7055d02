"""Prefilling a registration from a repository (scanned) or from a publiccode.yml."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from osunited.catalog.models import Project
from osunited.catalog.prefill import prefill_from_publiccode, prefill_from_repository
from tests.conftest import Cast, client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLICCODE = """\
publiccodeYmlVersion: "0.4"
name: "Cold Chain Monitor"
url: "https://git.example.org/unicef/cold-chain"
landingURL: "https://coldchain.example.org"
platforms:
  - "web"
categories:
  - "data-collection"
developmentStatus: "stable"
softwareType: "standalone/web"
description:
  en:
    shortDescription: "Watches the temperature of vaccine fridges"
    longDescription: >-
      Cold Chain Monitor reads the sensors of vaccine refrigerators in health centres and
      warns the staff before a vaccine spoils. It keeps the history of every fridge for the
      audits that donors ask for, and works offline.
    documentation: "https://docs.example.org/cold-chain"
    features:
      - "Temperature alerts"
      - "Offline history"
legal:
  license: "Apache-2.0"
maintenance:
  type: "internal"
  contacts:
    - name: "Alice"
      email: "alice@unicef.org"
    - name: "Outsider"
      email: "outsider@example.org"
    - name: "Nobody"
      email: "nobody@undp.org"
localisation:
  localisationReady: true
  availableLanguages:
    - "en"
"""


def git(directory: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=directory, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A small git repository with a license, a manifest and (optionally) a publiccode.yml."""
    root = tmp_path / "cold-chain"
    root.mkdir()
    (root / "LICENSE").write_text("SPDX-License-Identifier: Apache-2.0\n")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "cold-chain"\ndescription = "Fridge sensors"\n'
        'dependencies = ["django>=5"]\n'
    )
    (root / "README.md").write_text("# Cold chain\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "First")
    return root


def commit_publiccode(root: Path, text: str = PUBLICCODE) -> None:
    (root / "publiccode.yml").write_text(text)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "publiccode")


def test_a_scan_prefills_name_license_and_languages(repository: Path) -> None:
    url = f"file://{repository}"
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(repository.parent)]):
        found = prefill_from_repository(url)
    assert found.values["name"] == "cold-chain"
    assert found.values["licenses"] == "Apache-2.0"
    assert found.values["description"] == "Fridge sensors"
    assert found.values["repositories"] == [url]
    assert found.sources["licenses"] == f"scan of {url}"


def test_the_repositorys_publiccode_yml_takes_precedence(repository: Path) -> None:
    commit_publiccode(repository)
    url = f"file://{repository}"
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(repository.parent)]):
        found = prefill_from_repository(url)
    assert found.values["name"] == "Cold Chain Monitor"
    assert found.sources["name"] == f"publiccode.yml of {url}"
    assert found.values["development_status"] == "stable"
    assert found.sources["description"] == f"publiccode.yml of {url}"


def test_the_prefill_button_fills_the_form_and_saves_nothing(cast: Cast, repository: Path) -> None:
    commit_publiccode(repository)
    url = f"file://{repository}"
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(repository.parent)]):
        page = client_for(cast.alice).post(
            reverse("catalog:register"), {"prefill": "repository", "prefill_url": url}
        )
    assert page.status_code == 200
    form = page.context["form"]
    assert form["name"].value() == "Cold Chain Monitor"
    assert form["licenses"].value() == "Apache-2.0"
    assert form["documentation_url"].value() == "https://docs.example.org/cold-chain"
    assert f"Prefilled from publiccode.yml of {url}" in page.content.decode()
    assert not Project.objects.exists()


def test_prefill_refuses_an_unsafe_url(cast: Cast) -> None:
    page = client_for(cast.alice).post(
        reverse("catalog:register"),
        {"prefill": "repository", "prefill_url": "https://10.0.0.1/secret/repo.git"},
    )
    assert "not a public address" in page.content.decode()
    assert not Project.objects.exists()


def test_a_pasted_publiccode_yml_prefills_the_fields_it_has(cast: Cast) -> None:
    # Contacts who are not UN staff with an account are not offered as focal points.
    UserFactory(email="outsider@example.org")
    found = prefill_from_publiccode(PUBLICCODE)
    assert found.values == {
        "name": "Cold Chain Monitor",
        "language": "en",
        "purpose": "Watches the temperature of vaccine fridges",
        "description": found.values["description"],
        "features": ["Temperature alerts", "Offline history"],
        "documentation_url": "https://docs.example.org/cold-chain",
        "licenses": "Apache-2.0",
        "development_status": "stable",
        "topics": ["data-collection", "standalone/web"],
        "website": "https://coldchain.example.org",
        "repositories": ["https://git.example.org/unicef/cold-chain"],
        "focal_point_emails": ["alice@unicef.org"],
    }
    assert set(found.sources.values()) == {"publiccode.yml"}


def test_an_invalid_publiccode_yml_is_refused_with_its_errors(cast: Cast) -> None:
    bad = PUBLICCODE.replace('developmentStatus: "stable"', 'developmentStatus: "done"')
    with pytest.raises(ValidationError, match="not valid"):
        prefill_from_publiccode(bad)
    page = client_for(cast.alice).post(
        reverse("catalog:register"), {"prefill": "publiccode", "publiccode_text": "name: [unclosed"}
    )
    assert "The form could not be prefilled" in page.content.decode()
    assert "line 1" in page.content.decode()
    assert not Project.objects.exists()


def test_an_uploaded_publiccode_yml_prefills_through_htmx(cast: Cast) -> None:
    upload = SimpleUploadedFile("publiccode.yml", PUBLICCODE.encode())
    page = client_for(cast.alice).post(
        reverse("catalog:register"),
        {"prefill": "publiccode", "publiccode_file": upload},
        headers={"HX-Request": "true"},
    )
    content = page.content.decode()
    assert content.startswith('<div id="project-form-body">')
    assert "Cold Chain Monitor" in content
    assert "Prefilled from publiccode.yml" in content


def test_where_values_came_from_is_kept_with_the_project(cast: Cast, settings: Any) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]
    client = client_for(cast.alice)
    page = client.post(
        reverse("catalog:register"), {"prefill": "publiccode", "publiccode_text": PUBLICCODE}
    )
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "publiccode_file"}
    data.update({"entity": cast.unicef.pk, "hosting": "external", "publiccode_text": ""})
    data = {key: value for key, value in data.items() if value is not False}
    response = client.post(reverse("catalog:register"), data)
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.name == "Cold Chain Monitor"
    assert project.prefill_sources["licenses"] == "publiccode.yml"
