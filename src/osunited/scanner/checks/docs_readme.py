"""A README with substance: what the project is, how to install it and how to use it."""

from __future__ import annotations

import re
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _, join, ngettext
from osunited.scanner._tree import SourceFile
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._documents import find_documents, read_document

MIN_WORDS = 100
README_FOLDERS = ("", ".github", "docs")  # where GitHub and GitLab look for the README


def _keywords(word_starts: str, anywhere: str = "") -> re.Pattern[str]:
    """Words starting with one of `word_starts`, or `anywhere` text (scripts without spaces)."""
    pattern = rf"(?<![^\W\d_])(?:{word_starts})"
    return re.compile(f"{pattern}|{anywhere}" if anywhere else pattern, re.IGNORECASE)


# Headings and phrases of each section, in the six UN languages (and a few common others).
_INSTALLATION_HEADING = _keywords(
    r"instal|set ?-?up\b|getting started|get started|build|deploy|requirements|prerequisites"
    r"|dependencies|mise en place|démarr|prérequis|déploi|compil|puesta en marcha|requisitos"
    r"|despliegue|primeros pasos|установ|развертыван|сборк",
    "安装|部署|构建|تثبيت|تنصيب|نشر",
)
_INSTALLATION_TEXT = _keywords(
    r"instal|getting started|get started|git clone|docker run|docker compose|mise en place"
    r"|puesta en marcha|установ",
    "安装|تثبيت",
)
_USAGE_HEADING = _keywords(
    r"usage|use\b|using\b|how to|example|quick ?-?start|getting started|tutorial|run\b|running"
    r"|guide|utilisation|utiliser|exemple|démarrage rapide|uso\b|usar\b|ejemplo|inicio rápido"
    r"|cómo usar|использован|пример|запуск",
    "使用|用法|示例|استخدام|مثال",
)
_USAGE_TEXT = _keywords(
    r"usage|example|quick ?-?start|getting started|tutorial|utilisation|exemple|ejemplo"
    r"|uso\b|использован|пример",
    "使用|用法|示例|استخدام|مثال",
)
_SETEXT_UNDERLINE = re.compile(r"^\s*([=\-~^\"'*+#`:.])\1{2,}\s*$")
_HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s|=+\s|\*\*[^*]+\*\*\s*$|<h[1-6])", re.IGNORECASE)
_STRIP = re.compile(r"\S+://\S+|<[^>]+>|```.*?```", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


class Readme(Check):
    id = "docs.readme"
    title = _("README")
    pillar = Pillar.DOCUMENTATION

    def run(self, context: ScanContext) -> CheckResult:
        readmes = find_documents(context.tree, {"readme"}, README_FOLDERS)
        if not readmes:
            message = _("No README at the top of the project (nor in .github/ or docs/).")
            finding = self.finding(message, Severity.ERROR, _MISSING, rule="missing")
            return self.result(Outcome.FAIL, message, [finding], {"path": None})
        readme = readmes[0]
        facts = readme_facts(read_document(context.tree, readme))
        findings = self._findings(readme, facts)
        data: dict[str, Any] = {"path": readme.path, **facts}
        if findings:
            missing = join(" ", [f.message for f in findings])  # each message is a sentence
            summary = _("{path}: {problems}", path=readme.path, problems=missing)
            return self.result(Outcome.FAIL, summary, findings, data)
        summary = ngettext(
            "{path} has {count} words and installation and usage sections.",
            "{path} has {count} words and installation and usage sections.",
            facts["words"],
            path=readme.path,
        )
        return self.result(Outcome.PASS, summary, data=data)

    def _findings(self, readme: SourceFile, facts: dict[str, Any]) -> list[Finding]:
        where = [Evidence(readme.path)]
        findings = []
        if facts["words"] < MIN_WORDS:
            message = ngettext(
                "The README is short: {count} words (at least {expected} expected).",
                "The README is short: {count} words (at least {expected} expected).",
                facts["words"],
                expected=MIN_WORDS,
            )
            findings.append(self.finding(message, Severity.WARNING, _SHORT, where, rule="short"))
        if not facts["has_installation"]:
            message = _("The README does not say how to install or set up the project.")
            remedy = _(
                "Add a 'Installation' section to the README with requirements and the commands."
            )
            findings.append(
                self.finding(message, Severity.WARNING, remedy, where, rule="installation")
            )
        if not facts["has_usage"]:
            message = _("The README does not say how to use the project.")
            remedy = _("Add a 'Usage' section to the README with a first example to run.")
            findings.append(self.finding(message, Severity.WARNING, remedy, where, rule="usage"))
        return findings


def readme_facts(text: str) -> dict[str, Any]:
    """Words, headings, and whether installation and usage are covered, of a README's text."""
    headings = " \n".join(headings_of(text))
    return {
        "words": count_words(text),
        "headings": len(headings_of(text)),
        "has_installation": bool(
            _INSTALLATION_HEADING.search(headings) or _INSTALLATION_TEXT.search(text)
        ),
        "has_usage": bool(_USAGE_HEADING.search(headings) or _USAGE_TEXT.search(text)),
    }


def headings_of(text: str) -> list[str]:
    """Section titles in Markdown, reStructuredText, AsciiDoc or HTML."""
    lines = text.splitlines()
    headings = []
    for index, line in enumerate(lines):
        underlined = index + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[index + 1])
        if line.strip() and (underlined or _HEADING_LINE.match(line)):
            headings.append(_TAG.sub("", line).strip(" #=*"))
    return headings


def count_words(text: str) -> int:
    """Words of prose: links, tags and code blocks left out; two CJK characters count as one."""
    prose = _STRIP.sub(" ", text)
    return len(_WORD.findall(_CJK.sub(" ", prose))) + len(_CJK.findall(prose)) // 2


_MISSING = _(
    "Add a README.md at the top: what the project does and for whom, how to install it, how to "
    "use it, where to get help, how to contribute, and its license."
)
_SHORT = _(
    "Expand the README: what problem the project solves, who it is for, its status, how to "
    "install and use it, and links to further documentation."
)
