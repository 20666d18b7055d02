"""Policy frameworks as data, and the stage readiness rule. Pure Python; knows nothing of Django.

    >>> from osunited.framework import assess, load_framework, parse_answers
    >>> answers = parse_answers("framework: cpf-rc1\\nratings: {C1: full}")
    >>> assess(answers.framework, answers.answers).stage
    1

See docs/assessment.md for the rule and the file formats.
"""

from osunited.framework._answers import (
    AnswersError,
    AnswersFile,
    dump_answers,
    parse_answers,
    read_answers,
)
from osunited.framework._assess import (
    Answer,
    Answers,
    PillarReadiness,
    Result,
    Step,
    assess,
    blocking_items,
    is_met,
    next_steps,
    pillar_readiness,
    stage_reached,
)
from osunited.framework._load import (
    FrameworkError,
    available_frameworks,
    load_framework,
    parse_framework,
    read_framework,
)
from osunited.framework._model import (
    CORE_PILLAR,
    STAGES,
    Commitment,
    Disagreement,
    Framework,
    Item,
    Level,
    Pillar,
    Principle,
    Rating,
    Stage,
)
from osunited.framework._report import (
    FORMATS,
    render_html,
    render_json,
    render_markdown,
    render_pdf,
    render_text,
)

__all__ = [
    "CORE_PILLAR",
    "FORMATS",
    "STAGES",
    "Answer",
    "Answers",
    "AnswersError",
    "AnswersFile",
    "Commitment",
    "Disagreement",
    "Framework",
    "FrameworkError",
    "Item",
    "Level",
    "Pillar",
    "PillarReadiness",
    "Principle",
    "Rating",
    "Result",
    "Stage",
    "Step",
    "assess",
    "available_frameworks",
    "blocking_items",
    "dump_answers",
    "is_met",
    "load_framework",
    "next_steps",
    "parse_answers",
    "parse_framework",
    "pillar_readiness",
    "read_answers",
    "read_framework",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "render_text",
    "stage_reached",
]
