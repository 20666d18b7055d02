"""Documentation in more than one language: the UN works in six official languages."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _, join, ngettext
from osunited.scanner._tree import SourceFile, SourceTree
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._documents import find_documents, read_document

_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy
hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg
li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or
os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta
te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
# Country codes often used in file names in place of the language's code (README_CN.md).
COUNTRY_ALIASES = {
    "br": "pt",
    "cn": "zh",
    "cz": "cs",
    "dk": "da",
    "gr": "el",
    "jp": "ja",
    "kr": "ko",
    "tw": "zh",
    "ua": "uk",
    "vn": "vi",
}
UN_LANGUAGES = {
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "en": _("English"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}
SUMMARY_LANGUAGES = 12
DOC_ROOTS = frozenset({"docs", "doc", "documentation"})
LOCALE_ROOTS = frozenset({"locale", "locales", "i18n", "l10n", "translations", "po"})
_LOCALE_HINT = re.compile(r"(?:^|/)(?:" + "|".join(LOCALE_ROOTS) + r")/", re.IGNORECASE)
# Folders of third-party code, whose translations are not the project's.
DEPENDENCY_FOLDERS = frozenset(
    {"node_modules", "bower_components", "site-packages", "venv", "vendor", "third_party"}
)

_README_VARIANT = re.compile(r"^readme[._-]([a-z]{2}(?:[-_][a-z]{2,4})?)\.[a-z]+$", re.IGNORECASE)
_TAG = re.compile(r"^([a-z]{2})(?:[-_]([a-z]{2,4}))?$", re.IGNORECASE)
_CODE = re.compile(r"```.*?```|\S+://\S+|<[^>]+>", re.DOTALL)
_SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ja": re.compile(r"[\u3040-\u30ff]"),
    "ko": re.compile(r"[\uac00-\ud7af]"),
}
_STOPWORDS = {
    "en": frozenset("the and of to is in for with this you are that".split()),
    "fr": frozenset("le les et des est pour une dans avec vous sur du".split()),
    "es": frozenset("el los las y del es para una con por se como".split()),
    "pt": frozenset("o os e do da para uma com não você são em".split()),
    "de": frozenset("der die das und ist mit für nicht ein eine sie zu".split()),
}


class DocsLanguages(Check):
    id = "docs.languages"
    title = _("Documentation languages")
    pillar = Pillar.DOCUMENTATION

    def run(self, context: ScanContext) -> CheckResult:
        tree = context.tree
        readmes = find_documents(tree, {"readme"}, ("",))
        primary = guess_language(read_document(tree, readmes[0])) if readmes else None
        documentation = _readme_variants(tree) | _doc_folder_languages(tree)
        if primary is not None:
            documentation.setdefault(primary, readmes[0].path)
        interface = _locale_languages(tree)
        languages = documentation.keys() | interface.keys()
        count = len(languages) + (1 if readmes and primary is None else 0)
        data = _data(primary, documentation, interface, count)
        if count >= 2:
            return self.result(Outcome.PASS, _summary(data), data=data)
        finding = self.finding(
            _("The documentation was found in one language only.") if count else _NONE_FOUND,
            Severity.INFO,
            _REMEDIATION,
            rule="single-language",
        )
        return self.result(Outcome.FAIL, _summary(data), [finding], data)


def language_of_tag(tag: str) -> str | None:
    """The ISO 639-1 code of a tag such as `fr`, `pt-BR`, `zh_CN` or `CN`, else None."""
    match = _TAG.match(tag)
    if match is None:
        return None
    lowered = tag.lower()
    if lowered in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[lowered]
    primary = match.group(1).lower()
    return primary if primary in ISO_639_1 else None


def guess_language(text: str) -> str | None:
    """The language of a README: by its script, else by its most common short words."""
    prose = _CODE.sub(" ", text)
    letters = sum(1 for char in prose if char.isalpha())
    scripts = {code: len(pattern.findall(prose)) for code, pattern in _SCRIPTS.items()}
    script, count = max(scripts.items(), key=lambda item: item[1])
    if letters and count / letters > 0.3:
        return "ja" if script == "zh" and scripts["ja"] > count / 10 else script
    words = Counter(re.findall(r"[^\W\d_]+", prose.lower()))
    scores = sorted(
        ((sum(words[w] for w in stops), code) for code, stops in _STOPWORDS.items()), reverse=True
    )
    (best, code), (second, _) = scores[0], scores[1]
    return code if best >= 5 and best >= 1.5 * second else None


def _readme_variants(tree: SourceTree) -> dict[str, str]:
    found: dict[str, str] = {}
    for file in tree.files:
        if file.depth > 1 or (file.depth == 1 and _top(file) not in DOC_ROOTS):
            continue
        match = _README_VARIANT.match(file.name)
        language = language_of_tag(match.group(1)) if match else None
        if language is not None:
            found.setdefault(language, file.path)
    return found


def _doc_folder_languages(tree: SourceTree) -> dict[str, str]:
    """`docs/<lang>/` folders: two or more of them, or one with a region (`pt-BR`), since a lone
    `docs/ml/` is more likely about machine learning than in Malayalam."""
    by_root: dict[str, dict[str, str]] = {}
    regional: set[str] = set()
    for file in tree.files:
        parts = file.path.split("/")
        language = language_of_tag(parts[1]) if len(parts) > 2 else None
        if language is None or parts[0].lower() not in DOC_ROOTS:
            continue
        by_root.setdefault(parts[0], {}).setdefault(language, f"{parts[0]}/{parts[1]}/")
        if "-" in parts[1] or "_" in parts[1]:
            regional.add(language)
    found: dict[str, str] = {}
    for languages in by_root.values():
        for language, path in languages.items():
            if len(languages) > 1 or language in regional:
                found.setdefault(language, path)
    return found


def _locale_languages(tree: SourceTree) -> dict[str, str]:
    """Translations: `locale/fr/...`, `i18n/fr.json`, `po/fr.po`, anywhere in the project's own
    files (not in dependencies nor hidden folders)."""
    found: dict[str, str] = {}
    for file in tree.files:
        if not _LOCALE_HINT.search(file.path):
            continue
        parts = file.path.split("/")
        if any(part.startswith(".") or part.lower() in DEPENDENCY_FOLDERS for part in parts):
            continue
        for index, part in enumerate(parts[:-1]):
            if part.lower() in LOCALE_ROOTS:
                language = language_of_tag(parts[index + 1].split(".", 1)[0])
                if language is not None:
                    found.setdefault(language, "/".join(parts[: index + 2]))
                break
    return found


def _top(file: SourceFile) -> str:
    return file.path.partition("/")[0].lower()


def _data(
    primary: str | None, documentation: dict[str, str], interface: dict[str, str], count: int
) -> dict[str, Any]:
    languages = sorted(documentation.keys() | interface.keys())
    return {
        "languages": languages,
        "language_count": count,
        "primary_language": primary,
        "documentation_languages": sorted(documentation),
        "interface_languages": sorted(interface),
        "un_languages": [code for code in UN_LANGUAGES if code in languages],
        "evidence": {**interface, **documentation},
    }


def _summary(data: dict[str, Any]) -> str:
    shown = data["languages"][:SUMMARY_LANGUAGES]
    more = len(data["languages"]) - len(shown)
    languages: str = ", ".join(shown)
    if more > 0:
        languages = _("{languages} and {more} more", languages=languages, more=more)
    un = join(", ", [UN_LANGUAGES[code] for code in data["un_languages"]])
    return ngettext(
        "{count} language(s) found ({languages}); of the six UN official languages: {un}. Two "
        "or more languages are expected.",
        "{count} language(s) found ({languages}); of the six UN official languages: {un}. Two "
        "or more languages are expected.",
        data["language_count"],
        languages=languages or _("none identified"),
        un=un or _("none"),
    )


_NONE_FOUND = _("No documentation was found whose language could be told.")
_REMEDIATION = _(
    "The United Nations works in six official languages: Arabic, Chinese, English, French, "
    "Russian and Spanish. Translate at least the README into the languages of the project's "
    "users (README.fr.md, README.es.md, ...) or keep translated guides in docs/<language>/."
)
