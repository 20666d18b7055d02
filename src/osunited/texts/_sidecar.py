"""Sidecar files: one data file's texts in one language, beside the data file at
`translations/<language>/<the data file's name>`.

    # comment lines for the translator
    reviewed: false              # the default of every entry (false when left out)
    texts:
      items[P1.1].text:
        source: The English text this translates
        text: Le texte traduit
        reviewed: true           # this entry was reviewed by a UN translator
      items[P1.1].action: Un texte traduit   # the short form: the file's default applies

Reading never fails: a file that cannot be read, or an entry of the wrong shape, is left out
and told in `problems`, for `osu translations check` to report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_FILE_KEYS = frozenset({"reviewed", "texts"})
_ENTRY_KEYS = frozenset({"source", "text", "reviewed"})


@dataclass(frozen=True)
class Entry:
    """One translated text. `source` is the English it translates, when the file records it."""

    text: str
    reviewed: bool = False
    source: str | None = None


@dataclass(frozen=True)
class Problem:
    """Something wrong in a sidecar: `file` is its path, `key` the text's key ("" for the whole
    file), `what` the problem in words."""

    file: str
    key: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.what}" if self.key else f"{self.file}: {self.what}"


@dataclass(frozen=True)
class Sidecar:
    path: Path
    entries: Mapping[str, Entry] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


@cache
def read_sidecar(path: Path) -> Sidecar:
    """The sidecar at `path`, read once per process (`forget_sidecars` reads them again). A
    missing file is an empty sidecar."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Sidecar(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return Sidecar(path, problems=(Problem(str(path), "", f"cannot be read: {error}"),))
    return _parsed(path, document)


_generation = [0]


def forget_sidecars() -> None:
    """Read every sidecar again at its next use (after one is written); what the engines
    translated with them is translated again too."""
    read_sidecar.cache_clear()
    _generation[0] += 1


def sidecar_generation() -> int:
    """A number that changes when the sidecars are read again: the engines key what they
    translate by it."""
    return _generation[0]


def _parsed(path: Path, document: Any) -> Sidecar:
    where = str(path)
    if document is None:
        return Sidecar(path)
    if not isinstance(document, dict):
        return Sidecar(path, problems=(Problem(where, "", "is not a mapping of texts"),))
    problems = [
        Problem(where, "", f"unknown field {name!r}") for name in set(document) - _FILE_KEYS
    ]
    default = document.get("reviewed", False)
    if not isinstance(default, bool):
        problems.append(Problem(where, "", "`reviewed` must be true or false"))
        default = False
    texts = document.get("texts") or {}
    if not isinstance(texts, dict):
        problems.append(Problem(where, "", "`texts` must map each key to its translation"))
        texts = {}
    entries: dict[str, Entry] = {}
    for key, value in texts.items():
        entry, what = _entry(value, default)
        if entry is None:
            problems.append(Problem(where, str(key), what))
        else:
            entries[str(key)] = entry
    return Sidecar(path, entries, tuple(problems))


def _entry(value: Any, default: bool) -> tuple[Entry | None, str]:
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        return None, "must be a text, or a mapping with `text` (and `source`, `reviewed`)"
    if unknown := set(value) - _ENTRY_KEYS:
        return None, f"unknown fields {sorted(map(str, unknown))}"
    text, reviewed, source = value.get("text"), value.get("reviewed", default), value.get("source")
    if not isinstance(text, str) or not text.strip():
        return None, "`text` must be a text that is not empty"
    if not isinstance(reviewed, bool):
        return None, "`reviewed` must be true or false"
    if source is not None and not isinstance(source, str):
        return None, "`source` must be the English text"
    return Entry(text.strip(), reviewed, source), ""


class _Dumper(yaml.SafeDumper):
    """Long texts as block scalars, as a translator would write them."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def write_sidecar(path: Path, entries: Mapping[str, Entry], *, header: str) -> None:
    """Write `entries` (in their order) to `path`, each with its source and reviewed flag."""
    document = {
        "reviewed": False,
        "texts": {
            key: {
                **({"source": str(entry.source)} if entry.source is not None else {}),
                "text": str(entry.text),
                "reviewed": entry.reviewed,
            }
            for key, entry in entries.items()
        },
    }
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(comment + body, encoding="utf-8")
    forget_sidecars()
