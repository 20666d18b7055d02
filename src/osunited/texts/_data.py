"""The texts of one data file in every language: its English, listed by key, and its sidecars."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from osunited.texts._sidecar import Entry, Problem, read_sidecar
from osunited.texts._text import ENGLISH, Text, fallback_chain, language_code

Translate = Callable[[str, str], str]
"""What an engine's walker calls for each text: (the text's key, its English) -> the text to use."""

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class DataTexts:
    """The translatable texts of the data file at `path` (`name`: its path in the package, as
    translators and reports name it). `english` lists them as the file has them now, by key
    (`items[P1.1].text`: an id and a field, stable across versions of the file).

    A translation is used only while the English it was made from (the entry's `source`, else
    the file's English for that key) is the English being shown: a text changed since, in the
    file or in a row edited on the site, is shown in English until it is translated again."""

    def __init__(
        self, path: Path, english: Callable[[], Mapping[str, str]], *, name: str = ""
    ) -> None:
        self.path = path
        self.name = name or _name_of(path)
        self._english = english
        self._english_texts: Mapping[str, str] | None = None

    def __repr__(self) -> str:
        return f"DataTexts({self.name!r})"

    def english(self) -> Mapping[str, str]:
        """Every text of the file, by key, in the file's order; empty texts left out."""
        if self._english_texts is None:
            self._english_texts = {key: text for key, text in self._english().items() if text}
        return self._english_texts

    def sidecar_path(self, language: str) -> Path:
        return self.path.parent / "translations" / language_code(language) / self.path.name

    def lookup(self, key: str, english: str, language: str) -> Text:
        """The text of `key` in `language`, along the fallback chain (exact, language, English).
        `english` is the text as shown in English (the file's, or a row's edited on the site)."""
        for candidate in fallback_chain(language):
            if candidate == ENGLISH:
                break
            entry = read_sidecar(self.sidecar_path(candidate)).entries.get(key)
            if entry is not None and self._translates(key, entry, english):
                return Text(entry.text, language=candidate, reviewed=entry.reviewed)
        return Text(english)

    def translator(self, language: str) -> Translate:
        """The walker's callable for `language`: each text, translated where it can be."""

        def translate(key: str, english: str) -> str:
            return self.lookup(key, english, language) if english else english

        return translate

    def untranslated(self, language: str) -> Iterator[tuple[str, str]]:
        """(key, English) of each text that `language` shows in English."""
        for key, english in self.english().items():
            if self.lookup(key, english, language).language == ENGLISH:
                yield key, english

    def problems(self, language: str) -> list[Problem]:
        """What is wrong in the sidecar of `language`: a file or an entry that cannot be read, a
        key the English no longer has, a translation of an English text that has changed."""
        sidecar = read_sidecar(self.sidecar_path(language))
        problems = list(sidecar.problems)
        english = self.english()
        for key, entry in sidecar.entries.items():
            if key not in english:
                what = "no such text in the English data (removed, or its id changed): stale"
                problems.append(Problem(str(sidecar.path), key, what))
            elif not self._translates(key, entry, english[key]):
                what = "the English has changed since this was translated: stale"
                problems.append(Problem(str(sidecar.path), key, what))
        return problems

    def _translates(self, key: str, entry: Entry, english: str) -> bool:
        source = entry.source if entry.source is not None else self.english().get(key)
        return source is not None and _words(source) == _words(english)


def _name_of(path: Path) -> str:
    try:
        return path.resolve().relative_to(_PACKAGE_ROOT).as_posix()
    except ValueError:
        return path.name


def _words(text: str) -> str:
    return " ".join(text.split())


def recorded_texts(walk: Callable[[Translate], object]) -> dict[str, str]:
    """The texts a walker visits, by key: how an engine lists its English texts with the same
    function that translates them."""
    found: dict[str, str] = {}

    def record(key: str, english: str) -> str:
        found[key] = english
        return english

    walk(record)
    return found
