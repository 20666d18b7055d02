"""The translators' exchange: the untranslated texts of the data files out as JSON chunks, and
the translations back into the sidecars.

Out: DIRECTORY/data-NN.json, each a list of at most 400 entries
    {"key": 7, "msgid": "<English>", "where": ["framework/frameworks/cpf-rc1.yaml"],
     "note": "items[P1.1].text"}       (the keys of a text the file repeats, joined by "; ")
In:  DIRECTORY/data-NN.out.json, each a list of {"key": 7, "msgstr": "<translation>"}, read with
the export beside it (which says where each key goes); imported texts are not reviewed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osunited.texts._data import DataTexts
from osunited.texts._sidecar import Entry, read_sidecar, write_sidecar
from osunited.texts._text import language_code

CHUNK_SIZE = 400
NOTE_SEPARATOR = "; "  # between the keys of a text a data file repeats
_CHUNK = re.compile(r"data-(\d+)\.json")
_TRANSLATED_CHUNK = re.compile(r"data-(\d+)\.out\.json")
_HEADER = (
    "The {language} texts of {name}, beside it; see docs/translations.md.\n"
    "An entry not marked `reviewed: true` was machine-translated and has not yet been reviewed\n"
    "by a UN translator: the platform labels it so. `source` is the English it translates."
)


class ExchangeError(ValueError):
    """Translations that cannot be imported, with every reason; nothing was written."""


@dataclass(frozen=True)
class _Exported:
    where: str
    note: str
    msgid: str


@dataclass
class ImportReport:
    written: int = 0
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # each with its reason


def export_untranslated(
    data_files: Iterable[DataTexts], language: str, directory: Path
) -> list[Path]:
    """Write the texts `language` shows in English to DIRECTORY/data-NN.json; returns the
    files written. A directory holding translations not yet imported is refused."""
    if directory.is_dir() and any(_numbered(directory, _TRANSLATED_CHUNK)):
        raise ExchangeError(
            f"{directory} holds translations (data-NN.out.json) of an earlier export: import "
            "them or move them away first, as this export numbers its keys anew."
        )
    entries = [
        {"key": number, "msgid": english, "where": [data.name], "note": NOTE_SEPARATOR.join(keys)}
        for number, (data, english, keys) in enumerate(_untranslated(data_files, language), 1)
    ]
    directory.mkdir(parents=True, exist_ok=True)
    for _number, old in _numbered(directory, _CHUNK):
        old.unlink()
    written = []
    for index, start in enumerate(range(0, len(entries), CHUNK_SIZE), 1):
        path = directory / f"data-{index:02d}.json"
        chunk = entries[start : start + CHUNK_SIZE]
        path.write_text(json.dumps(chunk, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _untranslated(
    data_files: Iterable[DataTexts], language: str
) -> Iterable[tuple[DataTexts, str, list[str]]]:
    """Each data file's untranslated texts, a text repeated in a file given once with its keys."""
    for data in data_files:
        keys_of: dict[str, list[str]] = {}
        for key, english in data.untranslated(language):
            keys_of.setdefault(english, []).append(key)
        for english, keys in keys_of.items():
            yield data, english, keys


def import_translations(
    data_files: Sequence[DataTexts], language: str, directory: Path
) -> ImportReport:
    """Read DIRECTORY/data-NN.out.json into the sidecars of `language`, not reviewed. Raises
    ExchangeError, writing nothing, when a file or an entry is malformed or unknown."""
    exported = _read_export(directory)
    translated = _read_translations(directory, exported)
    by_name = {data.name: data for data in data_files}
    if unknown := sorted({exported[n].where for n in translated} - set(by_name)):
        raise ExchangeError(f"The export names data files the platform lacks: {unknown}.")
    report = ImportReport()
    planned: dict[str, dict[str, Entry]] = {}
    changed: set[str] = set()
    for number, msgstr in sorted(translated.items()):
        source = exported[number]
        data = by_name[source.where]
        entries = planned.setdefault(data.name, _current(data, language))
        for key in source.note.split(NOTE_SEPARATOR):
            if why := _refusal(data, key, source.msgid, entries.get(key)):
                report.skipped.append(f"{source.where}: {key}: {why}")
                continue
            entries[key] = Entry(msgstr, reviewed=False, source=source.msgid)
            changed.add(data.name)
            report.written += 1
    for name in sorted(changed):
        report.files.append(_write(by_name[name], language, planned[name]))
    return report


