"""Amending a framework (CPF 4.1.1) and adding framework sources: the engine's functions."""

import json
from collections.abc import Iterator

import pytest

from osunited import framework as fw

CPF = fw.framework_document("cpf-rc1")
L = fw.Level


def _amend(*amendments: fw.Amendment, new_id: str = "cpf-rc1-r1") -> fw.Framework:
    text = fw.amend_framework(CPF, amendments, new_id=new_id, version="RC1, revision 1")
    return fw.parse_framework(text, source="amended")


def test_a_guideline_gets_new_levels_and_the_file_records_the_change() -> None:
    new_levels = (L.REQUIRED, L.REQUIRED, L.REQUIRED, L.REQUIRED)
    amended = _amend(fw.Amendment("G4", levels=new_levels, note="Decision #3"))
    assert (amended.id, amended.version, amended.based_on) == (
        "cpf-rc1-r1",
        "RC1, revision 1",
        "cpf-rc1",
    )
    assert amended.item("G4").levels == new_levels
    assert amended.changes == (
        fw.Change(
            "G4",
            fw.ChangeField.LEVELS,
            "optional, optional, recommended, required",
            "required, required, required, required",
            "Decision #3",
        ),
    )


def test_everything_else_is_unchanged() -> None:
    base = fw.load_framework("cpf-rc1")
    amended = _amend(fw.Amendment("G1", text="Establish an open source governance body"))
    assert amended.item_ids == base.item_ids
    assert [i for i in amended.items if i.id != "G1"] == [i for i in base.items if i.id != "G1"]
    assert (amended.stages, amended.pillars, amended.principles) == (
        base.stages,
        base.pillars,
        base.principles,
    )
    assert fw.compare_frameworks(base, amended) == (
        fw.Change("G1", fw.ChangeField.TEXT, base.item("G1").text, amended.item("G1").text),
    )


def test_where_the_item_table_now_decides_is_recomputed() -> None:
    amended = _amend(fw.Amendment("G4", levels=(L.REQUIRED, L.REQUIRED, L.REQUIRED, L.REQUIRED)))
    places = {(d.item, d.stage) for d in amended.disagreements}
    assert {("G4", 1), ("G4", 2), ("CB1", 2)} <= places


def test_a_core_statement_changes_by_commitment_and_its_levels_follow() -> None:
    full = fw.Commitment.FULL
    amended = _amend(fw.Amendment("P1.1", commitments=(full, full, full, full)))
    item = amended.item("P1.1")
    assert item.commitments == (full, full, full, full)
    assert item.minimums == (fw.Rating.FULL,) * 4
    assert amended.changes[0].field is fw.ChangeField.COMMITMENTS


def test_the_action_and_several_amendments_at_once() -> None:
    amended = _amend(
        fw.Amendment("G2", action="Publish the policy."),
        fw.Amendment("G3", text="Designate a liaison", action="Name them on the entity page."),
    )
    assert [(c.item, c.field.value) for c in amended.changes] == [
        ("G2", "action"),
        ("G3", "text"),
        ("G3", "action"),
    ]


@pytest.mark.parametrize(
    ("amendment", "message"),
    [
        (fw.Amendment("G99", text="x"), "'G99' is not a guideline or statement of cpf-rc1"),
        (fw.Amendment("G4", levels=(L.REQUIRED,) * 3), "one value per stage"),
        (fw.Amendment("G4", levels=(L.REQUIRED,) * 5), "one value per stage"),
        (fw.Amendment("P1.1", levels=(L.REQUIRED,) * 4), "core policy statement"),
        (fw.Amendment("G4", commitments=(None,) * 4), "is a guideline"),
        (fw.Amendment("G4"), "changes nothing"),
        (fw.Amendment("G4", text="Participate in OSSIB governance reviews"), "changes nothing"),
        (fw.Amendment("G4", text="  "), "empty"),
    ],
)
def test_a_wrong_amendment_is_refused_in_words(amendment: fw.Amendment, message: str) -> None:
    with pytest.raises(fw.FrameworkError, match=message):
        _amend(amendment)


def test_no_amendment_and_a_bad_id_are_refused() -> None:
    with pytest.raises(fw.FrameworkError, match="at least one"):
        fw.amend_framework(CPF, [], new_id="cpf-rc1-r1", version="v")
    with pytest.raises(fw.FrameworkError, match="schema"):
        _amend(fw.Amendment("G1", text="New"), new_id="CPF RC1")


def test_a_file_without_based_on_or_changes_still_loads() -> None:
    base = fw.load_framework("cpf-rc1")
    assert (base.based_on, base.changes) == ("", ())


@pytest.fixture
def source() -> Iterator[dict[str, str]]:
    versions: dict[str, str] = {}

    def provider() -> dict[str, str]:
        return versions

    fw.register_framework_source(provider)
    fw.register_framework_source(provider)  # twice is once
    yield versions
    fw.unregister_framework_source(provider)


def test_a_registered_source_is_seen_at_once(source: dict[str, str]) -> None:
    assert fw.available_frameworks() == ["cpf-rc1"]
    amendment = fw.Amendment("G4", levels=(L.REQUIRED,) * 4)
    source["cpf-rc1-r1"] = fw.amend_framework(CPF, [amendment], new_id="cpf-rc1-r1", version="r1")
    assert fw.available_frameworks() == ["cpf-rc1", "cpf-rc1-r1"]
    assert fw.load_framework("cpf-rc1-r1").item("G4").levels == (L.REQUIRED,) * 4
    assert fw.framework_document("cpf-rc1-r1") == source["cpf-rc1-r1"]
    answers = fw.parse_answers("framework: cpf-rc1-r1\nratings: {G4: full}", source="a")
    assert answers.framework.id == "cpf-rc1-r1"


def test_a_source_does_not_replace_a_shipped_framework(source: dict[str, str]) -> None:
    source["cpf-rc1"] = "not: a framework"
    assert fw.available_frameworks() == ["cpf-rc1"]
    assert fw.load_framework("cpf-rc1").id == "cpf-rc1"


def test_a_source_whose_file_names_another_id_is_refused(source: dict[str, str]) -> None:
    amendment = fw.Amendment("G4", levels=(L.REQUIRED,) * 4)
    source["cpf-rc1-r9"] = fw.amend_framework(CPF, [amendment], new_id="cpf-rc1-r1", version="r")
    with pytest.raises(fw.FrameworkError, match="declares the id 'cpf-rc1-r1'"):
        fw.load_framework("cpf-rc1-r9")


def test_an_unknown_id_names_the_known_ones(source: dict[str, str]) -> None:
    with pytest.raises(fw.FrameworkError, match="known: cpf-rc1"):
        fw.load_framework("cpf-rc9")


@pytest.mark.parametrize("framework_id", ["cpf\x00rc1", "CPF-RC1", "cpf-rc1\n", "", "../cpf"])
def test_a_source_is_never_asked_about_what_cannot_be_an_id(framework_id: str) -> None:
    asked: list[str] = []

    class Recording(dict[str, str]):
        def get(self, key: str, default: object = None) -> str | None:  # type: ignore[override]
            asked.append(key)
            return None

    def provider() -> Recording:
        return Recording()

    fw.register_framework_source(provider)
    try:
        with pytest.raises(fw.FrameworkError, match="Unknown framework"):
            fw.load_framework(framework_id)
        with pytest.raises(fw.AnswersError, match="must name a known framework"):
            fw.parse_answers(f"framework: {json.dumps(framework_id)}\nratings: {{}}", source="a")
    finally:
        fw.unregister_framework_source(provider)
    assert asked == []
