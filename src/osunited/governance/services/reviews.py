"""Framework reviews (CPF 4.1.1): a proposal to change one item of the framework is put to the
Board's vote like a petition; an accepted one becomes a new framework version, amended from the
newest version of its line and named `<line>-r<n>` (cpf-rc1-r1, cpf-rc1-r2, ...)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from osunited import framework as fw
from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.governance.models import (
    BoardMeeting,
    DecisionStatus,
    FrameworkReviewProposal,
    FrameworkVersion,
    MotionKind,
    ProposalChange,
    ProposalStatus,
)
from osunited.governance.selectors.reviews import (
    current_frameworks,
    framework_line,
    latest_version,
    line_versions,
    may_propose,
    may_run_votes,
    proposer_entity,
)

# The proposal's workflow: from a state, the states it may move to (who and when: the services).
TRANSITIONS: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    ProposalStatus.PROPOSED: frozenset({ProposalStatus.VOTING, ProposalStatus.WITHDRAWN}),
    # A vote closed without quorum sends the proposal back, to be put to the vote again.
    ProposalStatus.VOTING: frozenset(
        {ProposalStatus.ACCEPTED, ProposalStatus.REJECTED, ProposalStatus.PROPOSED}
    ),
    ProposalStatus.ACCEPTED: frozenset(),
    ProposalStatus.REJECTED: frozenset(),
    ProposalStatus.WITHDRAWN: frozenset(),
}
MAX_TEXT = 2000


def _move(proposal: FrameworkReviewProposal, status: ProposalStatus) -> None:
    if status not in TRANSITIONS[ProposalStatus(proposal.status)]:
        raise ValidationError(
            _("A proposal that is %(status)s cannot be %(next)s.")
            % {"status": proposal.get_status_display(), "next": status.label}
        )
    proposal.status = status


def amendment_of(
    *, item: fw.Item, change: str, proposed_text: str, proposed_levels: list[Any]
) -> fw.Amendment:
    """The engine's amendment for a proposal's change (levels of a core statement are its
    commitments by stage: "partial", "full", or None for none expected)."""
    if change == ProposalChange.TEXT:
        return fw.Amendment(item.id, text=proposed_text)
    if change == ProposalChange.ACTION:
        return fw.Amendment(item.id, action=proposed_text)
    if change != ProposalChange.LEVELS:
        raise ValidationError(_("Choose what the proposal changes."))
    try:
        if item.commitments:
            commitments = tuple(fw.Commitment(v) if v else None for v in proposed_levels)
            return fw.Amendment(item.id, commitments=commitments)
        return fw.Amendment(item.id, levels=tuple(fw.Level(v) for v in proposed_levels))
    except (ValueError, TypeError) as exc:
        raise ValidationError(_("Choose one of the offered levels for each stage.")) from exc


def _check_amendment(framework_id: str, amendment: fw.Amendment) -> None:
    try:
        fw.amend_framework(
            fw.framework_document(framework_id), [amendment], new_id="check", version="check"
        )
    except fw.FrameworkError as exc:
        raise ValidationError(str(exc)) from exc


@transaction.atomic
def proposal_create(
    *,
    framework_id: str,
    item_id: str,
    change: str,
    proposed_text: str = "",
    proposed_levels: list[Any] | None = None,
    rationale: str,
    actor: User,
) -> FrameworkReviewProposal:
    """A proposal to change one item of a current framework version, checked against it."""
    if not may_propose(actor):
        raise PermissionDenied(_("Board members, the secretariat and representatives propose."))
    current = {f.id: f for f in current_frameworks()}
    if framework_id not in current:
        raise ValidationError(_("Proposals change the current version of a framework."))
    try:
        item = current[framework_id].item(item_id)
    except KeyError:
        raise ValidationError(_("Choose a guideline or statement of the framework.")) from None
    if not rationale.strip():
        raise ValidationError(_("Say why the change is needed."))
    if len(proposed_text) > MAX_TEXT or len(rationale) > MAX_TEXT * 5:
        raise ValidationError(_("The proposal is too long."))
    levels = list(proposed_levels or []) if change == ProposalChange.LEVELS else []
    text = " ".join(proposed_text.split()) if change != ProposalChange.LEVELS else ""
    amendment = amendment_of(item=item, change=change, proposed_text=text, proposed_levels=levels)
    _check_amendment(framework_id, amendment)
    proposal = FrameworkReviewProposal.objects.create(
        framework_id=framework_id,
        item_id=item.id,
        change=change,
        proposed_text=text,
        proposed_levels=levels,
        rationale=rationale.strip(),
        proposed_by=actor,
        entity=proposer_entity(actor),
    )
    audit_record(
        action="governance.review_proposed",
        actor=actor,
        target=proposal,
        changes={"framework": framework_id, "item": item.id, "change": change},
    )
    return proposal


def _locked(proposal: FrameworkReviewProposal) -> FrameworkReviewProposal:
    return FrameworkReviewProposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def proposal_withdraw(*, proposal: FrameworkReviewProposal, actor: User) -> None:
    """The proposer withdraws a proposal not yet put to the vote."""
    proposal = _locked(proposal)
    if proposal.proposed_by_id != actor.pk:
        raise PermissionDenied(_("Only the proposer withdraws a proposal."))
    _move(proposal, ProposalStatus.WITHDRAWN)
    proposal.save(update_fields=["status"])
    audit_record(action="governance.review_withdrawn", actor=actor, target=proposal)


@transaction.atomic
def proposal_put_to_vote(
    *,
    proposal: FrameworkReviewProposal,
    actor: User,
    meeting: BoardMeeting | None = None,
    closes_at: datetime | None = None,
) -> FrameworkReviewProposal:
    """The secretariat opens the Board's vote on a proposal."""
    from osunited.governance.services.decisions import decision_open

    if not may_run_votes(actor):
        raise PermissionDenied(_("The secretariat puts proposals to the vote."))
    proposal = _locked(proposal)
    _move(proposal, ProposalStatus.VOTING)
    proposal.decision = decision_open(
        kind=MotionKind.FRAMEWORK_REVIEW,
        title=gettext("Framework review: %(item)s of %(framework)s")
        % {"item": proposal.item_id, "framework": proposal.framework_id},
        motion=_motion(proposal),
        actor=actor,
        meeting=meeting,
        closes_at=closes_at,
    )
    proposal.save(update_fields=["status", "decision"])
    audit_record(
        action="governance.review_put_to_vote",
        actor=actor,
        target=proposal,
        changes={"decision": proposal.decision.pk},
    )
    return proposal


