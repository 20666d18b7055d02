import pytest

from osunited.governance.tally import Outcome, tally


def test_it_accepts_a_clear_majority_with_quorum():
    result = tally(["for", "for", "against"], members=4, quorum_percent=50, majority_percent=50)
    assert (result.votes_for, result.votes_against, result.cast) == (2, 1, 3)
    assert result.quorum_needed == 2
    assert result.outcome is Outcome.ACCEPTED


def test_a_tie_fails():
    result = tally(["for", "against"], members=2, quorum_percent=50, majority_percent=50)
    assert result.quorum_met
    assert result.outcome is Outcome.REJECTED


def test_the_quorum_rounds_up():
    # 50 % of 3 seats is 2 votes, not 1.5 rounded down
    assert tally(["for"], 3, 50, 50).outcome is Outcome.NO_QUORUM
    assert tally(["for", "abstain"], 3, 50, 50).outcome is Outcome.ACCEPTED


def test_abstentions_count_for_the_quorum_only():
    result = tally(
        ["abstain", "abstain", "for"], members=3, quorum_percent=100, majority_percent=50
    )
    assert result.quorum_met
    assert result.outcome is Outcome.ACCEPTED


def test_when_everyone_abstains_the_motion_fails():
    result = tally(["abstain"] * 3, members=3, quorum_percent=50, majority_percent=50)
    assert result.quorum_met
    assert result.outcome is Outcome.REJECTED


def test_a_board_without_members_has_no_quorum():
    result = tally([], members=0, quorum_percent=50, majority_percent=50)
    assert result.quorum_needed == 0
    assert result.outcome is Outcome.NO_QUORUM


def test_a_two_thirds_majority_needs_more_than_two_thirds():
    assert tally(["for", "for", "against"], 3, 50, 67).outcome is Outcome.REJECTED
    assert tally(["for", "for", "against"], 3, 50, 66).outcome is Outcome.ACCEPTED


def test_a_majority_of_100_percent_means_unanimity():
    assert tally(["for", "for", "abstain"], 3, 50, 100).outcome is Outcome.ACCEPTED
    assert tally(["for", "for", "against"], 3, 50, 100).outcome is Outcome.REJECTED
    assert tally(["abstain", "abstain"], 3, 50, 100).outcome is Outcome.REJECTED


def test_it_refuses_an_unknown_choice():
    with pytest.raises(ValueError, match="unknown vote"):
        tally(["yes"], 1, 50, 50)
