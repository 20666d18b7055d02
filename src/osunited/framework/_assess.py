"""The stage rule (docs/assessment.md, "How the stage is computed"), as pure functions.

- Each item is rated full, partial, minimal or not applicable; an unrated item counts as
  minimal, and not applicable needs a justification (the answers reader refuses it without).
- An item blocks stage k when its level at k is required. It is met when its rating reaches the
  item's minimum there (a guideline: full; a core statement: full for "X", partial for "x"), or
  when it is justified as not applicable.
- The entity is at the highest stage k for which nothing blocking at any stage up to k is unmet;
  0 means "not yet at Stage 1".
- Readiness per pillar, at the target stage (the next one; stage 4 once there): the mean of full
  1, partial 0.5, minimal 0 over the pillar's items recommended or required there, not
  applicable left out.
- Next steps: the unmet blocking items of the next stage, then its unmet recommended ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from osunited.framework._model import STAGES, Framework, Item, Level, Rating


@dataclass(frozen=True)
class Answer:
    """One item's answer: the rating and what stands behind it."""

    rating: Rating
    justification: str = ""  # why not applicable
    evidence: tuple[str, ...] = ()  # text or links
    owner: str = ""


Answers = Mapping[str, Answer]


def rating_of(item: Item, answers: Answers) -> Rating:
    answer = answers.get(item.id)
    return answer.rating if answer else Rating.MINIMAL


def is_met(item: Item, stage: int, answers: Answers) -> bool:
    """Whether the entity's answer meets `item` as the framework expects it at `stage`."""
    rating = rating_of(item, answers)
    if rating is Rating.NOT_APPLICABLE:
        return True
    return rating.score >= item.minimum(stage).score


def blocking_items(framework: Framework, stage: int) -> list[Item]:
    """The items required at `stage`: each one unmet keeps an entity below it."""
    return [item for item in framework.items if item.level(stage) is Level.REQUIRED]


def unmet_blocking(framework: Framework, stage: int, answers: Answers) -> list[Item]:
    return [item for item in blocking_items(framework, stage) if not is_met(item, stage, answers)]


def stage_reached(framework: Framework, answers: Answers) -> int:
    """The highest stage whose blocking items, and those of every stage below, are all met."""
    reached = 0
    for stage in STAGES:
        if unmet_blocking(framework, stage, answers):
            break
        reached = stage
    return reached


@dataclass(frozen=True)
class PillarReadiness:
    pillar: str
    name: str
    level: Level  # the synthesis table's level for the pillar at the target stage
    readiness: float | None  # None: no item of the pillar counts at that stage
    counted: int  # items counted (recommended or required there, not N/A)
    blocking_unmet: int  # of those, required and not met


def pillar_readiness(framework: Framework, answers: Answers, stage: int) -> list[PillarReadiness]:
    readiness = []
    for pillar in framework.pillars:
        expected = [
            item
            for item in framework.items
            if item.pillar == pillar.id
            and item.level(stage) is not Level.OPTIONAL
            and rating_of(item, answers) is not Rating.NOT_APPLICABLE
        ]
        scores = [rating_of(item, answers).score for item in expected]
        required = [item for item in expected if item.level(stage) is Level.REQUIRED]
        unmet = [item for item in required if not is_met(item, stage, answers)]
        readiness.append(
            PillarReadiness(
                pillar=pillar.id,
                name=pillar.name,
                level=pillar.level(stage),
                readiness=sum(scores) / len(scores) if scores else None,
                counted=len(scores),
                blocking_unmet=len(unmet),
            )
        )
    return readiness


@dataclass(frozen=True)
class Step:
    """Something to do next: an item of the target stage not met yet."""

    item: str
    pillar: str
    text: str
    heading: str
    action: str
    blocking: bool
    rating: Rating
    needed: Rating

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "pillar": self.pillar,
            "text": self.text,
            "heading": self.heading,
            "action": self.action,
            "blocking": self.blocking,
            "rating": self.rating.value,
            "needed": self.needed.value,
        }


def next_steps(framework: Framework, answers: Answers, stage: int) -> list[Step]:
    """Unmet items of `stage`: the blocking ones first, then the recommended, framework order."""
    steps = [
        Step(
            item=item.id,
            pillar=item.pillar,
            text=item.text,
            heading=item.heading,
            action=item.action,
            blocking=item.level(stage) is Level.REQUIRED,
            rating=rating_of(item, answers),
            needed=item.minimum(stage),
        )
        for item in framework.items
        if item.level(stage) is not Level.OPTIONAL and not is_met(item, stage, answers)
    ]
    return [step for step in steps if step.blocking] + [s for s in steps if not s.blocking]


@dataclass(frozen=True)
class Result:
    """An assessment's outcome: the stage, readiness per pillar, the gaps and the next steps."""

    framework: str
    framework_title: str
    stage: int  # 0 to 4
    stage_name: str
    target_stage: int  # the stage the readiness and next steps are about
    readiness: list[PillarReadiness]
    blocking_gaps: dict[int, list[str]]  # per stage up to the target: unmet blocking item ids
    next_steps: list[Step]
    ratings: dict[str, Rating] = field(default_factory=dict)

    @property
    def rated(self) -> int:
        return len(self.ratings)

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (the `osu assess --format json` output)."""
        return {
            "framework": self.framework,
            "stage": self.stage,
            "stage_name": self.stage_name,
            "target_stage": self.target_stage,
            "readiness": {
                r.pillar: {
                    "name": r.name,
                    "level": r.level.value,
                    "readiness": r.readiness,
                    "counted": r.counted,
                    "blocking_unmet": r.blocking_unmet,
                }
                for r in self.readiness
            },
            "blocking_gaps": {str(stage): ids for stage, ids in self.blocking_gaps.items()},
            "next_steps": [step.as_dict() for step in self.next_steps],
            "rated_items": self.rated,
        }


def assess(framework: Framework, answers: Answers) -> Result:
    """Apply the stage rule to `answers` (item id → Answer; unrated items count as minimal)."""
    stage = stage_reached(framework, answers)
    target = min(stage + 1, STAGES[-1])
    return Result(
        framework=framework.id,
        framework_title=framework.title,
        stage=stage,
        stage_name=framework.stage(stage).name if stage else "Not yet at Stage 1",
        target_stage=target,
        readiness=pillar_readiness(framework, answers, target),
        blocking_gaps={
            k: [item.id for item in unmet_blocking(framework, k, answers)]
            for k in STAGES
            if k <= target
        },
        next_steps=next_steps(framework, answers, target),
        ratings={
            item.id: answers[item.id].rating for item in framework.items if item.id in answers
        },
    )
