"""A framework's texts in another language: one walker gives every text its key and its
translation (`osunited.texts`), and lists the English texts by the same keys.

Keys: `title`, `version`, `stages[1].name`, `stages[1].tools[0]`, `pillars[licensing].name`,
`principles[2].text`, `statements[P1].title` (a core statement's heading), `items[G1].text`,
`items[P1.1].action`. The amendments' before and after stay as recorded."""

from __future__ import annotations

from dataclasses import replace

from osunited.framework._model import Framework, Item, Pillar, Principle, Stage
from osunited.texts import Translate, recorded_texts


def localised(framework: Framework, text: Translate) -> Framework:
    """`framework` with each text replaced by `text(key, English)`."""
    return replace(
        framework,
        title=text("title", framework.title),
        version=text("version", framework.version),
        stages=tuple(_stage(stage, text) for stage in framework.stages),
        pillars=tuple(_pillar(pillar, text) for pillar in framework.pillars),
        principles=tuple(_principle(principle, text) for principle in framework.principles),
        items=tuple(_item(item, text) for item in framework.items),
    )


def framework_texts(framework: Framework) -> dict[str, str]:
    """Every text of `framework`, by key, in the file's order."""
    return recorded_texts(lambda text: localised(framework, text))


def _stage(stage: Stage, text: Translate) -> Stage:
    key = f"stages[{stage.number}]"
    return replace(
        stage,
        name=text(f"{key}.name", stage.name),
        summary=text(f"{key}.summary", stage.summary),
        tools=tuple(text(f"{key}.tools[{i}]", tool) for i, tool in enumerate(stage.tools)),
        objectives=tuple(
            text(f"{key}.objectives[{i}]", objective)
            for i, objective in enumerate(stage.objectives)
        ),
    )


def _pillar(pillar: Pillar, text: Translate) -> Pillar:
    return replace(pillar, name=text(f"pillars[{pillar.id}].name", pillar.name))


def _principle(principle: Principle, text: Translate) -> Principle:
    key = f"principles[{principle.number}]"
    return replace(
        principle,
        name=text(f"{key}.name", principle.name),
        text=text(f"{key}.text", principle.text),
    )


def _item(item: Item, text: Translate) -> Item:
    key = f"items[{item.id}]"
    statement = item.id.partition(".")[0]
    return replace(
        item,
        text=text(f"{key}.text", item.text),
        action=text(f"{key}.action", item.action),
        heading=text(f"statements[{statement}].title", item.heading) if item.heading else "",
    )
