"""Repositories provisioned on approval, made public on release and archived at sunset, on the
entity's forge (CPF 4.3.4, 4.3.5, 4.4.8); idempotent, with failures shown and retried."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project
from osunited.catalog.services.transitions import project_transition
from osunited.catalog.workflow import ProjectStatus, TransitionNotAllowed
from osunited.forges import provisioning
from osunited.forges.adapters import AccessLevel, ForgeUnavailable, Visibility
from osunited.forges.models import Forge, ForgeNamespace, HostedRepository, HostingState
from osunited.forges.services import connection_of, forge_save, namespace_set
from tests.conftest import Cast
from tests.factories import ProjectFactory
from tests.forges.fake_gitlab import FakeGitLab
from tests.forges.memory_forge import MemoryForge

pytestmark = pytest.mark.django_db


def internal_project(
    cast: Cast, *, status: str = ProjectStatus.APPROVED, **fields: object
) -> Project:
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for name, content in {
            "survey/README.md": b"# Survey\n",
            "survey/app.py": b"print(1)\n",
            "survey/LICENSE": b"SPDX-License-Identifier: Apache-2.0\n",
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    project = ProjectFactory(
        name="Field Survey",
        slug="field-survey",
        entity=cast.alice.entity,
        hosting="internal",
        status=status,
        focal_points=[cast.alice, cast.carol],
        **fields,
    )
    project.source_archive.save("survey.tar.gz", ContentFile(archive.getvalue()))
    return project


def provision(project: Project, memory: MemoryForge) -> list[HostedRepository]:
    return provisioning.repositories_provision(
        project_id=project.pk, adapter_factory=lambda forge: memory
    )


def test_approval_creates_a_private_protected_repository_with_the_source_and_a_ci_scan(
    cast: Cast, forge: Forge, forge_memory: MemoryForge
) -> None:
    [hosted] = provision(internal_project(cast), forge_memory)

    assert (hosted.state, hosted.last_error) == (HostingState.READY, "")
    remote = forge_memory.repository("unicef/ospo/field-survey")
    assert remote.visibility == Visibility.PRIVATE
    files = remote.files()
    assert files["README.md"] == b"# Survey\n"
    assert files["app.py"] == b"print(1)\n"
    assert b"osu scan" in files[".gitlab-ci.yml"]
    settings = forge_memory.repository_settings(remote.id)
    [protection] = settings.protections
    assert (protection.branch, protection.allow_force_push) == ("main", False)
    assert settings.merge is not None
    assert settings.merge.reset_approvals_on_push
    assert not settings.merge.author_can_approve
    assert not settings.merge.committers_can_approve
    [rule] = settings.merge.approval_rules
    assert rule.usernames == ("alice",)
    maintainers = {m.username for m in settings.members if m.access == AccessLevel.MAINTAINER}
    assert maintainers == {"alice"}  # carol, the external focal point, is not a maintainer
    assert hosted.web_url
    assert hosted.remote_id == remote.id


def test_a_retried_provisioning_converges_and_never_duplicates(
    cast: Cast, forge: Forge, forge_memory: MemoryForge
) -> None:
    project = internal_project(cast)
    forge_memory.fail_next("protect_branch", ForgeUnavailable("GitLab answered 503."))

    with pytest.raises(ForgeUnavailable):
        provision(project, forge_memory)
    hosted = HostedRepository.objects.get(project=project)
    assert hosted.state == HostingState.FAILED
    assert hosted.last_error == "GitLab answered 503."
    assert hosted.steps_done == ["repository", "first_commit"]

    [hosted] = provision(project, forge_memory)

    assert hosted.state == HostingState.READY
    assert hosted.attempts == 2
    assert len(forge_memory.repositories) == 1
    assert forge_memory.calls["create_repository"] == 1
    assert forge_memory.calls["commit_files"] == 1
    provision(project, forge_memory)  # a third run finds everything done
    assert forge_memory.calls["create_repository"] == 1


def test_a_repository_created_just_before_a_crash_is_taken_over_not_duplicated(
    cast: Cast, forge: Forge, forge_memory: MemoryForge
) -> None:
    forge_memory.add_repository("unicef/ospo/field-survey")  # empty and private

    [hosted] = provision(internal_project(cast), forge_memory)

    assert hosted.state == HostingState.READY
    assert forge_memory.calls["create_repository"] == 0
    assert len(forge_memory.repositories) == 1


def test_a_repository_of_someone_else_at_that_path_fails_with_the_reason(
    cast: Cast, forge: Forge, forge_memory: MemoryForge
) -> None:
    forge_memory.add_repository("unicef/ospo/field-survey", files={"main.c": b"int main;"})

    [hosted] = provision(internal_project(cast), forge_memory)

    assert hosted.state == HostingState.FAILED
    assert "already exists on the forge" in hosted.last_error
    assert forge_memory.repository("unicef/ospo/field-survey").files() == {"main.c": b"int main;"}


def test_without_approval_rules_on_the_tier_it_is_provisioned_with_a_note(
    cast: Cast, forge: Forge
) -> None:
    free_tier = MemoryForge(approval_rules=False)
    free_tier.add_namespace("unicef/ospo")
    free_tier.add_user("alice")

    [hosted] = provision(internal_project(cast), free_tier)

    assert hosted.state == HostingState.READY
    [note] = hosted.notes
    assert "approval rules are not available" in note


def test_release_makes_it_public_and_sunset_archives_it(
    cast: Cast, forge: Forge, forge_memory: MemoryForge
) -> None:
    project = internal_project(cast)
    provision(project, forge_memory)

    provisioning.repositories_publish(project_id=project.pk, adapter_factory=lambda f: forge_memory)
    provisioning.repositories_archive(project_id=project.pk, adapter_factory=lambda f: forge_memory)

    remote = forge_memory.repository("unicef/ospo/field-survey")
    assert (remote.visibility, remote.archived) == (Visibility.PUBLIC, True)
    hosted = HostedRepository.objects.get(project=project)
    assert (hosted.public, hosted.archived) == (True, True)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"forge.repository_provisioned", "forge.repository_published"} <= actions
    assert "forge.repository_archived" in actions


def test_approval_provisions_through_the_worker_with_the_stored_token(
    cast: Cast,
    forge: Forge,
    forge_memory: MemoryForge,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:
    connections = []
    monkeypatch.setattr(
        provisioning, "adapter_for", lambda c: connections.append(c) or forge_memory
    )
    project = internal_project(cast)

    with django_capture_on_commit_callbacks(execute=True):
        provisioning.hosting_after_transition(project, ProjectStatus.APPROVED)

    assert HostedRepository.objects.get(project=project).state == HostingState.READY
    assert [(c.kind, c.token) for c in connections] == [("gitlab", "glpat-secret-token-1234")]


def test_the_committees_release_makes_the_repository_public(
    cast: Cast,
    forge: Forge,
    forge_memory: MemoryForge,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:
    monkeypatch.setattr(provisioning, "adapter_for", lambda c: forge_memory)
    project = internal_project(cast)
    provision(project, forge_memory)

    with pytest.raises(TransitionNotAllowed, match="the Project Review Committee decides"):
        project_transition(project=project, action="publish", user=cast.alice, comment="Now.")
    assert forge_memory.repository("unicef/ospo/field-survey").visibility == Visibility.PRIVATE

    with django_capture_on_commit_callbacks(execute=True):
        project_transition(
            project=project, action="publish", user=cast.bob, comment="Release approved."
        )

    assert forge_memory.repository("unicef/ospo/field-survey").visibility == Visibility.PUBLIC


def test_external_projects_get_no_repository(cast: Cast, forge: Forge, forge_memory) -> None:
    project = internal_project(cast)
    Project.objects.filter(pk=project.pk).update(hosting="external")
    project.refresh_from_db()

    provisioning.hosting_after_transition(project, ProjectStatus.APPROVED)

    assert not HostedRepository.objects.exists()


def test_an_entity_without_a_namespace_waits_and_says_so(
    cast: Cast, forge: Forge, forge_memory: MemoryForge
) -> None:
    ForgeNamespace.objects.all().delete()

    assert provision(internal_project(cast), forge_memory) == []
    assert AuditEvent.objects.filter(action="forge.provision_waiting").exists()


def test_the_token_is_kept_encrypted_and_never_audited(cast: Cast, forge: Forge) -> None:
    stored = bytes(Forge.objects.get().token_encrypted)

    assert b"glpat-secret-token-1234" not in stored
    assert forge.token_hint == "1234"
    events = AuditEvent.objects.filter(action__startswith="forge.")
    assert events.exists()
    assert all("glpat-secret" not in str(event.changes) for event in events)
    assert connection_of(forge).token == "glpat-secret-token-1234"
    assert "glpat" not in repr(connection_of(forge))


def test_a_focal_point_not_yet_on_the_forge_is_named_and_the_rest_is_done(
    cast: Cast, forge: Forge
) -> None:
    memory = MemoryForge()
    memory.add_namespace("unicef/ospo")

    [hosted] = provision(internal_project(cast), memory)

    assert hosted.state == HostingState.READY
    assert hosted.notes == [
        "Not yet on the forge, to be made maintainers when they first sign in: alice."
    ]


def test_a_microservices_project_gets_one_repository_per_component_provisioned_the_same_way(
    cast: Cast,
    forge: Forge,
    forge_memory: MemoryForge,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:
    monkeypatch.setattr(provisioning, "adapter_for", lambda c: forge_memory)
    project = internal_project(cast)
    provision(project, forge_memory)

    with django_capture_on_commit_callbacks(execute=True):
        provisioning.repository_component_add(
            actor=cast.heidi, project=project, component="Gateway API"
        )

    api = forge_memory.repository("unicef/ospo/field-survey-gateway-api")
    assert set(api.files()) == {".gitlab-ci.yml"}  # the uploaded source stays in the main one
    assert api.protections["main"].allow_force_push is False
    states = dict(HostedRepository.objects.values_list("component", "state"))
    assert states == {"": HostingState.READY, "gateway-api": HostingState.READY}


@pytest.mark.parametrize("component", ["", "!!!", "gateway"])
def test_a_component_without_a_name_or_twice_is_refused(
    cast: Cast, forge: Forge, forge_memory: MemoryForge, component: str
) -> None:
    project = internal_project(cast, status=ProjectStatus.IN_REVIEW)
    provisioning.repository_component_add(actor=cast.heidi, project=project, component="gateway")

    with pytest.raises(ValidationError):
        provisioning.repository_component_add(
            actor=cast.heidi, project=project, component=component
        )
    assert HostedRepository.objects.count() == 1  # not provisioned before approval


def test_provisioning_through_gitlab_audits_every_call_that_changes_the_forge(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    with FakeGitLab() as server:
        server.add_group("unicef/ospo")
        server.add_user("alice")
        configured = forge_save(
            actor=cast.heidi,
            name="UN GitLab",
            kind="gitlab",
            base_url=server.url,
            token=server.token,
            hosting_team=[],
        )
        namespace_set(actor=cast.heidi, entity=cast.unicef, forge=configured, path="unicef/ospo")

        [hosted] = provisioning.repositories_provision(project_id=internal_project(cast).pk)

    assert (hosted.state, hosted.last_error) == (HostingState.READY, "")
    calls = AuditEvent.objects.filter(action="forge.api_call").order_by("pk")
    methods = [(c.changes["method"], c.changes["path"].split("?")[0]) for c in calls]
    assert ("POST", "/api/v4/projects") in methods
    assert all(method != "GET" for method, _path in methods)
    assert all(server.token not in str(c.changes) for c in calls)
    assert all(c.changes["status"] < 400 for c in calls)
