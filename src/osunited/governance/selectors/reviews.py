"""Reading framework reviews (CPF 4.1.1): proposals, the versions the Board adopted, and the
framework lines they form (a shipped framework and the versions amended from it)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from osunited import framework as fw
from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.roles import Role, roles_of
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity
from osunited.governance.models import (
    FrameworkReviewProposal,
    FrameworkVersion,
    ProposalChange,
)
from osunited.governance.selectors.board import seat_of

PROPOSER_ROLES = frozenset(
    {Role.OSSIB_MEMBER, Role.BOARD_SECRETARIAT, Role.ENTITY_REPRESENTATIVE, Role.PLATFORM_ADMIN}
)


class AdoptedVersions(Mapping[str, str]):
    """The framework engine's source of the versions the Board adopted: id -> YAML, read from the
    database at each use (one query), oldest first."""

    def __getitem__(self, framework_id: str) -> str:
        document = (
            FrameworkVersion.objects.filter(framework_id=framework_id)
            .values_list("document", flat=True)
            .first()
        )
        if document is None:
            raise KeyError(framework_id)
        return document

    def __iter__(self) -> Iterator[str]:
        ids = FrameworkVersion.objects.order_by("published_at", "pk")
        return iter(list(ids.values_list("framework_id", flat=True)))

    def __len__(self) -> int:
        return FrameworkVersion.objects.count()


def adopted_versions() -> Mapping[str, str]:
    return AdoptedVersions()


def may_propose(user: Viewer) -> bool:
    """Board members, the secretariat, entity representatives and admins propose changes."""
    return bool(roles_of(user) & PROPOSER_ROLES)


def may_run_votes(user: Viewer) -> bool:
    return bool(roles_of(user) & {Role.BOARD_SECRETARIAT, Role.PLATFORM_ADMIN})


def proposer_entity(user: Viewer) -> Entity | None:
    """The entity a proposal comes from: the proposer's seat, else an entity they represent."""
    seat = seat_of(user)
    if seat is not None or not user.is_authenticated:
        return seat
    grant = (
        RoleGrant.objects.filter(
            user=user, role=GrantedRole.ENTITY_REPRESENTATIVE, entity__isnull=False
        )
        .select_related("entity")
        .order_by("entity__acronym")
        .first()
    )
    return grant.entity if grant is not None else None


def _parents() -> dict[str, str]:
    return dict(FrameworkVersion.objects.values_list("framework_id", "based_on"))


def _root(framework_id: str, parents: Mapping[str, str]) -> str:
    seen = set()
    while framework_id in parents and framework_id not in seen:
        seen.add(framework_id)
        framework_id = parents[framework_id]
    return framework_id


def framework_line(framework_id: str) -> str:
    """The shipped framework a version descends from (itself for a shipped one)."""
    return _root(framework_id, _parents())


def line_versions(root: str) -> list[str]:
    """The versions of one line, oldest first: the shipped file, then each adopted version."""
    parents = _parents()
    return [fid for fid in fw.available_frameworks() if _root(fid, parents) == root]


def latest_version(framework_id: str) -> str:
    """The newest version of `framework_id`'s line: what a new version amends."""
    versions = line_versions(framework_line(framework_id))
    return versions[-1] if versions else framework_id


def shipped_frameworks() -> list[fw.Framework]:
    """The frameworks shipped with the platform: the first version of each line."""
    adopted = set(FrameworkVersion.objects.values_list("framework_id", flat=True))
    return [fw.load_framework(fid) for fid in fw.available_frameworks() if fid not in adopted]


def current_frameworks() -> list[fw.Framework]:
    """The newest version of each line: the frameworks proposals change."""
    return [fw.load_framework(latest_version(root.id)) for root in shipped_frameworks()]


def proposal_list() -> QuerySet[FrameworkReviewProposal]:
    return FrameworkReviewProposal.objects.select_related(
        "entity", "proposed_by", "decision", "framework_version"
    )


def get_proposal(pk: int) -> FrameworkReviewProposal:
    """A proposal (all are public: the Board's reviews are open)."""
    return get_object_or_404(proposal_list(), pk=pk)