def _refusal(data: DataTexts, key: str, msgid: str, existing: Entry | None) -> str:
    english = data.english().get(key)
    if english is None:
        return "no such text in the data any more"
    if " ".join(english.split()) != " ".join(msgid.split()):
        return "its English has changed since the export"
    if existing is not None and existing.reviewed:
        return "a reviewed translation is kept"
    return ""


def _current(data: DataTexts, language: str) -> dict[str, Entry]:
    return dict(read_sidecar(data.sidecar_path(language)).entries)


def _write(data: DataTexts, language: str, entries: dict[str, Entry]) -> Path:
    order = {key: index for index, key in enumerate(data.english())}
    ordered = dict(sorted(entries.items(), key=lambda item: order.get(item[0], len(order))))
    path = data.sidecar_path(language)
    header = _HEADER.format(language=language_code(language), name=data.name)
    write_sidecar(path, ordered, header=header)
    return path


def _numbered(directory: Path, pattern: re.Pattern[str]) -> list[tuple[int, Path]]:
    found = [(pattern.fullmatch(path.name), path) for path in directory.iterdir()]
    return sorted((int(match[1]), path) for match, path in found if match)


def _read_export(directory: Path) -> dict[int, _Exported]:
    if not directory.is_dir():
        raise ExchangeError(f"{directory} is not a directory.")
    chunks = _numbered(directory, _CHUNK)
    if not chunks:
        raise ExchangeError(f"{directory} holds no export (data-NN.json) to import against.")
    exported: dict[int, _Exported] = {}
    problems: list[str] = []
    for _number, path in chunks:
        for index, entry in enumerate(_json_list(path, problems)):
            try:
                exported[int(entry["key"])] = _Exported(
                    str(entry["where"][0]), str(entry["note"]), str(entry["msgid"])
                )
            except (KeyError, IndexError, TypeError, ValueError):
                problems.append(f"{path.name}: entry {index + 1} is not an exported text.")
    if problems:
        raise ExchangeError("\n".join(problems))
    return exported


def _read_translations(directory: Path, exported: dict[int, _Exported]) -> dict[int, str]:
    translated: dict[int, str] = {}
    seen: set[int] = set()
    problems: list[str] = []
    for _number, path in _numbered(directory, _TRANSLATED_CHUNK):
        for index, entry in enumerate(_json_list(path, problems)):
            where = f"{path.name}: entry {index + 1}"
            key = entry.get("key") if isinstance(entry, dict) else None
            msgstr = entry.get("msgstr") if isinstance(entry, dict) else None
            if type(key) is not int or not isinstance(msgstr, str):
                problems.append(f'{where} must be {{"key": <number>, "msgstr": <text>}}.')
            elif key not in exported:
                problems.append(f"{where}: the export has no key {key}.")
            elif key in seen:
                problems.append(f"{where}: key {key} is translated twice.")
            else:
                seen.add(key)
                if msgstr.strip():
                    translated[key] = msgstr.strip()
    if problems:
        raise ExchangeError("\n".join(problems))
    if not translated:
        raise ExchangeError(f"{directory} holds no translation (data-NN.out.json).")
    return translated


def _json_list(path: Path, problems: list[str]) -> list[Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(f"{path.name} cannot be read: {error}")
        return []
    if not isinstance(document, list):
        problems.append(f"{path.name} must hold a list of entries.")
        return []
    return document