def _motion(proposal: FrameworkReviewProposal) -> str:
    if proposal.change == ProposalChange.LEVELS:
        proposed = ", ".join(str(v or gettext("none")) for v in proposal.proposed_levels)
    else:
        proposed = proposal.proposed_text
    return gettext(
        "Adopt a new version of %(framework)s where %(item)s's %(what)s becomes: %(proposed)s"
    ) % {
        "framework": proposal.framework_id,
        "item": proposal.item_id,
        "what": proposal.get_change_display().lower(),
        "proposed": proposed,
    }


@transaction.atomic
def proposal_decided(
    *, proposal: FrameworkReviewProposal, accepted: bool, actor: User
) -> FrameworkReviewProposal:
    """Apply the Board's decision (called when its vote closes): accepted, a new version of the
    framework line; rejected, the proposal is closed; without quorum, it waits for a new vote."""
    proposal = _locked(proposal)
    decision = proposal.decision
    if not accepted and decision is not None and decision.status == DecisionStatus.NO_QUORUM:
        _move(proposal, ProposalStatus.PROPOSED)
        proposal.save(update_fields=["status"])
        audit_record(action="governance.review_no_quorum", actor=actor, target=proposal)
        return proposal
    _move(proposal, ProposalStatus.ACCEPTED if accepted else ProposalStatus.REJECTED)
    if accepted:
        proposal.framework_version = _adopt(proposal, actor)
    proposal.save(update_fields=["status", "framework_version"])
    audit_record(
        action="governance.review_accepted" if accepted else "governance.review_rejected",
        actor=actor,
        target=proposal,
        changes={"version": getattr(proposal.framework_version, "framework_id", "")},
    )
    return proposal


def _adopt(proposal: FrameworkReviewProposal, actor: User) -> FrameworkVersion | None:
    """The new version with the proposal's change, amended from the newest of its line. None when
    that version already says what the proposal asked (an earlier decision did it)."""
    base_id = latest_version(proposal.framework_id)
    item = fw.load_framework(base_id).item(proposal.item_id)
    amendment = amendment_of(
        item=item,
        change=proposal.change,
        proposed_text=proposal.proposed_text,
        proposed_levels=list(proposal.proposed_levels),
    )
    if _in_force(item, amendment):
        return None
    root = framework_line(base_id)
    new_id, number = _next_id(root)
    # The framework file is data in the framework's language (English), not the actor's.
    note = f"Framework review proposal #{proposal.pk}, Board decision #{proposal.decision_id}"
    version = (
        f"{fw.load_framework(root).version}, revision {number} "
        f"adopted by the OSSIB on {timezone.localdate().isoformat()}"
    )
    document = fw.amend_framework(
        fw.framework_document(base_id),
        [replace(amendment, note=note)],
        new_id=new_id,
        version=version,
    )
    return _publish(
        new_id=new_id, based_on=base_id, version=version, document=document, actor=actor
    )


def _in_force(item: fw.Item, amendment: fw.Amendment) -> bool:
    return (
        amendment.text in (None, item.text)
        and amendment.action in (None, item.action)
        and amendment.levels in (None, item.levels)
        and amendment.commitments in (None, item.commitments)
    )


def _next_id(root: str) -> tuple[str, int]:
    number = len(line_versions(root))
    while FrameworkVersion.objects.filter(framework_id=f"{root}-r{number}").exists():
        number += 1
    return f"{root}-r{number}", number


def _publish(
    *, new_id: str, based_on: str, version: str, document: str, actor: User
) -> FrameworkVersion:
    adopted = FrameworkVersion.objects.create(
        framework_id=new_id,
        based_on=based_on,
        version=version[:200],
        document=document,
        published_by=actor,
    )
    audit_record(
        action="governance.framework_version_published",
        actor=actor,
        target=adopted,
        changes={"framework": new_id, "based_on": based_on},
    )
    return adopted
