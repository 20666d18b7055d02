"""Working groups as data: the shipped file is valid against the framework, a wrong guideline
fails loudly, and the sync after migrate is idempotent and never touches members or outputs."""

import pytest
from pydantic import ValidationError

from osunited.audit.models import AuditEvent
from osunited.governance.models import (
    WorkingGroup,
    WorkingGroupMember,
    WorkingGroupOutput,
    WorkingGroupStatus,
)
from osunited.governance.services.groups import SyncResult, groups_sync
from osunited.governance.shipped import DATA_FILE, parse_groups, shipped_groups
from tests.conftest import Cast


def test_the_shipped_file_names_the_licensing_working_group_of_cpf_4_2() -> None:
    groups = {group.slug: group for group in shipped_groups().working_groups}

    licensing = groups["licensing"]
    assert licensing.name == "Open Source Licensing Working Group"
    assert licensing.cpf_section == "4.2"
    assert licensing.grants_role == "licensing_group"
    assert set(licensing.guidelines) >= {"C1", "C2", "C3", "C4"}
    assert "preferred set of open source licenses" in licensing.mission
    assert licensing.contact == ""  # the CPF states none
    assert list(groups) == ["licensing"]  # the sources name no other group


def test_an_unknown_guideline_in_the_file_fails_loudly() -> None:
    text = DATA_FILE.read_text(encoding="utf-8").replace("P4.1]", "P4.1, G99]")

    with pytest.raises(ValidationError, match="licensing: no guideline G99 in cpf-rc1"):
        parse_groups(text)


@pytest.mark.django_db  # adopted framework versions are read from the database
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("status: active", "status: sleeping", "unknown status 'sleeping'"),
        ("grants_role: licensing_group", "grants_role: ossib_member", "unknown role"),
        ("framework: cpf-rc1", "framework: cpf-0", "Unknown framework 'cpf-0'"),
    ],
)
def test_a_wrong_value_in_the_file_is_named(old: str, new: str, message: str) -> None:
    text = DATA_FILE.read_text(encoding="utf-8").replace(old, new)

    with pytest.raises(ValidationError, match=message):
        parse_groups(text)


def test_a_slug_listed_twice_is_refused() -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    entry = text[text.index("  - slug: licensing") :]

    with pytest.raises(ValidationError, match="listed twice: licensing"):
        parse_groups(text + entry)


@pytest.mark.django_db
def test_migrate_has_synced_the_shipped_groups() -> None:
    group = WorkingGroup.objects.get(slug="licensing")

    assert group.shipped
    assert group.status == WorkingGroupStatus.ACTIVE
    assert group.guidelines == ["C1", "C2", "C3", "C4", "P4.1"]


def test_the_sync_is_idempotent_and_keeps_members_outputs_and_status(cast: Cast) -> None:
    group = WorkingGroup.objects.get(slug="licensing")
    WorkingGroupMember.objects.create(group=group, user=cast.alice, entity=cast.unicef)
    WorkingGroupOutput.objects.create(group=group, kind="document", title="License package")
    WorkingGroup.objects.filter(pk=group.pk).update(
        mission="Edited by hand", status=WorkingGroupStatus.ARCHIVED
    )

    first = groups_sync()
    events = AuditEvent.objects.filter(action="working_group.synced").count()
    second = groups_sync()

    group.refresh_from_db()
    assert first == SyncResult(created=(), updated=("licensing",))
    assert second == SyncResult(created=(), updated=())
    assert AuditEvent.objects.filter(action="working_group.synced").count() == events
    assert group.mission.startswith("A unified approach to open source licensing")
    assert group.status == WorkingGroupStatus.ARCHIVED  # the Board's decision stays
    assert group.members.get().user == cast.alice
    assert group.outputs.get().title == "License package"


@pytest.mark.django_db
def test_the_sync_creates_a_missing_group_again() -> None:
    WorkingGroup.objects.filter(slug="licensing").delete()

    result = groups_sync()

    assert result.created == ("licensing",)
    assert WorkingGroup.objects.get(slug="licensing").grants_role == "licensing_group"
