"""Who may hold which role on a provisioned repository, reconciled from the platform (CPF 4.4.6,
CH5, CH11): owners are the hosting team only, maintainers UN staff only, and the project's UN
staff focal points are maintainers. A plan shows what would change; applying it changes the
forge, one audited call at a time."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.forges.adapters import AccessLevel, ForgeAdapter, ForgeNotFound, Member
from osunited.forges.models import ForgeAccount, HostedRepository
from osunited.forges.services import maintainer_accounts


@dataclass(frozen=True)
class MembershipChange:
    username: str
    current: AccessLevel | None  # None: not a member
    wanted: AccessLevel | None  # None: removed
    reason: str
    applicable: bool = True  # False: inherited from the group, to be changed there


def membership_plan(repository: HostedRepository, adapter: ForgeAdapter) -> list[MembershipChange]:
    """What must change on the forge for its members to follow the platform's rules."""
    forge = repository.namespace.forge
    members = {m.username: m for m in adapter.list_members(repository.remote_id)}
    accounts = {
        a.username: a.user
        for a in ForgeAccount.objects.filter(forge=forge, username__in=members).select_related(
            "user"
        )
    }
    hosting_team = set(forge.hosting_team)
    changes = [
        change
        for member in members.values()
        if (change := _judged(member, accounts.get(member.username), hosting_team)) is not None
    ]
    for account in maintainer_accounts(project=repository.project, forge=forge):
        username = account.username
        current = members.get(username)
        if current is None or current.access < AccessLevel.MAINTAINER:
            changes.append(
                MembershipChange(
                    username,
                    current.access if current else None,
                    AccessLevel.MAINTAINER,
                    _("a focal point of the project who is UN staff"),
                )
            )
    return sorted(changes, key=lambda change: change.username)


def membership_apply(
    *, actor: User | None, repository: HostedRepository, adapter: ForgeAdapter
) -> list[MembershipChange]:
    """Apply the current plan; returns the changes made. An inherited membership cannot be
    changed on the repository: it stays in the plan, for the group's owners."""
    applied = []
    for change in membership_plan(repository, adapter):
        if not change.applicable:
            continue
        try:
            if change.wanted is None:
                adapter.remove_member(repository.remote_id, change.username)
            else:
                adapter.set_member(repository.remote_id, change.username, change.wanted)
        except ForgeNotFound:
            continue  # not on the forge yet: the next reconciliation adds them
        applied.append(change)
        audit_record(
            action="forge.member_changed",
            actor=actor,
            target=repository,
            changes={
                "username": change.username,
                "access": [_level(change.current), _level(change.wanted)],
                "reason": change.reason,
            },
        )
    return applied


def _judged(member: Member, user: User | None, hosting_team: set[str]) -> MembershipChange | None:
    if member.access >= AccessLevel.OWNER and member.username not in hosting_team:
        reason = _("owners are the hosting team only")
    elif member.access >= AccessLevel.MAINTAINER and not (user and user.is_un_staff):
        if member.username in hosting_team:
            return None
        reason = _("maintainers are UN staff only") if user else _("no account on the platform")
    else:
        return None
    return MembershipChange(
        member.username, member.access, None, reason, applicable=not member.inherited
    )


def _level(access: AccessLevel | None) -> str:
    return access.name.lower() if access is not None else "none"
