"""health.code-size: physical source lines of code per language (`_sloc`), the size that
COCOMO II prices (the replacement value of a catalogued project). It measures and judges
nothing: it passes whenever it counted code, and no score counts it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._layout import file_kind, is_generated, is_test_material, is_vendored
from osunited.scanner._model import CheckResult, Outcome, Pillar
from osunited.scanner._per_file import per_file
from osunited.scanner._sloc import Language, count_lines, language_of, looks_generated
from osunited.scanner._text import _, join
from osunited.scanner._tree import SourceFile, SourceTree, decode_text, is_binary
from osunited.scanner.checks._base import Check

ANALYSIS = "sloc-2"
_SHOWN = 5
# Test files outside a tests folder, by the names their frameworks look for.
_TEST_NAME = re.compile(
    r"^test_.+\.py$|_test\.(?:py|go|rb|exs?|dart|c|cc|cpp)$|\.(?:test|spec)\.[cm]?[jt]sx?$"
    r"|_spec\.rb$|Tests?\.(?:java|kt|cs|scala|swift|php)$"
)


class CodeSize(Check):
    id = "health.code-size"
    title = _("Size of the code")
    pillar = Pillar.COMMUNITY
    scored = False

    def run(self, context: ScanContext) -> CheckResult:
        by_language, excluded = _code_files(context.tree)
        languages: dict[str, dict[str, int]] = {}
        test_code = 0
        for language, files in by_language.items():
            counts = per_file(
                context,
                f"{ANALYSIS}:{language.name}",
                _counter(language),
                stage=f"lines of code ({language.name})",
                only=files,
            )
            excluded["too_large"] += len(files) - len(counts)
            tally, tests = _tally(counts, excluded)
            if tally["files"]:
                languages[language.name] = tally
            test_code += tests
        return self._verdict(languages, test_code, excluded)

    def _verdict(
        self, languages: dict[str, dict[str, int]], test_code: int, excluded: Counter[str]
    ) -> CheckResult:
        ordered = dict(sorted(languages.items(), key=lambda item: (-item[1]["code"], item[0])))
        total = sum(tally["code"] for tally in ordered.values())
        data: dict[str, Any] = {
            "languages": ordered,
            "total_code": total,
            "test_code": test_code,
            "excluded": {reason: excluded[reason] for reason in sorted(excluded)},
        }
        if not ordered:
            return self.result(
                Outcome.NOT_AVAILABLE,
                _("No source file of the project's own in a language the scanner counts."),
                data=data,
            )
        return self.result(Outcome.PASS, _summary(ordered, total, test_code), data=data)


def _code_files(tree: SourceTree) -> tuple[dict[Language, list[SourceFile]], Counter[str]]:
    """The project's own source files by language; the others counted by why they are out."""
    by_language: dict[Language, list[SourceFile]] = {}
    excluded: Counter[str] = Counter(vendored=0, generated=0, binary=0, too_large=0)
    for file in tree.files:
        language = language_of(file.path)
        if language is None or file_kind(file.path) != "code":
            continue
        if is_vendored(file.path):
            excluded["vendored"] += 1
        elif is_generated(file.path):
            excluded["generated"] += 1
        else:
            by_language.setdefault(language, []).append(file)
    return by_language, excluded


def _counter(language: Language) -> Callable[[SourceFile, bytes], Any]:
    """The per-file analysis: [code, comment, blank] lines, or why the file is not counted. It
    depends on the content only (the cache is keyed by content, the language by analysis)."""

    def count(file: SourceFile, content: bytes) -> Any:
        if is_binary(content):
            return "binary"
        text = decode_text(content)
        if looks_generated(text, language):
            return "generated"
        return list(count_lines(text, language))

    return count


def _tally(counts: dict[str, Any], excluded: Counter[str]) -> tuple[dict[str, int], int]:
    """One language's files and lines, and its code lines in tests."""
    tally = {"files": 0, "code": 0, "comments": 0, "blank": 0}
    tests = 0
    for path, result in counts.items():
        if isinstance(result, str):
            excluded[result] += 1
            continue
        code, comments, blank = result
        tally["files"] += 1
        tally["code"] += code
        tally["comments"] += comments
        tally["blank"] += blank
        if is_test_file(path):
            tests += code
    return tally, tests


def is_test_file(path: str) -> bool:
    """In a tests folder, or named as test frameworks name test files."""
    return is_test_material(path) or bool(_TEST_NAME.search(path.rpartition("/")[2]))


def _summary(languages: dict[str, dict[str, int]], total: int, test_code: int) -> str:
    shown: list[str] = [
        f"{name} {tally['code']:,}" for name, tally in list(languages.items())[:_SHOWN]
    ]
    if len(languages) > _SHOWN:
        shown.append(_("{count} more", count=len(languages) - _SHOWN))
    return _(
        "{total:,} lines of code in {languages} language(s) ({shown}), {tests:,} of them in "
        "tests. Blank lines and comments are not counted, nor vendored and generated files.",
        total=total,
        languages=len(languages),
        shown=join(", ", shown),
        tests=test_code,
    )
