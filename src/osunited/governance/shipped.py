"""Working groups as data: data/working-groups.yaml, read and checked (slugs unique, known statuses
and roles, guidelines that are items of the framework the file names). The export at
/ossib/working-groups.yaml has the same shape, with members, meetings and outputs, and reads
back through `parse_groups`. A group's name, mission and charter in other languages come from the
sidecars beside the file (`GROUP_TEXTS`, docs/translations.md) while the group keeps the shipped
English."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator, model_validator

from osunited.accounts.models import GrantedRole
from osunited.framework import FrameworkError, load_framework
from osunited.governance.models import OutputKind, WorkingGroupRole, WorkingGroupStatus
from osunited.texts import DataTexts

DATA_FILE = Path(__file__).parent / "data" / "working-groups.yaml"
FRAMEWORK_ID = "cpf-rc1"
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# The platform roles a group may hand its members: chairs accept members, so never a role that
# votes on the Board, reviews projects, runs the secretariat or speaks for an entity.
GROUP_ROLES = (GrantedRole.LICENSING_GROUP, GrantedRole.CAPACITY_TEAM)


def unknown_guidelines(ids: Sequence[str], framework_id: str = FRAMEWORK_ID) -> list[str]:
    """The ids among `ids` that are no item of the framework (G1, C2, P4.1 are)."""
    known = set(load_framework(framework_id).item_ids)
    return [item_id for item_id in ids if item_id not in known]


def _choice(value: str, choices: list[str], what: str) -> str:
    if value not in choices:
        raise ValueError(f"unknown {what} {value!r}; known: {', '.join(choices)}")
    return value


class GroupMemberEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    entity: str = ""
    role: str
    joined: date

    @field_validator("role")
    @classmethod
    def _known_role(cls, role: str) -> str:
        return _choice(role, WorkingGroupRole.values, "member role")


class GroupMeetingEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    starts: datetime
    ends: datetime
    location: str = ""
    url: str = ""


class GroupOutputEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    title: Text
    summary: str = ""
    url: str = ""
    guidelines: tuple[str, ...] = ()
    published: date

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        return _choice(kind, OutputKind.values, "output kind")


class GroupEntry(BaseModel):
    """One working group; the shipped file leaves members, meetings and outputs out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Slug
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    mission: Text
    charter: str = ""
    status: str
    cpf_section: Annotated[str, StringConstraints(max_length=20)] = ""
    guidelines: tuple[str, ...] = ()
    contact: Annotated[str, StringConstraints(max_length=200)] = ""
    grants_role: str = ""
    members: tuple[GroupMemberEntry, ...] = ()
    meetings: tuple[GroupMeetingEntry, ...] = ()
    outputs: tuple[GroupOutputEntry, ...] = ()

    @field_validator("status")
    @classmethod
    def _known_status(cls, status: str) -> str:
        return _choice(status, WorkingGroupStatus.values, "status")

    @field_validator("grants_role")
    @classmethod
    def _known_role(cls, role: str) -> str:
        return role and _choice(role, [str(granted) for granted in GROUP_ROLES], "role")

    def shipped_fields(self) -> dict[str, Any]:
        """The WorkingGroup fields the data file decides."""
        return {
            "name": self.name,
            "mission": self.mission,
            "charter": self.charter,
            "cpf_section": self.cpf_section,
            "guidelines": list(self.guidelines),
            "contact": self.contact,
            "grants_role": self.grants_role,
        }


class GroupsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    framework: str
    working_groups: tuple[GroupEntry, ...]

    @model_validator(mode="after")
    def _consistent(self) -> GroupsFile:
        slugs = [group.slug for group in self.working_groups]
        repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if repeated:
            raise ValueError(f"working groups listed twice: {', '.join(repeated)}")
        try:
            for group in self.working_groups:
                cited = [*group.guidelines, *(i for out in group.outputs for i in out.guidelines)]
                unknown = unknown_guidelines(cited, self.framework)
                if unknown:
                    raise ValueError(
                        f"{group.slug}: no guideline {', '.join(unknown)} in {self.framework}"
                    )
        except FrameworkError as error:
            raise ValueError(str(error)) from error
        return self


def parse_groups(text: str) -> GroupsFile:
    """A working-groups file (the shipped one or an export). Raises ValueError (pydantic's
    ValidationError is one) with what is wrong."""
    return GroupsFile.model_validate(yaml.safe_load(text))


@cache
def shipped_groups() -> GroupsFile:
    return parse_groups(DATA_FILE.read_text(encoding="utf-8"))


def group_key(slug: str, field: str) -> str:
    """The key of a working group's text (`name`, `mission`, `charter`) in the sidecars."""
    return f"working_groups[{slug}].{field}"


def _group_texts() -> dict[str, str]:
    return {
        group_key(group.slug, field): getattr(group, field)
        for group in shipped_groups().working_groups
        for field in ("name", "mission", "charter")
    }


GROUP_TEXTS = DataTexts(DATA_FILE, _group_texts)


@cache
def _governance_leaves() -> frozenset[tuple[str, str]]:
    # Read from disk once per process: post_migrate also follows every test's flush.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.leaf_nodes("governance"))


def sync_shipped_groups(sender: object, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate: the shipped working groups, once the governance tables are all there."""
    if using != DEFAULT_DB_ALIAS:
        return
    applied = MigrationRecorder(connections[using]).applied_migrations()
    if not _governance_leaves() <= applied.keys():
        return
    from osunited.governance.services.groups import groups_sync

    groups_sync()
