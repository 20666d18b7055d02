"""The portable answers file: read, refused with every reason, and written back unchanged."""

from __future__ import annotations

import json

import pytest

from osunited.framework import (
    Answer,
    AnswersError,
    Rating,
    dump_answers,
    load_framework,
    parse_answers,
)


def test_the_simplest_file_rates_items_and_leaves_the_rest_minimal() -> None:
    answers = parse_answers("framework: cpf-rc1\nratings: {G1: full, P2.4: partial}\n")
    assert answers.framework.id == "cpf-rc1"
    assert answers.answers == {"G1": Answer(Rating.FULL), "P2.4": Answer(Rating.PARTIAL)}


def test_json_is_read_as_well() -> None:
    text = json.dumps({"framework": "cpf-rc1", "entity": "UNICEF", "ratings": {"C1": "full"}})
    answers = parse_answers(text)
    assert answers.entity == "UNICEF"
    assert answers.answers["C1"].rating is Rating.FULL


def test_the_long_form_carries_evidence_owner_and_justification() -> None:
    answers = parse_answers(
        "framework: cpf-rc1\n"
        "answers:\n"
        "  C3: {rating: not_applicable, justification: No code yet., owner: OSPO lead}\n"
        "  G1: {rating: full, evidence: https://example.org/liaison}\n"
    ).answers
    assert answers["C3"] == Answer(Rating.NOT_APPLICABLE, "No code yet.", (), "OSPO lead")
    assert answers["G1"].evidence == ("https://example.org/liaison",)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("framework: cpf-rc1\nratings: {G1: great}", "G1: rating must be one of full, partial"),
        ("framework: cpf-rc1\nratings: {Z9: full}", "'Z9' is not an item of cpf-rc1"),
        ("framework: cpf-rc1\nratings: {C3: not_applicable}", "C3: not_applicable needs a"),
        ("framework: cpf-rc9\nratings: {}", "must name a known framework (cpf-rc1"),
        ("ratings: {G1: full}", "must name a known framework"),
        ("framework: cpf-rc1\nratings: [G1]", "`ratings` must map item ids to answers"),
        ("framework: cpf-rc1\nratings: {G1: full}\nanswers: {G1: full}", "G1 is answered twice"),
        ("framework: cpf-rc1\ncolour: blue", "unknown key 'colour'"),
        ("framework: cpf-rc1\nanswers: {G1: {rating: full, score: 3}}", "G1: unknown key 'score'"),
        ("- just\n- a list", "must be a mapping"),
        ("framework: [unclosed", "neither valid YAML nor JSON"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(AnswersError, match=None) as refused:
        parse_answers(text, source="answers.yaml")
    assert reason in str(refused.value)
    assert str(refused.value).startswith("answers.yaml")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(AnswersError) as refused:
        parse_answers("framework: cpf-rc1\nratings: {G1: great, Z9: full, C3: not_applicable}")
    message = str(refused.value)
    assert "G1: rating" in message
    assert "'Z9'" in message
    assert "C3: not_applicable" in message


def test_written_answers_read_back_the_same() -> None:
    framework = load_framework("cpf-rc1")
    answers = {
        "G1": Answer(Rating.FULL),
        "P2.4": Answer(Rating.PARTIAL, evidence=("Feedback form on every release",), owner="CTO"),
        "C3": Answer(Rating.NOT_APPLICABLE, justification="Nothing to audit yet."),
    }
    text = dump_answers(framework, answers, entity="UNICEF")
    again = parse_answers(text)
    assert again.answers == answers
    assert again.entity == "UNICEF"
    assert "ratings:\n  G1: full\n" in text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("framework: cpf-rc1\na: &x [1, 1]\nb: [*x, *x]\n", "aliases"),
        ("framework: cpf-rc1\nratings: " + "[" * 40 + "]" * 40 + "\n", "nested more than"),
    ],
)
def test_a_hostile_answers_file_is_refused_before_it_is_built(text: str, reason: str) -> None:
    with pytest.raises(AnswersError, match=reason):
        parse_answers(text)