def version_list() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.prefetch_related("proposals__decision").order_by(
        "-published_at", "-pk"
    )


def get_version(framework_id: str) -> FrameworkVersion | None:
    """The adopted version of a known framework, None for a shipped one."""
    return FrameworkVersion.objects.filter(framework_id=framework_id).first()


def newer_version_for(framework_id: str) -> fw.Framework | None:
    """The newest version of the line when `framework_id` is not it (the carry-forward offer)."""
    newest = latest_version(framework_id)
    return fw.load_framework(newest) if newest != framework_id else None


# -- comparing: a proposal with the wording in force, a version with the one it amends --------


@dataclass(frozen=True)
class Segment:
    """A run of words of a compared text: kept, removed or added."""

    kind: str  # "same", "removed", "added"
    text: str


def word_diff(before: str, after: str) -> list[Segment]:
    """The words of `before` and `after` in order, marked kept, removed or added."""
    old, new = before.split(), after.split()
    segments = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", " ".join(new[j1:j2])))
    return segments


@dataclass(frozen=True)
class ComparedRow:
    label: str
    current: str
    proposed: str
    diff: list[Segment]

    @property
    def changed(self) -> bool:
        return self.current != self.proposed


STAGE_WORDS: dict[str, Any] = {
    "optional": _("Optional"),
    "recommended": _("Recommended"),
    "required": _("Required"),
    "partial": _("Partial commitment"),
    "full": _("Full commitment"),
    "none": _("No commitment expected"),
}


def _stage_word(value: str | None) -> str:
    return str(STAGE_WORDS.get(value or "none", value))


def proposal_item(proposal: FrameworkReviewProposal) -> fw.Item | None:
    """The item as the version the proposal was made against says it (None if it is gone)."""
    try:
        return fw.load_framework(proposal.framework_id).item(proposal.item_id)
    except (fw.FrameworkError, KeyError):
        return None


def proposal_rows(proposal: FrameworkReviewProposal, item: fw.Item) -> list[ComparedRow]:
    """The item's wording, action and per-stage values, current beside proposed."""
    text, action = item.text, item.action
    if proposal.change == ProposalChange.TEXT:
        text = proposal.proposed_text
    if proposal.change == ProposalChange.ACTION:
        action = proposal.proposed_text
    rows = [
        ComparedRow(str(_("Wording")), item.text, text, word_diff(item.text, text)),
        ComparedRow(
            str(_("Suggested action")), item.action, action, word_diff(item.action, action)
        ),
    ]
    current = [c.value if c else None for c in item.commitments] or [v.value for v in item.levels]
    proposed = (
        list(proposal.proposed_levels) if proposal.change == ProposalChange.LEVELS else current
    )
    for stage, (old, new) in enumerate(zip(current, proposed, strict=False), start=1):
        label = str(_("Stage %(stage)d") % {"stage": stage})
        rows.append(ComparedRow(label, _stage_word(old), _stage_word(new), []))
    return rows


@dataclass(frozen=True)
class VersionChange:
    change: fw.Change
    diff: list[Segment]

    @property
    def what(self) -> str:
        return str(CHANGE_WORDS[self.change.field])


CHANGE_WORDS: dict[fw.ChangeField, Any] = {
    fw.ChangeField.TEXT: _("Wording"),
    fw.ChangeField.ACTION: _("Suggested action"),
    fw.ChangeField.LEVELS: _("Expected level by stage"),
    fw.ChangeField.COMMITMENTS: _("Expected commitment by stage"),
}


def version_changes(framework: fw.Framework) -> list[VersionChange]:
    """What changed from the version `framework` amends, compared item by item."""
    if not framework.based_on:
        return []
    base = fw.load_framework(framework.based_on)
    changes = []
    for change in fw.compare_frameworks(base, framework):
        shown = replace(
            change, before=_shown(change, change.before), after=_shown(change, change.after)
        )
        changes.append(VersionChange(shown, word_diff(shown.before, shown.after)))
    return changes


def _shown(change: fw.Change, value: str) -> str:
    if change.field in (fw.ChangeField.LEVELS, fw.ChangeField.COMMITMENTS):
        return ", ".join(_stage_word(part.strip()) for part in value.split(","))
    return value
