"""Reading framework reviews (CPF 4.1.1): proposals, the versions the Board adopted, and the
framework lines they form (a shipped framework and the versions amended from it)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from osunited import framework as fw
from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.roles import Role, roles_of
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity
from osunited.governance.models import FrameworkReviewProposal, FrameworkVersion
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


def current_frameworks() -> list[fw.Framework]:
    """The newest version of each line: the frameworks proposals change."""
    adopted = set(FrameworkVersion.objects.values_list("framework_id", flat=True))
    roots = [fid for fid in fw.available_frameworks() if fid not in adopted]
    return [fw.load_framework(latest_version(root)) for root in roots]


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
    """The adopted version, None for a shipped framework; 404 for an unknown id."""
    version = FrameworkVersion.objects.filter(framework_id=framework_id).first()
    if version is None and framework_id not in fw.available_frameworks():
        get_object_or_404(FrameworkVersion, framework_id=framework_id)
    return version


def newer_version_for(framework_id: str) -> fw.Framework | None:
    """The newest version of the line when `framework_id` is not it (the carry-forward offer)."""
    newest = latest_version(framework_id)
    return fw.load_framework(newest) if newest != framework_id else None
