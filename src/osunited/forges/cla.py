"""The CLA on merge requests (CPF 4.4.3, 4.4.7, CH7): a commit status `osunited/cla` on the head
of each merge request, from the platform's own acceptance records. GitLab has no CLA of its
own; the platform, where contributors sign in and accept the agreement, is its authority."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from osunited.accounts.models import PolicyAcceptance, PolicyKind
from osunited.accounts.selectors import current_policy_document
from osunited.audit.services import audit_record
from osunited.forges.adapters import CommitState, ForgeAdapter, adapter_for
from osunited.forges.models import Forge, ForgeAccount
from osunited.forges.services import connection_of

CLA_CONTEXT = "osunited/cla"


@dataclass(frozen=True)
class ClaVerdict:
    state: CommitState
    description: str  # at most 140 characters: GitHub's limit for a status description


def cla_verdict(forge: Forge, username: str) -> ClaVerdict:
    """Whether the forge user `username` accepted the current CLA on the platform."""
    current = current_policy_document(PolicyKind.CLA)
    if current is None:
        return ClaVerdict(CommitState.FAILURE, _("No CLA is published on the platform yet."))
    account = ForgeAccount.objects.filter(forge=forge, username=username).first()
    if account is None:
        return ClaVerdict(
            CommitState.FAILURE,
            _("%(user)s has no account on the platform: sign up and accept the CLA.")
            % {"user": username[:40]},
        )
    accepted = PolicyAcceptance.objects.filter(user=account.user, document=current).first()
    if accepted is None:
        return ClaVerdict(
            CommitState.FAILURE,
            _("%(user)s has not accepted CLA %(version)s on the platform.")
            % {"user": username[:40], "version": current.version},
        )
    return ClaVerdict(
        CommitState.SUCCESS,
        _("CLA %(version)s accepted on %(date)s.")
        % {"version": current.version, "date": accepted.accepted_at.date().isoformat()},
    )


def cla_status_set(
    *,
    forge: Forge,
    repository_id: str,
    sha: str,
    username: str,
    adapter: ForgeAdapter | None = None,
) -> ClaVerdict:
    """Set the `osunited/cla` status of commit `sha`, audited."""
    verdict = cla_verdict(forge, username)
    adapter = adapter or adapter_for(connection_of(forge))
    adapter.set_commit_status(
        repository_id,
        sha,
        state=verdict.state,
        context=CLA_CONTEXT,
        description=verdict.description,
        target_url=_acceptance_url(),
    )
    audit_record(
        action="forge.cla_status",
        target=forge,
        changes={
            "repository": repository_id,
            "commit": sha,
            "username": username,
            "state": verdict.state.value,
        },
    )
    return verdict


def _acceptance_url() -> str:
    return settings.SITE_URL + reverse("accounts:policies")
