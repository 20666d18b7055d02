"""The nightly CH1-CH12 audit on the platform: facts only the platform knows joined to what the
forge shows, kept as a report, and suggested in the entity's self-assessment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from osunited.assessments.selectors import suggestions_for
from osunited.forges import auditing, provisioning
from osunited.forges.adapters import AccessLevel, ForgeActivity, ForgeUnavailable
from osunited.forges.models import (
    BackupAttestation,
    Forge,
    ForgeAudit,
    ForgeNamespace,
    HostedRepository,
)
from osunited.forges.services import forge_account_for
from tests.conftest import Cast
from tests.forges.memory_forge import MemoryForge
from tests.forges.test_provisioning import internal_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def provisioned(cast: Cast, forge: Forge, forge_memory: MemoryForge) -> ForgeNamespace:
    project = internal_project(cast)
    provisioning.repositories_provision(
        project_id=project.pk, adapter_factory=lambda f: forge_memory
    )
    return ForgeNamespace.objects.select_related("forge").get()


def guideline(run: ForgeAudit, guideline_id: str) -> dict:
    [repository] = run.report["repositories"]
    return next(g for g in repository["guidelines"] if g["id"] == guideline_id)


def test_a_provisioned_repository_meets_the_guidelines_the_platform_set_up(
    cast: Cast,
    provisioned: ForgeNamespace,
    forge_memory: MemoryForge,
) -> None:
    BackupAttestation.objects.create(
        forge=provisioned.forge, attested_on=date.today(), attested_by=cast.heidi
    )

    run = auditing.namespace_audit_run(namespace_id=provisioned.pk, adapter=forge_memory)

    assert run.error == ""
    outcomes = {g["id"]: g["outcome"] for g in run.report["repositories"][0]["guidelines"]}
    for met in ("CH2", "CH3", "CH4", "CH5", "CH9", "CH10", "CH12"):
        assert outcomes[met] == "met", guideline(run, met)["reason"]
    assert len(outcomes) == 12


def test_a_non_staff_maintainer_fails_ch5_with_the_platforms_knowledge(
    cast: Cast,
    provisioned: ForgeNamespace,
    forge_memory: MemoryForge,
) -> None:
    carol = forge_account_for(forge=provisioned.forge, user=cast.carol).username
    forge_memory.repository("unicef/ospo/field-survey").members[carol] = AccessLevel.MAINTAINER

    run = auditing.namespace_audit_run(namespace_id=provisioned.pk, adapter=forge_memory)

    ch5 = guideline(run, "CH5")
    assert ch5["outcome"] == "not_met"
    assert carol in ch5["reason"]


def test_an_unreachable_forge_keeps_the_reason_and_suggests_nothing(
    cast: Cast,
    provisioned: ForgeNamespace,
    forge_memory: MemoryForge,
) -> None:
    forge_memory.fail_next("namespace_settings", ForgeUnavailable("GitLab answered 503."))

    run = auditing.namespace_audit_run(namespace_id=provisioned.pk, adapter=forge_memory)

    assert run.error == "GitLab answered 503."
    assert run.report == {}
    assert auditing.guideline_shares(provisioned.entity) == []


def test_the_audit_is_suggested_in_the_entitys_self_assessment(
    cast: Cast,
    provisioned: ForgeNamespace,
    forge_memory: MemoryForge,
) -> None:
    auditing.namespace_audit_run(namespace_id=provisioned.pk, adapter=forge_memory)

    suggestions = suggestions_for(provisioned.entity)

    assert suggestions["CH12"].rating == "full"
    assert suggestions["CH12"].provenance.startswith("1 of 1 repositories in unicef/ospo met it")
    assert "CH9" not in suggestions or suggestions["CH9"].rating != "full"


def test_the_nightly_task_audits_every_namespace(
    provisioned: ForgeNamespace,
    forge_memory: MemoryForge,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from osunited.forges import tasks

    monkeypatch.setattr(auditing, "adapter_for", lambda connection: forge_memory)

    assert tasks.audit_namespaces.delay().get() == 1
    assert ForgeAudit.objects.filter(namespace=provisioned, error="").count() == 1


def test_the_audit_keeps_each_provisioned_repositorys_forge_activity(
    provisioned: ForgeNamespace, forge_memory: MemoryForge
) -> None:
    remote = forge_memory.repository("unicef/ospo/field-survey")
    remote.activity = ForgeActivity("", 7, 5, 3.5, 4, 2, 1)

    auditing.namespace_audit_run(namespace_id=provisioned.pk, adapter=forge_memory)

    activity = HostedRepository.objects.get().activity
    assert activity["merge_requests_opened"] == 7
    assert activity["median_first_response_hours"] == 3.5
    assert (activity["issues_opened"], activity["issues_closed"], activity["releases"]) == (4, 2, 1)
    assert activity["since"] == (date.today() - timedelta(days=90)).isoformat()


def test_the_platforms_own_account_counts_as_the_hosting_teams(
    provisioned: ForgeNamespace, forge_memory: MemoryForge
) -> None:
    # Seen on a fresh platform: "Owner or admin is held by osu-bot, not the hosting team", the
    # very account that provisions the repositories.
    forge_memory.namespaces["unicef/ospo"].members[forge_memory.acting_as] = AccessLevel.OWNER

    run = auditing.namespace_audit_run(namespace_id=provisioned.pk, adapter=forge_memory)

    assert guideline(run, "CH5")["outcome"] == "met", guideline(run, "CH5")["reason"]


def test_ch6_reads_the_recommended_licenses_the_licensing_group_published(
    cast: Cast, provisioned: ForgeNamespace
) -> None:
    from osunited.licensing.services.packages import (
        package_create,
        package_license_set,
        package_publish,
    )

    assert auditing.audit_facts_for(provisioned).recommended_licenses is None
    package = package_create(
        slug="eu", name="EU", purpose="European public sector.", actor=cast.heidi
    )
    package_license_set(package=package, license_id="EUPL-1.2", rationale="EU.", actor=cast.heidi)
    package_publish(package=package, changes="First.", actor=cast.heidi)

    assert auditing.audit_facts_for(provisioned).recommended_licenses == {"EUPL-1.2"}
