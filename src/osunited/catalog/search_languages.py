"""What a catalog search does with the reader's language (docs/catalog-search.md).

- Chinese is written without spaces: a run of Han characters is one token to both databases'
  parsers. The index also holds every pair of adjacent Han characters (migration 0014); a query
  is cut the same way, so that `软件` finds `开源软件平台`.
- A query word is a prefix of the words it finds; on both databases that prefix is what the word
  shares with its stem by the light stemmer of the reader's language (`search_prefix`), so
  `logiciels` finds `logiciel` and `программы` finds `программами` in texts indexed as written
  (every text on SQLite, whose FTS5 stems nothing but English; a project's own texts on
  PostgreSQL).
- On PostgreSQL, a query word is also looked up as the stems its language's text search
  configuration gives (SQL function `catalog_search_config`, the one home of that choice), which
  the texts in other languages are indexed with. Arabic and Chinese are not stemmed, on either
  database.
"""

from __future__ import annotations

from collections.abc import Callable

HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
# A stem shorter than this is too broad a prefix: the word is looked up as it is.
MIN_STEM = 3


def is_han(character: str) -> bool:
    return any(low <= ord(character) <= high for low, high in HAN_RANGES)


def han_pieces(word: str) -> list[str]:
    """`word` with each run of more than two Han characters cut into its overlapping pairs (what
    the index holds); the other letters stay as they are. `开源软件` is `开源`, `源软`, `软件`."""
    pieces: list[str] = []
    run = other = ""
    for character in word + " ":
        if character != " " and is_han(character):
            run += character
            continue
        if run:
            pieces += _pairs(run)
            run = ""
        if character != " ":
            other += character
    if other:
        pieces.insert(0, other)
    return pieces


def _pairs(run: str) -> list[str]:
    if len(run) <= 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def search_prefix(word: str, language: str) -> str:
    """What a lower-case query `word` is looked up by, as a prefix: what it shares with its
    light stem in `language` (`libraries` and `library`: `librar`), or the word itself when that
    is shorter than MIN_STEM."""
    stem = light_stem(word, language)
    shared = next((i for i, (a, b) in enumerate(zip(word, stem, strict=False)) if a != b), None)
    prefix = word[: min(len(word), len(stem)) if shared is None else shared]
    return prefix if len(prefix) >= MIN_STEM else word


def light_stem(word: str, language: str) -> str:
    """The stem of a lower-case `word` by the light (inflection-only) stemmer of `language`; the
    word itself in a language without one (Arabic, Chinese) or when nothing is removed."""
    stemmer = _STEMMERS.get(language.split("-")[0].lower())
    if stemmer is None:
        return word
    stem = stemmer(word)
    return stem if len(stem) >= MIN_STEM else word


def _english(word: str) -> str:
    # Plurals only: "libraries" -> "library", "boxes" -> "box", "tools" -> "tool".
    if len(word) > 3 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        keeps_e = word.endswith(("ses", "zes")) and not word.endswith("sses")
        return word[:-1] if keeps_e else word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def _french(word: str) -> str:
    # Plural and feminine marks: "logiciels" -> "logiciel", "données" -> "donn".
    if len(word) < 5:
        return word
    if word.endswith("aux"):
        return word[:-3] + "al"
    for ending in ("s", "x", "r", "e", "é"):
        if word.endswith(ending) and len(word) > 4:
            word = word[:-1]
    return word


_SPANISH_ACCENTS = str.maketrans("áéíóúü", "aeiouu")


def _spanish(word: str) -> str:
    # Gender and number: "programas" -> "program", "aplicaciones" -> "aplicacion".
    if len(word) < 5:
        return word
    word = word.translate(_SPANISH_ACCENTS)
    if word.endswith("eses"):
        return word[:-2]
    if word.endswith("ces"):
        return word[:-3] + "z"
    if word.endswith(("os", "as", "es")):
        return word[:-2]
    if word.endswith(("o", "a", "e")):
        return word[:-1]
    return word


# Case endings, longest first (after J. Savoy's light stemmer for Russian).
_RUSSIAN_ENDINGS = tuple(
    tuple(group.split())
    for group in (
        "иями оями",
        "иям иях оях ями оям ами его ему ери ими ого ому ыми оев",  # noqa: RUF001
        "ая яя ях юю ах ею их ия ию ою ую ям ых ея ам ем ей ём ев ий ой ов ые ый ым ом ое ее ие ью",  # noqa: RUF001
        "а е и о у й ы я ь ю",  # noqa: RUF001
    )
)


def _russian(word: str) -> str:
    # "программы" -> "программ", "платформами" -> "платформ".
    word = word.replace("ё", "е")  # noqa: RUF001 - Cyrillic letters
    for endings in _RUSSIAN_ENDINGS:
        size = len(endings[0])
        if len(word) > size + 2 and word.endswith(endings):
            return word[:-size]
    return word


_STEMMERS: dict[str, Callable[[str], str]] = {
    "en": _english,
    "fr": _french,
    "es": _spanish,
    "ru": _russian,
}
