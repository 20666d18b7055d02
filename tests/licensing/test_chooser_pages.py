"""The chooser's pages (CPF 4.2.2): the questionnaire and its result, the LICENSE file, and the
merge request that adds it to a project's repository on the platform's forge."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from osunited.audit.models import AuditEvent
from osunited.forges.adapters import ForgeUnavailable
from osunited.forges.models import Forge, HostedRepository, HostingState
from osunited.forges.services import forge_save, namespace_set, page_adapter
from osunited.licensing.models import (
    LegalReview,
    LicensePackage,
    PackageLicense,
    PackageVersion,
)
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory
from tests.forges.memory_forge import MemoryForge

pytestmark = pytest.mark.django_db

LIBRARY = {"released": "library", "deployment": "distributed", "copyleft": "none", "patents": "yes"}


def choose(client: Client, **answers: str) -> str:
    response = client.get(f"/licenses/choose/?{urlencode({**LIBRARY, **answers})}")
    assert response.status_code == 200, response.content
    return response.content.decode()


def test_the_questionnaire_is_accessible_without_answers(client: Client) -> None:
    page = client.get("/licenses/choose/").content.decode()
    assert page.count("<fieldset") >= 5
    assert "<legend>What do you release?</legend>" in page
    assert 'type="radio" name="released" value="library"' in page
    assert 'type="checkbox" name="deployment" value="network"' in page
    assert 'method="get"' in page
    assert "Your license" not in page


def test_anonymous_users_get_the_recommendation_and_are_asked_to_sign_in(client: Client) -> None:
    page = choose(client)
    assert "Apache-2.0" in page
    assert "You want an express patent grant" in page
    assert "MIT says nothing of patents" in page
    assert "Sign in to see your entity's legal review" in page
    assert "SPDX-License-Identifier: Apache-2.0" in page
    assert "/licenses/choose/LICENSE?license=Apache-2.0" in page
    assert "Open a merge request" not in page


def test_signed_in_users_see_their_entitys_legal_review(cast: Cast) -> None:
    LegalReview.objects.create(
        entity=cast.alice.entity,
        license_id="Apache-2.0",
        status="cleared_with_conditions",
        conditions="Keep the NOTICE file.",
    )
    page = choose(client_for(cast.alice))
    assert "Cleared with conditions" in page
    assert "Keep the NOTICE file." in page
    assert "Not reviewed" in page  # MIT, for one
    assert "Sign in to see" not in page
    assert "SPDX-FileCopyrightText: " in page
    assert str(cast.alice.entity) in page


def test_the_published_packages_are_the_candidates(cast: Cast) -> None:
    package = LicensePackage.objects.create(slug="permissive", name="Permissive", purpose="x")
    version = PackageVersion.objects.create(package=package, number=1, status="published")
    PackageLicense.objects.create(version=version, license_id="MIT", rationale="r", position=0)
    PackageLicense.objects.create(
        version=version, license_id="BSD-2-Clause", rationale="r", position=1
    )
    draft = PackageVersion.objects.create(package=package, number=2, status="draft")
    PackageLicense.objects.create(version=draft, license_id="Apache-2.0", rationale="r")

    page = choose(Client(), patents="no")

    assert "It is in the recommended package Permissive." in page
    assert 'href="/licenses/Apache-2.0/"' not in page
    assert "BSD-2-Clause suits your answers as well as MIT" in page


def test_an_included_gpl_component_is_shown_as_the_conflict(client: Client) -> None:
    page = choose(client, released="application", included="GPL-3.0-only\n")
    assert "GPL-3.0-only rules out" in page
    assert "SPDX-License-Identifier: GPL-3.0-only" in page


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"released": "spaceship"}, "Select a valid choice"),
        ({"included": "not a license at all"}, "is not an SPDX license expression"),
        ({"included": "MIT\n" * 21}, "Give at most 20 licenses"),
        ({"copyleft": ""}, "This field is required"),
        ({"holder": "UNICEF\nSPDX-License-Identifier: GPL-3.0-only"}, "on one line"),
        ({"holder": "UNICEF\rWHO"}, "on one line"),
        ({"holder": "UNICEF\tWHO"}, "without tabs"),
    ],
)
def test_bad_answers_get_a_clear_message(
    client: Client, answers: dict[str, str], message: str
) -> None:
    response = client.get(f"/licenses/choose/?{urlencode({**LIBRARY, **answers})}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Your license" not in response.content.decode()


def test_the_license_file_downloads_as_text(client: Client) -> None:
    response = client.get("/licenses/choose/LICENSE?license=mit")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="LICENSE"'
    assert "Permission is hereby granted" in response.content.decode()


@pytest.mark.parametrize(("query", "status"), [("", 400), ("?license=Nope-9", 404)])
def test_a_license_file_that_does_not_exist_says_so(
    client: Client, query: str, status: int
) -> None:
    response = client.get(f"/licenses/choose/LICENSE{query}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/plain")


# The merge request -------------------------------------------------------------------------


@pytest.fixture
def memory(monkeypatch: pytest.MonkeyPatch) -> MemoryForge:
    forge = MemoryForge()
    monkeypatch.setattr("osunited.licensing.services.chooser.page_adapter", lambda f: forge)
    return forge


@pytest.fixture
def hosted(cast: Cast, memory: MemoryForge) -> HostedRepository:
    forge: Forge = forge_save(
        actor=cast.heidi,
        name="UN GitLab",
        kind="gitlab",
        base_url="https://gitlab.example.org",
        token="glpat-secret-token-1234",
        hosting_team=["hosting-team"],
    )
    namespace = namespace_set(
        actor=cast.heidi, entity=cast.alice.entity, forge=forge, path="unicef/ospo"
    )
    remote = memory.add_repository("unicef/ospo/field-survey", files={"README.md": b"#"})
    project = ProjectFactory(
        name="Field survey", entity=cast.alice.entity, focal_points=[cast.alice]
    )
    return HostedRepository.objects.create(
        project=project,
        namespace=namespace,
        path="field-survey",
        state=HostingState.READY,
        remote_id=remote.id,
    )


def test_a_focal_point_opens_a_merge_request_adding_the_license(
    cast: Cast, hosted: HostedRepository, memory: MemoryForge
) -> None:
    client = client_for(cast.alice)
    page = choose(client)
    assert "Open a merge request adding LICENSE" in page
    assert str(hosted) in page

    back = f"/licenses/choose/?{urlencode(LIBRARY)}"
    response = client.post(
        "/licenses/choose/merge-request/",
        {"repository": hosted.pk, "license": "Apache-2.0", "next": back},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == back
    assert "The merge request adding the LICENSE is open" in response.content.decode()
    remote = memory.repository("unicef/ospo/field-survey")
    (opened,) = remote.merge_requests_opened
    assert opened[1:3] == ("osu/license-apache-2.0", "main")
    branch = remote.branches["osu/license-apache-2.0"]
    assert set(branch) == {"README.md", "LICENSE"}
    assert b"Apache License" in branch["LICENSE"]
    event = AuditEvent.objects.get(action="licensing.license_merge_request_opened")
    assert event.changes["license"] == "Apache-2.0"
    assert event.actor == cast.alice


def test_a_forge_error_is_a_message_and_records_nothing(
    cast: Cast, hosted: HostedRepository, memory: MemoryForge
) -> None:
    memory.fail_next("propose_change", ForgeUnavailable("GitLab answered 503."))
    response = client_for(cast.alice).post(
        "/licenses/choose/merge-request/",
        {"repository": hosted.pk, "license": "MIT"},
        follow=True,
    )
    page = response.content.decode()
    assert "The forge did not open the merge request: GitLab answered 503." in page
    assert not AuditEvent.objects.filter(action="licensing.license_merge_request_opened").exists()
    assert memory.repository("unicef/ospo/field-survey").merge_requests_opened == []


def test_someone_elses_repository_is_refused(
    cast: Cast, hosted: HostedRepository, memory: MemoryForge
) -> None:
    other = ProjectFactory(name="Other", entity=cast.alice.entity, focal_points=[cast.bob])
    theirs = HostedRepository.objects.create(
        project=other,
        namespace=hosted.namespace,
        path="other",
        state=HostingState.READY,
        remote_id=memory.add_repository("unicef/ospo/other", files={"a": b"a"}).id,
    )
    response = client_for(cast.alice).post(
        "/licenses/choose/merge-request/", {"repository": theirs.pk, "license": "MIT"}, follow=True
    )
    assert "Choose one of your project" in response.content.decode()
    assert memory.calls["propose_change"] == 0
    assert not AuditEvent.objects.filter(action="licensing.license_merge_request_opened").exists()


def test_an_unknown_license_is_refused_before_the_forge_is_called(
    cast: Cast, hosted: HostedRepository, memory: MemoryForge
) -> None:
    response = client_for(cast.alice).post(
        "/licenses/choose/merge-request/",
        {"repository": hosted.pk, "license": "Nope-9"},
        follow=True,
    )
    assert "The platform has no text of the license Nope-9." in response.content.decode()
    assert memory.calls["propose_change"] == 0


def test_a_forge_token_the_platform_cannot_read_is_a_message_and_records_nothing(
    cast: Cast, hosted: HostedRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real adapter factory: the token was encrypted with a key the platform no longer has.
    monkeypatch.setattr("osunited.licensing.services.chooser.page_adapter", page_adapter)
    Forge.objects.update(token_encrypted=b"encrypted-with-a-retired-key")
    response = client_for(cast.alice).post(
        "/licenses/choose/merge-request/", {"repository": hosted.pk, "license": "MIT"}, follow=True
    )
    assert response.status_code == 200
    assert "The platform cannot reach this forge now" in response.content.decode()
    assert not AuditEvent.objects.filter(action="licensing.license_merge_request_opened").exists()


def test_the_result_reads_the_entitys_reviews_in_one_query_however_many_licenses(
    cast: Cast,
) -> None:
    package = LicensePackage.objects.create(slug="permissive", name="Permissive", purpose="x")
    version = PackageVersion.objects.create(package=package, number=1, status="published")
    client = client_for(cast.alice)

    def queries_with(license_ids: list[str]) -> int:
        for position, license_id in enumerate(license_ids):
            PackageLicense.objects.create(
                version=version, license_id=license_id, rationale="r", position=position
            )
        with CaptureQueriesContext(connection) as captured:
            assert "Your entity's legal review" in choose(client)
        return len(captured.captured_queries)

    few = queries_with(["MIT", "Apache-2.0"])
    many = queries_with(["BSD-2-Clause", "BSD-3-Clause", "ISC", "0BSD", "Zlib", "MIT-0"])
    assert many == few
