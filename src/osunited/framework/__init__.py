"""Policy frameworks as data, and the stage readiness rule. Pure Python; knows nothing of Django.

    >>> from osunited.framework import assess, load_framework, parse_answers
    >>> answers = parse_answers("framework: cpf-rc1\\nratings: {C1: full}")
    >>> assess(answers.framework, answers.answers).stage
    1

See docs/assessment.md for the rule and the file formats.
"""

from osunited.framework._amend import Amendment, amend_framework, compare_frameworks
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
    FrameworkSource,
    available_frameworks,
    framework_data_texts,
    framework_document,
    load_framework,
    parse_framework,
    read_framework,
    register_framework_source,
    shipped_framework_texts,
    unregister_framework_source,
)
from osunited.framework._model import (
    CORE_PILLAR,
    STAGES,
    Change,
    ChangeField,
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
    "Amendment",
    "Answer",
    "Answers",
    "AnswersError",
    "AnswersFile",
    "Change",
    "ChangeField",
    "Commitment",
    "Disagreement",
    "Framework",
    "FrameworkError",
    "FrameworkSource",
    "Item",
    "Level",
    "Pillar",
    "PillarReadiness",
    "Principle",
    "Rating",
    "Result",
    "Stage",
    "Step",
    "amend_framework",
    "assess",
    "available_frameworks",
    "blocking_items",
    "compare_frameworks",
    "dump_answers",
    "framework_data_texts",
    "framework_document",
    "is_met",
    "load_framework",
    "next_steps",
    "parse_answers",
    "parse_framework",
    "pillar_readiness",
    "read_answers",
    "read_framework",
    "register_framework_source",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "render_text",
    "shipped_framework_texts",
    "stage_reached",
    "unregister_framework_source",
]
