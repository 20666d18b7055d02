"""The shipped CPF RC1 framework file says what the framework's own text says.

The text of the Common Policy Framework RC1 (the seed) is parsed here on its own, without the
platform's loader: its tables are tab-separated lines, some cells wrapped in <b> or <p>. Every
level, commitment, text, name and id is compared with the framework file as `parse_framework`
loads it, so that a slip in the transcription fails a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from osunited.framework._load import parse_framework
from osunited.framework._model import CORE_PILLAR, Framework

SEED = Path(__file__).resolve().parents[1] / "data" / "cpf" / "cpf-rc1.txt"
FRAMEWORK_FILE = (
    Path(__file__).resolve().parents[2] / "src/osunited/framework/frameworks/cpf-rc1.yaml"
)

LEVEL_WORDS = {"Optional": "optional", "Recommended": "recommended", "Required": "required"}
COMMITMENT_MARKS = {"": None, "x": "partial", "X": "full"}
GUIDELINE_ROW = re.compile(r"^(G|C|SC|CH|CB)\d+\t")
HEADING = re.compile(r"^#+ ")
MARKUP = re.compile(r"</?(b|p)>")


# -- the seed, parsed on its own ----------------------------------------------------------------


@dataclass(frozen=True)
class SeedStage:
    number: int
    name: str
    columns: tuple[str, ...]  # the pillar columns of the stage's own table
    levels: tuple[str, ...]  # its one row, a level per column
    summary: str
    tools: tuple[str, ...]
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class SeedCoreItem:
    id: str
    statement: str
    title: str
    text: str
    commitments: tuple[str | None, ...]


@dataclass(frozen=True)
class SeedGuideline:
    id: str
    section: str  # of the "Implementation Guidelines Overview" heading above the table
    text: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Seed:
    pillar_names: tuple[str, ...]
    synthesis: dict[int, tuple[str, ...]]  # stage -> one level per pillar column
    stages: tuple[SeedStage, ...]
    principles: tuple[tuple[int, str, str], ...]  # number, name, text
    core: tuple[SeedCoreItem, ...]
    guidelines: tuple[SeedGuideline, ...]


def clean(cell: str) -> str:
    return MARKUP.sub("", cell).strip()


def cells(line: str) -> list[str]:
    return [clean(cell) for cell in line.split("\t")]


def level(cell: str) -> str:
    assert cell in LEVEL_WORDS, f"not a level: {cell!r}"
    return LEVEL_WORDS[cell]


def section(lines: list[str], heading: re.Pattern[str]) -> list[str]:
    """The lines after the first heading matching `heading`, up to the next heading."""
    start = next(i for i, line in enumerate(lines) if HEADING.match(line) and heading.search(line))
    end = next((i for i in range(start + 1, len(lines)) if HEADING.match(lines[i])), len(lines))
    return lines[start + 1 : end]


def header_and_rows(lines: list[str]) -> tuple[list[str], dict[int, tuple[str, ...]]]:
    """A stage table (3.1-3.5): its pillar columns and its S rows, as levels."""
    header = next(cells(line) for line in lines if line.startswith("ID\tGuidelines\t"))
    rows = {}
    for line in lines:
        if re.match(r"^S\d\t", line):
            row = cells(line)
            assert row[1] == f"Stage {row[0][1:]}"
            rows[int(row[0][1:])] = tuple(level(cell) for cell in row[2:])
    return header[2:], rows


def bullets(lines: list[str], after: str, until: str | None) -> tuple[str, ...]:
    """The bullets between the bullet `after` and the bullet `until`, at any indentation."""
    stripped = [line.strip() for line in lines]
    start = stripped.index(f"- {after}") + 1
    end = stripped.index(f"- {until}") if until else len(stripped)
    return tuple(line[2:].strip() for line in stripped[start:end] if line.startswith("- "))


def parse_stage(lines: list[str], number: int, name: str) -> SeedStage:
    columns, rows = header_and_rows(lines)
    assert list(rows) == [number]
    table_end = max(i for i, line in enumerate(lines) if "\t" in line)
    summary = next(line.strip() for line in lines[table_end + 1 :] if line.strip())
    return SeedStage(
        number=number,
        name=name,
        columns=tuple(columns),
        levels=rows[number],
        summary=summary,
        tools=bullets(lines, "Tools & Support Provided:", "Key Objectives:"),
        objectives=bullets(lines, "Key Objectives:", None),
    )


def parse_principles(lines: list[str]) -> tuple[tuple[int, str, str], ...]:
    principles = []
    for line in lines:
        if "\t" not in line:
            continue
        head, text = (clean(part) for part in line.split("\t"))
        found = re.fullmatch(r"(\d+)\s+(.+)", head)
        assert found, f"a principle without its number: {line!r}"
        principles.append((int(found.group(1)), found.group(2).strip(), text))
    return tuple(principles)


def parse_core(lines: list[str]) -> tuple[SeedCoreItem, ...]:
    header = "ID\tCore Policy Statement\t"
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    assert cells(lines[start])[3:7] == ["S1", "S2", "S3", "S4"]
    items: list[SeedCoreItem] = []
    statement, title, number = "", "", 0
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        row = (cells(line) + [""] * 7)[:7]
        if re.fullmatch(r"P\d+", row[0]):
            statement, title, number = row[0], row[1], 0
        else:
            assert row[:2] == ["", ""], f"a row with neither an id nor a continuation: {line!r}"
            assert statement, "a continuation row before the first statement"
        number += 1
        assert all(mark in COMMITMENT_MARKS for mark in row[3:7]), line
        items.append(
            SeedCoreItem(
                id=f"{statement}.{number}",
                statement=statement,
                title=title,
                text=row[2],
                commitments=tuple(COMMITMENT_MARKS[mark] for mark in row[3:7]),
            )
        )
    return tuple(items)


def parse_guidelines(lines: list[str]) -> tuple[SeedGuideline, ...]:
    guidelines = []
    current = ""
    for line in lines:
        if HEADING.match(line):
            found = re.search(r"(\d+(?:\.\d+)+)\.? Implementation Guidelines Overview", line)
            current = found.group(1) if found else ""
        elif line.startswith("ID\tGuidelines\t") and current:
            assert cells(line)[2:] == ["S1", "S2", "S3", "S4"]
        elif GUIDELINE_ROW.match(line):
            assert current, f"a guideline row outside an overview table: {line!r}"
            row = cells(line)
            assert len(row) == 6, line
            guidelines.append(
                SeedGuideline(row[0], current, row[1], tuple(level(cell) for cell in row[2:]))
            )
    return tuple(guidelines)


def parse_seed(text: str) -> Seed:
    lines = text.splitlines()
    stages = []
    for number in range(1, 5):
        heading = re.compile(rf"^#+ 3\.{number} Stage {number}: (.+)$")
        name = next(found.group(1).strip() for line in lines if (found := heading.match(line)))
        stage_lines = section(lines, heading)
        stages.append(parse_stage(stage_lines, number, name))
    pillar_names, synthesis = header_and_rows(section(lines, re.compile(r" 3\.5 Stage Readiness")))
    policy_end = next(i for i, line in enumerate(lines) if line.startswith("## 4. "))
    core_start = next(i for i, line in enumerate(lines) if line.startswith("## 3.6 "))
    return Seed(
        pillar_names=tuple(pillar_names),
        synthesis=synthesis,
        stages=tuple(stages),
        principles=parse_principles(section(lines, re.compile(r" 2\. Guiding Principles"))),
        core=parse_core(lines[core_start:policy_end]),
        guidelines=parse_guidelines(lines[policy_end:]),
    )


SEED_TEXT = parse_seed(SEED.read_text("utf-8"))
GUIDELINE_SECTIONS = tuple(dict.fromkeys(g.section for g in SEED_TEXT.guidelines))
CORE_STATEMENTS = tuple(dict.fromkeys(item.statement for item in SEED_TEXT.core))


@pytest.fixture(scope="module")
def framework() -> Framework:
    return parse_framework(FRAMEWORK_FILE.read_text("utf-8"), source=FRAMEWORK_FILE.name)


# -- what the seed parser found (so that a parser that finds nothing cannot pass) ----------------


def test_the_seed_parser_finds_every_table_of_the_framework() -> None:
    assert len(SEED_TEXT.pillar_names) == 6
    assert sorted(SEED_TEXT.synthesis) == [1, 2, 3, 4]
    assert [p[0] for p in SEED_TEXT.principles] == list(range(1, 9))
    assert [f"P{n}" for n in range(1, 9)] == list(CORE_STATEMENTS)
    assert len(SEED_TEXT.core) == 19
    assert list(GUIDELINE_SECTIONS) == ["4.1.4", "4.2.4", "4.3.9", "4.4.10", "4.5.7"]
    assert len(SEED_TEXT.guidelines) == 35


def test_each_stage_table_agrees_with_the_synthesis_table() -> None:
    for stage in SEED_TEXT.stages:
        assert stage.columns == SEED_TEXT.pillar_names, f"stage {stage.number}"
        assert stage.levels == SEED_TEXT.synthesis[stage.number], f"stage {stage.number}"


# -- the file against the seed ------------------------------------------------------------------


def test_the_item_ids_are_exactly_those_of_the_seed_tables(framework: Framework) -> None:
    seed_ids = [item.id for item in SEED_TEXT.core] + [g.id for g in SEED_TEXT.guidelines]
    missing = sorted(set(seed_ids) - set(framework.item_ids))
    extra = sorted(set(framework.item_ids) - set(seed_ids))
    assert (missing, extra) == ([], []), f"missing from the file: {missing}; not in seed: {extra}"
    assert list(framework.item_ids) == seed_ids  # and in the framework's order
    assert len(framework.items) == 54


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_each_stage_name_matches_its_heading(framework: Framework, number: int) -> None:
    assert framework.stage(number).name == SEED_TEXT.stages[number - 1].name


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_each_stage_summary_tools_and_objectives_match_the_seed(
    framework: Framework, number: int
) -> None:
    stage, seed = framework.stage(number), SEED_TEXT.stages[number - 1]
    assert stage.summary == seed.summary
    assert stage.tools == seed.tools
    assert stage.objectives == seed.objectives


def test_the_pillars_are_the_synthesis_columns_in_order(framework: Framework) -> None:
    assert tuple(pillar.name for pillar in framework.pillars) == SEED_TEXT.pillar_names


@pytest.mark.parametrize("stage", [1, 2, 3, 4])
def test_every_pillar_level_matches_the_synthesis_table(framework: Framework, stage: int) -> None:
    in_file = {pillar.name: pillar.level(stage).value for pillar in framework.pillars}
    in_seed = dict(zip(SEED_TEXT.pillar_names, SEED_TEXT.synthesis[stage], strict=True))
    assert in_file == in_seed


def test_the_eight_principles_match_the_seed(framework: Framework) -> None:
    in_file = [(p.number, p.name, p.text) for p in framework.principles]
    assert in_file == list(SEED_TEXT.principles)


@pytest.mark.parametrize("statement", CORE_STATEMENTS)
def test_every_core_sub_statement_text_and_commitment_matches_the_seed(
    framework: Framework, statement: str
) -> None:
    seed = [item for item in SEED_TEXT.core if item.statement == statement]
    in_file = [item for item in framework.items if item.id.split(".")[0] == statement]
    assert [item.id for item in in_file] == [item.id for item in seed]
    for item, expected in zip(in_file, seed, strict=True):
        assert item.pillar == CORE_PILLAR, item.id
        assert item.heading == expected.title, item.id
        assert item.text == expected.text, item.id
        assert [c.value if c else None for c in item.commitments] == list(expected.commitments), (
            item.id
        )


@pytest.mark.parametrize("table", GUIDELINE_SECTIONS)
def test_every_guideline_text_and_level_matches_the_seed(framework: Framework, table: str) -> None:
    seed = [g for g in SEED_TEXT.guidelines if g.section == table]
    # The table of 4.1.4 belongs to the pillar of section 4.1, and so on.
    pillar = next(p for p in framework.pillars if p.section == table.rsplit(".", 1)[0])
    in_file = [item for item in framework.items if item.pillar == pillar.id]
    assert [item.id for item in in_file] == [g.id for g in seed]
    for item, expected in zip(in_file, seed, strict=True):
        assert item.text == expected.text, item.id
        assert [lvl.value for lvl in item.levels] == list(expected.levels), item.id


def test_every_item_has_a_suggested_action(framework: Framework) -> None:
    assert [item.id for item in framework.items if len(item.action.split()) < 8] == []
