"""The OSEE engine's recommendations and evidence suggestions, over an OSEE built by hand."""

from datetime import UTC, date, datetime

from osunited.osee import (
    Activity,
    ActivityKind,
    Alignment,
    Competency,
    Gap,
    Module,
    Offer,
    Osee,
    evidence_for,
    level_for_stage,
    recommend,
)

PROCUREMENT = "procurement-and-legal"
LICENSING = f"{PROCUREMENT}/licensing"
CONTRACTS = f"{PROCUREMENT}/contracts"


def small_osee(*alignments: Alignment) -> Osee:
    procurement = Module(
        id=PROCUREMENT,
        category_id="organisational-and-programmatic",
        title="Procurement and Legal",
        scope="Buying and licensing open source.",
        competencies=(
            Competency(LICENSING, PROCUREMENT, "Licensing", "Reads licenses."),
            Competency(CONTRACTS, PROCUREMENT, "Contracts", "Writes contracts."),
        ),
    )
    strategy = Module(
        id="strategy", category_id="organisational-and-programmatic", title="Strategy", scope="."
    )
    return Osee(
        version="test",
        title="OSEE",
        date="2024-10",
        categories=(),
        modules=(procurement, strategy),
        ospo_roles=(),
        alignments=alignments,
    )


CB2 = Alignment("CB2", (PROCUREMENT,), (LICENSING, CONTRACTS), "Plans name the legal training.")
OSEE = small_osee(CB2)


def gap(guideline_id: str = "CB2", stage: int = 3) -> Gap:
    return Gap(guideline_id, "required", stage, action="Write a plan.")


def offer(key: str, **fields: object) -> Offer:
    return Offer(kind=str(fields.pop("kind", "module")), key=key, title=key.title(), **fields)  # type: ignore[arg-type]


def test_a_gap_gets_the_modules_that_teach_its_alignment_most_competencies_first() -> None:
    offers = [
        offer("one-competency", competencies=(LICENSING,)),
        offer("both-competencies", competencies=(LICENSING, CONTRACTS)),
        offer("module-only", osee_modules=(PROCUREMENT,)),
        offer("unrelated", osee_modules=("strategy",)),
    ]

    [found] = recommend([gap()], offers, osee=OSEE, people=frozenset({1, 2}))

    assert [o.key for o in found.offers] == ["both-competencies", "one-competency", "module-only"]
    assert found.alignment is CB2
    assert found.aligned_modules == (PROCUREMENT,)


def test_it_counts_the_entitys_people_who_completed_something_covering_the_gap() -> None:
    offers = [
        offer(
            "past-event",
            kind="event",
            competencies=(LICENSING,),
            available=False,
            completed_by=frozenset({1, 9}),
        ),
        offer("course", competencies=(CONTRACTS,), completed_by=frozenset({2})),
        offer("unrelated", osee_modules=("strategy",), completed_by=frozenset({3})),
    ]

    [found] = recommend([gap()], offers, osee=OSEE, people=frozenset({1, 2, 3, 4}))

    # 9 has left the entity; 3 followed something else; the past event is not offered again.
    assert (found.trained, found.people) == (2, 4)
    assert [o.key for o in found.offers] == ["course"]


def test_among_equals_those_fewer_completed_then_the_level_of_the_stage_then_the_soonest() -> None:
    soon = datetime(2026, 10, 3, 9, tzinfo=UTC)
    later = datetime(2026, 11, 3, 9, tzinfo=UTC)
    offers = [
        offer("done-by-many", competencies=(LICENSING,), completed_by=frozenset({1, 2})),
        offer("advanced", competencies=(LICENSING,), levels=("advanced",)),
        offer(
            "intermediate-later",
            kind="event",
            competencies=(LICENSING,),
            levels=("intermediate",),
            starts=later,
        ),
        offer(
            "intermediate-soon",
            kind="event",
            competencies=(LICENSING,),
            levels=("intermediate",),
            starts=soon,
        ),
        offer("intermediate-module", competencies=(LICENSING,), levels=("intermediate",)),
    ]

    [found] = recommend([gap(stage=3)], offers, osee=OSEE, people=frozenset({1, 2}), limit=5)

    assert [o.key for o in found.offers] == [
        "intermediate-soon",
        "intermediate-later",
        "intermediate-module",
        "advanced",
        "done-by-many",
    ]


def test_the_level_follows_the_stage() -> None:
    assert [level_for_stage(stage) for stage in (1, 2, 3, 4)] == [
        "introductory",
        "introductory",
        "intermediate",
        "advanced",
    ]


def test_a_gap_without_alignment_or_without_course_still_gets_a_recommendation() -> None:
    found = recommend(
        [gap("G7", stage=2), gap("CB2")],
        [offer("unrelated", osee_modules=("strategy",))],
        osee=OSEE,
        people=frozenset(),
    )

    assert [r.gap.guideline_id for r in found] == ["G7", "CB2"]
    assert (found[0].alignment, found[0].offers) == (None, ())
    assert (found[1].alignment, found[1].offers) == (CB2, ())
    assert (found[1].people, found[1].trained) == (0, 0)


def test_at_most_limit_offers_per_gap() -> None:
    offers = [offer(f"course-{n}", competencies=(LICENSING,)) for n in range(6)]

    [found] = recommend([gap()], offers, osee=OSEE, people=frozenset())

    assert len(found.offers) == 3


def activity(kind: str, key: str, **fields: object) -> Activity:
    return Activity(
        kind=ActivityKind(kind), key=key, title=key, people=int(fields.pop("people", 1)), **fields
    )  # type: ignore[arg-type]


def test_evidence_speaks_for_cb1_when_foundational_and_for_the_guidelines_aligned() -> None:
    osee = small_osee(CB2, Alignment("CB1", ("strategy",), (), "Foundations."))
    intro = activity(
        "completed",
        "completed:event:intro",
        foundational=True,
        people=12,
        last_on=date(2026, 10, 3),
    )
    legal = activity("attended", "attended:event:legal", competencies=(CONTRACTS,), people=3)
    other = activity("completed", "completed:module:other", osee_modules=("capacity-building",))

    found = evidence_for(
        [legal, intro, other], osee=osee, guideline_ids=["CB1", "CB2", "CB3", "G1"]
    )

    assert found == {"CB1": (intro,), "CB2": (legal,)}


def test_trainers_mentorships_and_organised_events_speak_for_cb2_cb3_cb4() -> None:
    trainers = activity("trainers", "trainers", people=2)
    mentorships = activity("mentorships", "mentorships", people=3)
    organised = activity("organised", "organised:event:hackathon", people=40)

    found = evidence_for(
        [trainers, mentorships, organised], osee=OSEE, guideline_ids=["CB1", "CB2", "CB3", "CB4"]
    )

    assert found == {"CB2": (trainers,), "CB3": (mentorships,), "CB4": (organised,)}


def test_evidence_lists_most_people_first() -> None:
    few = activity("completed", "completed:module:few", competencies=(LICENSING,), people=1)
    many = activity("completed", "completed:module:many", competencies=(LICENSING,), people=9)

    assert evidence_for([few, many], osee=OSEE, guideline_ids=["CB2"]) == {"CB2": (many, few)}
