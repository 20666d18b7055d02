"""The probes of who may do what: CH1, CH5, CH10, CH11."""

from __future__ import annotations

from osunited.forges.adapters.base import (
    AccessLevel,
    Member,
    MergeSettings,
    NamespaceSettings,
    RepositorySettings,
)
from osunited.forges.guidelines._model import (
    AuditFacts,
    Findings,
    Probe,
    default_protection,
    names,
    unobservable,
)

# CH1 ----------------------------------------------------------------------------------------


def access_the_platform(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    found.see("namespace", namespace.namespace)
    found.see("namespace.members", len(namespace.members))
    found.see("repository.members", len(settings.members))
    found.see("namespace.two_factor_required", namespace.two_factor_required)
    if not namespace.members and not settings.members:
        found.fail(
            "nobody is a member of the group or of the repository, so nobody can sign in to it",
            "Grant the entity's staff access through the platform's access request form.",
        )
    if namespace.two_factor_required is False:
        found.fail(
            f"the group {namespace.namespace} does not require two-factor authentication "
            "(CPF 4.4.5)",
            "Require two-factor authentication in the group's or organisation's settings.",
        )
    elif namespace.two_factor_required is None:
        why = namespace.unobservable.get("two_factor_required", "the token cannot read it")
        found.cannot_see(f"whether two-factor authentication is required: {why}")
    return found.probe(
        f"The token reaches {namespace.namespace}, whose {len(namespace.members)} members sign "
        "in with two-factor authentication."
    )


# CH5, CH11 ----------------------------------------------------------------------------------


def _check_owners(members: tuple[Member, ...], facts: AuditFacts, found: Findings) -> None:
    owners = {m.username for m in members if m.access >= AccessLevel.OWNER}
    found.see("members.owners", owners)
    if owners and not facts.hosting_team:
        found.cannot_see("the hosting team's usernames were not given, so owners are unchecked")
    elif owners - facts.hosting_team:
        found.fail(
            f"Owner or admin is held by {names(owners - facts.hosting_team)}, not the hosting team",
            "Lower them to Maintainer or below: Owner is for the hosting team only.",
        )


def role_based_access(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    hidden = unobservable(settings, "members", "the membership")
    if hidden:
        found.cannot_see(hidden)
        return found.probe("")
    _check_owners(settings.members, facts, found)
    maintainers = {m.username for m in settings.members if m.access == AccessLevel.MAINTAINER}
    found.see("members.maintainers", maintainers)
    if facts.un_staff is not None:
        outsiders = maintainers - facts.un_staff - facts.hosting_team
        if outsiders:
            found.fail(
                f"Maintainer is held by {names(outsiders)}, who are not UN staff",
                "Lower them to Developer: Maintainer is for UN staff only.",
            )
    checked = "" if facts.un_staff is not None else " (maintainers unchecked: no staff list)"
    return found.probe(
        f"Owner is held by the hosting team only, Maintainer by UN staff only{checked}."
    )


def role_distinctions(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    hidden = unobservable(settings, "members", "the membership")
    if hidden:
        found.cannot_see(hidden)
        return found.probe("")
    roles = dict.fromkeys(AccessLevel, 0)
    for member in settings.members:
        roles[member.access] += 1
    found.see("members.roles", "; ".join(f"{r.name.title()} {n}" for r, n in roles.items()))
    _check_owners(settings.members, facts, found)
    if not roles[AccessLevel.MAINTAINER]:
        found.fail(
            "nobody holds the Maintainer role",
            "Make the project's UN focal point its Maintainer.",
        )
    above = {
        m.username
        for m in settings.members
        if m.username in facts.externals and m.access > AccessLevel.DEVELOPER
    }
    found.see("members.externals_above_developer", above)
    if above:
        found.fail(
            f"external users {names(above)} hold a role above Developer",
            "Lower external contributors to Developer or Guest.",
        )
    return found.probe(
        "Roles are distinct: Owner for the hosting team, a Maintainer, and external users at "
        "Developer or below."
    )


# CH10 ---------------------------------------------------------------------------------------


def merge_request_approvals(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    leads = facts.leads_for(settings.repository.full_path)
    found.see("project_leads", leads)
    if not leads:
        found.cannot_see("the designated UN project leads were not given")
        return found.probe("")
    protection = default_protection(settings)
    if protection is not None and protection.code_owner_approval:
        # GitHub's way: whoever clicks "merge", a code owner (a lead) must have approved.
        _check_code_owners(settings, leads, found)
        if settings.merge is not None:
            _check_reset_and_self_approval(settings.merge, found)
        return found.probe(
            f"Merge requests into {settings.repository.default_branch} need a code owner's "
            f"approval, and the code owners are {names(leads)}."
        )
    _check_merge_access(settings, found)
    if settings.merge is None:
        _check_code_owners(settings, leads, found)
    else:
        _check_approval_rules(settings, leads, found)
    return found.probe(
        f"Merge requests into {settings.repository.default_branch} need an approval by "
        f"{names(leads)}, lost on push, never the author's or a committer's own."
    )


def _check_merge_access(settings: RepositorySettings, found: Findings) -> None:
    branch = settings.repository.default_branch
    protection = default_protection(settings)
    access = protection.merge_access if protection else None
    found.see(f"protections[{branch}].merge_access", access)
    if protection is None and "protections" not in settings.unobservable:
        found.fail(
            f"{branch} is not protected, so merging needs no approval",
            f"Protect {branch} with merges by maintainers only.",
        )
    elif access is not None and access < AccessLevel.MAINTAINER:
        found.fail(
            f"{access.name.title()}s may merge into {branch}",
            f"Allow merges into {branch} to maintainers only.",
        )


def _check_approval_rules(
    settings: RepositorySettings, leads: frozenset[str], found: Findings
) -> None:
    merge = settings.merge
    assert merge is not None
    found.see(
        "merge.approval_rules", [f"{r.name}: {names(r.usernames)}" for r in merge.approval_rules]
    )
    fix = "Require an approval by the designated UN project leads on every merge request."
    if not any(
        r.approvals_required >= 1 and r.usernames and set(r.usernames) <= leads
        for r in merge.approval_rules
    ):
        found.fail("no approval rule requires an approval by the project leads only", fix)
    _check_reset_and_self_approval(merge, found)


def _check_reset_and_self_approval(merge: MergeSettings, found: Findings) -> None:
    found.see("merge.reset_approvals_on_push", merge.reset_approvals_on_push)
    found.see("merge.author_can_approve", merge.author_can_approve)
    found.see("merge.committers_can_approve", merge.committers_can_approve)
    if not merge.reset_approvals_on_push:
        found.fail("approvals are kept when new commits are pushed", "Reset approvals on push.")
    if merge.author_can_approve or merge.committers_can_approve:
        found.fail(
            "authors or committers may approve their own merge requests",
            "Prevent approval by the author and by committers.",
        )


def _check_code_owners(
    settings: RepositorySettings, leads: frozenset[str], found: Findings
) -> None:
    """Without approval rules (GitLab Free, GitHub), a required code owner review by the leads
    does the same."""
    protection = default_protection(settings)
    owners = settings.code_owners
    found.see("code_owners", owners)
    if protection is None or not protection.code_owner_approval or owners is None:
        why = settings.unobservable.get("merge", "the forge did not report approval rules")
        found.cannot_see(f"the merge request approval rules are not observable: {why}")
        return
    found.see("protections.code_owner_approval", True)
    if not owners or not set(owners) <= leads:
        found.fail(
            f"CODEOWNERS names {names(owners) or 'nobody'} for every path, not only the leads",
            "Name only the designated UN project leads for every path (*) in CODEOWNERS.",
        )
