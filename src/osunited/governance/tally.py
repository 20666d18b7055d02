"""Counting the Board's votes (CPF 4.1): quorum and majority as numbers, with no Django.

The quorum counts every vote cast, abstentions included, against the Board's members; the majority
counts only the votes for and against. Both are compared in whole numbers so that 50 % of 3 seats
is 2 votes (rounded up), never 1.5.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Outcome", "Tally", "tally"]

FOR = "for"
AGAINST = "against"
ABSTAIN = "abstain"


class Outcome(enum.StrEnum):
    """The values match governance.models.DecisionStatus."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Tally:
    votes_for: int
    votes_against: int
    abstentions: int
    members: int
    quorum_percent: int
    majority_percent: int
    quorum_needed: int

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions

    @property
    def quorum_met(self) -> bool:
        return self.members > 0 and self.cast >= self.quorum_needed

    @property
    def majority_met(self) -> bool:
        decisive = self.votes_for + self.votes_against
        if self.majority_percent >= 100:  # "more than 100 %" would be impossible: unanimity
            return self.votes_for > 0 and self.votes_against == 0
        return self.votes_for * 100 > self.majority_percent * decisive

    @property
    def outcome(self) -> Outcome:
        if not self.quorum_met:
            return Outcome.NO_QUORUM
        return Outcome.ACCEPTED if self.majority_met else Outcome.REJECTED


def tally(votes: Iterable[str], members: int, quorum_percent: int, majority_percent: int) -> Tally:
    """Count `votes` (each "for", "against" or "abstain") cast by a Board of `members` seats.

    The quorum is met when the votes cast, abstentions included, reach `quorum_percent` of the
    members, rounded up (a Board without members never has one). A motion passes when the votes
    for are more than `majority_percent` of the votes for and against: a tie at 50 % fails, and
    so does a vote where everyone abstained; a majority of 100 % means unanimity of the votes for
    and against. An unknown choice raises ValueError.
    """
    if members < 0 or not 0 <= quorum_percent <= 100 or not 0 <= majority_percent <= 100:
        raise ValueError("members must be >= 0 and the percentages between 0 and 100")
    counts = {FOR: 0, AGAINST: 0, ABSTAIN: 0}
    for choice in votes:
        if choice not in counts:
            raise ValueError(f"unknown vote {choice!r}")
        counts[str(choice)] += 1
    return Tally(
        votes_for=counts[FOR],
        votes_against=counts[AGAINST],
        abstentions=counts[ABSTAIN],
        members=members,
        quorum_percent=quorum_percent,
        majority_percent=majority_percent,
        quorum_needed=-(-quorum_percent * members // 100),
    )
