"""The stage rule on the real CPF RC1 framework, table-driven: each stage is reached by meeting
exactly its blocking items, and lost by missing any single one of them."""

from __future__ import annotations

import pytest

from osunited.framework import (
    STAGES,
    Answer,
    Framework,
    Level,
    Rating,
    assess,
    blocking_items,
    load_framework,
    stage_reached,
)

RANK = {Rating.MINIMAL: 0, Rating.PARTIAL: 1, Rating.FULL: 2}
BELOW = {Rating.FULL: Rating.PARTIAL, Rating.PARTIAL: Rating.MINIMAL}


@pytest.fixture(scope="module")
def cpf() -> Framework:
    return load_framework("cpf-rc1")


def exactly_blocking(framework: Framework, stage: int) -> dict[str, Answer]:
    """Answers meeting the blocking items of stages 1..`stage` with the lowest rating that
    does, and nothing else."""
    needed: dict[str, Rating] = {}
    for k in range(1, stage + 1):
        for item in blocking_items(framework, k):
            lowest = item.minimum(k)
            if RANK[lowest] > RANK[needed.get(item.id, Rating.MINIMAL)]:
                needed[item.id] = lowest
    return {item_id: Answer(rating) for item_id, rating in needed.items()}


@pytest.mark.parametrize("stage", STAGES)
def test_meeting_exactly_the_blocking_items_reaches_the_stage(cpf: Framework, stage: int) -> None:
    assert stage_reached(cpf, exactly_blocking(cpf, stage)) == stage


@pytest.mark.parametrize("stage", STAGES)
def test_missing_any_single_blocking_item_drops_below_the_stage(cpf: Framework, stage: int) -> None:
    answers = exactly_blocking(cpf, stage)
    assert answers, "every stage has blocking items"
    for item_id, answer in answers.items():
        weaker = {**answers, item_id: Answer(BELOW[answer.rating])}
        assert stage_reached(cpf, weaker) < stage, item_id


def test_nothing_rated_is_not_yet_at_stage_1(cpf: Framework) -> None:
    result = assess(cpf, {})
    assert (result.stage, result.stage_name, result.target_stage) == (0, "Not yet at Stage 1", 1)
    assert [step.item for step in result.next_steps if step.blocking] == ["C1"]


def test_stage_1_needs_only_basic_compliance(cpf: Framework) -> None:
    assert [item.id for item in blocking_items(cpf, 1)] == ["C1"]
    assert stage_reached(cpf, {"C1": Answer(Rating.PARTIAL)}) == 0
    assert stage_reached(cpf, {"C1": Answer(Rating.FULL)}) == 1


def test_core_statements_block_only_where_the_synthesis_table_requires_them(
    cpf: Framework,
) -> None:
    p11 = cpf.item("P1.1")  # x x X X
    assert [p11.level(k) for k in STAGES] == [Level.RECOMMENDED, Level.RECOMMENDED,
                                              Level.REQUIRED, Level.REQUIRED]  # fmt: skip
    assert [p11.minimum(k) for k in (3, 4)] == [Rating.FULL, Rating.FULL]
    p73 = cpf.item("P7.3")  # - - x X
    assert [p73.level(k) for k in STAGES] == [Level.OPTIONAL, Level.OPTIONAL,
                                              Level.REQUIRED, Level.REQUIRED]  # fmt: skip
    assert (p73.minimum(3), p73.minimum(4)) == (Rating.PARTIAL, Rating.FULL)
    at_3 = exactly_blocking(cpf, 3)
    assert at_3["P7.3"].rating is Rating.PARTIAL
    assert stage_reached(cpf, at_3) == 3


def test_cb1_is_required_at_stage_2_although_capacity_building_is_only_recommended(
    cpf: Framework,
) -> None:
    capacity = cpf.pillar("capacity_building")
    assert capacity.level(2) is Level.RECOMMENDED
    assert cpf.item("CB1").level(2) is Level.REQUIRED
    assert any(d.item == "CB1" and d.stage == 2 for d in cpf.disagreements)
    answers = exactly_blocking(cpf, 2)
    assert stage_reached(cpf, answers) == 2
    assert stage_reached(cpf, {**answers, "CB1": Answer(Rating.PARTIAL)}) == 1


def test_a_justified_not_applicable_item_neither_blocks_nor_counts(cpf: Framework) -> None:
    answers = {**exactly_blocking(cpf, 2), "CH7": Answer(Rating.NOT_APPLICABLE, "No forge.")}
    result = assess(cpf, answers)
    assert result.stage == 2
    hosting = next(r for r in result.readiness if r.pillar == "code_hosting")
    expected_at_3 = [
        i for i in cpf.items if i.pillar == "code_hosting" and i.level(3) is not Level.OPTIONAL
    ]
    assert hosting.counted == len(expected_at_3) - 1


def test_readiness_is_the_mean_of_full_partial_and_minimal_over_expected_items(
    cpf: Framework,
) -> None:
    # Licensing at stage 1 (the target with nothing met): C1 required; C2-C4 optional.
    result = assess(cpf, {"C1": Answer(Rating.PARTIAL)})
    licensing = next(r for r in result.readiness if r.pillar == "licensing")
    assert (licensing.readiness, licensing.counted, licensing.blocking_unmet) == (0.5, 1, 1)
    # Governance at stage 2: G1, G2, G3, G5, G7, G8, G9 recommended (7 items).
    answers = {**exactly_blocking(cpf, 1), "G1": Answer(Rating.FULL), "G2": Answer(Rating.PARTIAL)}
    governance = next(r for r in assess(cpf, answers).readiness if r.pillar == "governance")
    assert governance.counted == 7
    assert governance.readiness == pytest.approx(1.5 / 7)


def test_next_steps_list_blocking_items_first_with_the_framework_text(cpf: Framework) -> None:
    result = assess(cpf, exactly_blocking(cpf, 1))
    assert result.target_stage == 2
    blocking = [step.item for step in result.next_steps if step.blocking]
    assert set(blocking) == {"C2", "SC1", "SC2", "CH6", "CH7", "CB1"}
    first_recommended = [step.blocking for step in result.next_steps].index(False)
    assert all(step.blocking for step in result.next_steps[:first_recommended])
    assert not any(step.blocking for step in result.next_steps[first_recommended:])
    c2 = next(step for step in result.next_steps if step.item == "C2")
    assert c2.text == cpf.item("C2").text
    assert c2.action
    assert result.blocking_gaps[2] == blocking


def test_at_stage_4_the_next_steps_are_what_is_still_recommended(cpf: Framework) -> None:
    answers = exactly_blocking(cpf, 4)
    result = assess(cpf, answers)
    assert (result.stage, result.target_stage) == (4, 4)
    assert result.next_steps
    assert not any(step.blocking for step in result.next_steps)
    everything = {item.id: Answer(Rating.FULL) for item in cpf.items}
    assert assess(cpf, everything).next_steps == []


def test_the_json_result_has_stage_readiness_and_next_steps(cpf: Framework) -> None:
    data = assess(cpf, exactly_blocking(cpf, 2)).as_dict()
    assert data["stage"] == 2
    assert data["framework"] == "cpf-rc1"
    assert set(data["readiness"]) == {pillar.id for pillar in cpf.pillars}
    assert data["next_steps"][0]["blocking"] is True
