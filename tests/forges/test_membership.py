"""Membership reconciled from the platform (CH5, CH11): a plan first, then applied; a
maintainer who is not UN staff is flagged and removed on apply."""

from __future__ import annotations

import pytest

from osunited.audit.models import AuditEvent
from osunited.forges import provisioning
from osunited.forges.adapters import AccessLevel
from osunited.forges.membership import MembershipChange, membership_apply, membership_plan
from osunited.forges.models import Forge, HostedRepository
from osunited.forges.services import forge_account_for
from tests.conftest import Cast
from tests.forges.memory_forge import MemoryForge
from tests.forges.test_provisioning import internal_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosted(cast: Cast, forge: Forge, forge_memory: MemoryForge) -> HostedRepository:
    project = internal_project(cast)
    provisioning.repositories_provision(
        project_id=project.pk, adapter_factory=lambda f: forge_memory
    )
    return HostedRepository.objects.select_related("namespace__forge", "project").get()


def test_the_plan_flags_a_maintainer_who_is_not_un_staff_and_an_owner_outside_the_hosting_team(
    cast: Cast,
    hosted: HostedRepository,
    forge_memory: MemoryForge,
) -> None:
    carol = forge_account_for(forge=hosted.namespace.forge, user=cast.carol).username
    remote = forge_memory.repository("unicef/ospo/field-survey")
    forge_memory.add_user("mallory", "frank")
    remote.members.update(
        {
            carol: AccessLevel.MAINTAINER,
            "mallory": AccessLevel.OWNER,
            "frank": AccessLevel.DEVELOPER,
        }
    )

    plan = membership_plan(hosted, forge_memory)

    assert plan == [
        MembershipChange(carol, AccessLevel.MAINTAINER, None, "maintainers are UN staff only"),
        MembershipChange("mallory", AccessLevel.OWNER, None, "owners are the hosting team only"),
    ]
    assert remote.members[carol] == AccessLevel.MAINTAINER  # a plan changes nothing


def test_apply_removes_them_audits_each_change_and_leaves_a_clean_plan(
    cast: Cast,
    hosted: HostedRepository,
    forge_memory: MemoryForge,
) -> None:
    carol = forge_account_for(forge=hosted.namespace.forge, user=cast.carol).username
    remote = forge_memory.repository("unicef/ospo/field-survey")
    remote.members[carol] = AccessLevel.MAINTAINER
    remote.members.pop("alice")  # removed by hand on the forge

    applied = membership_apply(actor=cast.heidi, repository=hosted, adapter=forge_memory)

    assert [(c.username, c.wanted) for c in applied] == [
        ("alice", AccessLevel.MAINTAINER),
        (carol, None),
    ]
    assert carol not in remote.members
    assert remote.members["alice"] == AccessLevel.MAINTAINER
    assert AuditEvent.objects.filter(action="forge.member_changed").count() == 2
    assert membership_plan(hosted, forge_memory) == []


def test_an_inherited_owner_is_flagged_but_left_to_the_groups_owners(
    hosted: HostedRepository,
    forge_memory: MemoryForge,
) -> None:
    forge_memory.namespaces["unicef/ospo"].members["intruder"] = AccessLevel.OWNER
    forge_memory.add_user("intruder")

    [change] = membership_plan(hosted, forge_memory)

    assert (change.username, change.applicable) == ("intruder", False)
    assert membership_apply(actor=None, repository=hosted, adapter=forge_memory) == []
    assert forge_memory.namespaces["unicef/ospo"].members["intruder"] == AccessLevel.OWNER


def test_the_hosting_team_may_own(hosted: HostedRepository, forge_memory: MemoryForge) -> None:
    assert membership_plan(hosted, forge_memory) == []  # hosting-team owns unicef/ospo
