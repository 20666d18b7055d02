"""Validating a publiccode.yml against the core standard, walking the YAML node tree so that
every problem keeps the line and column where it can be fixed."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

import yaml

from osunited.scanner.publiccode import _schema as schema
from osunited.scanner.publiccode._formats import Finding, check_language_tag, visible_length
from osunited.scanner.publiccode._types import PublicCodeProblem, PublicCodeValidation
from osunited.scanner.publiccode._vocabularies import ISO_3166_1_ALPHA_2, MAINTENANCE_TYPES
from osunited.scanner.publiccode._yaml import RefusedYamlError, compose, position, scalar_type

Entries = dict[str, tuple[yaml.ScalarNode, yaml.Node]]

_ROOT = schema.Rule("map", keys=schema.TOP_LEVEL)
_NOT_CONTRACT = MAINTENANCE_TYPES - {"contract"}
_LISTED_CHOICES = 12  # longer vocabularies are referred to by their published list


def validate_publiccode(text: str) -> PublicCodeValidation:
    """Check a publiccode.yml text against the core standard of the version it declares.

    Never raises on bad input: YAML syntax errors, oversized or hostile documents become
    problems like any other. Country-specific sections (`IT:`...) must be mappings and are
    not checked further.
    """
    try:
        root = compose(text)
    except RefusedYamlError as exc:
        problem = PublicCodeProblem("", exc.message, exc.line, exc.column, "error")
        return PublicCodeValidation(None, (problem,))
    if not isinstance(root, yaml.MappingNode):
        return PublicCodeValidation(None, (_not_a_mapping(root),))
    checker = _Checker(root)
    checker.check_document()
    problems = sorted(checker.problems, key=lambda p: (p.line or 0, p.column or 0))
    return PublicCodeValidation(checker.version_text, tuple(problems))


def _not_a_mapping(root: yaml.Node | None) -> PublicCodeProblem:
    message = "the file must be a YAML mapping of keys such as publiccodeYmlVersion and name."
    line, column = position(root) if root is not None else (None, None)
    return PublicCodeProblem("", message, line, column, "error")


class _Checker:
    def __init__(self, root: yaml.MappingNode) -> None:
        self.root = root
        self.problems: list[PublicCodeProblem] = []
        self.version_text: str | None = None
        self.version: schema.Version = schema.LATEST
        self.kinds: dict[str, Callable[[yaml.Node, schema.Rule, str], object]] = {
            "version": self._version,
            "string": self._string,
            "bool": self._bool,
            "map": self._map,
            "list": self._list,
            "string_or_list": self._string_or_list,
            "language_map": self._language_map,
        }

    def check_document(self) -> None:
        self._read_version()
        entries = self._map(self.root, _ROOT, "")
        self._check_country_sections(entries)
        self._check_descriptions(entries.get("description"))
        self._check_maintenance(entries.get("maintenance"))

    def report(self, severity: str, key: str, message: str, node: yaml.Node) -> None:
        line, column = position(node)
        self.problems.append(PublicCodeProblem(key, message, line, column, severity))

    def error(self, key: str, message: str, node: yaml.Node) -> None:
        self.report("error", key, message, node)

    def warn(self, key: str, message: str, node: yaml.Node) -> None:
        self.report("warning", key, message, node)

    def check(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        self.kinds[rule.kind](node, rule, key)

    def _read_version(self) -> None:
        found = _entries_quietly(self.root).get("publiccodeYmlVersion")
        if found and isinstance(found[1], yaml.ScalarNode) and scalar_type(found[1]) != "null":
            self.version_text = found[1].value
            self.version = schema.parse_version(found[1].value) or schema.LATEST

    def _version(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(key, 'must be a text value such as "0.4".', node)
            return
        if scalar_type(node) != "str":
            self.error(key, f'must be a string: write it in quotes, "{node.value}".', node)
        version = schema.parse_version(node.value)
        if version is None:
            latest = schema.LATEST_TEXT
            message = f"'{node.value}' is not a supported version: use 0.2, 0.3, 0.4 or {latest}"
            self.error(key, f"{message} (the file was checked against {latest}).", node)
        elif version < schema.OUTDATED_BEFORE:
            latest = schema.LATEST_TEXT
            message = (
                f'{node.value} is not the latest version of the standard; consider "{latest}".'
            )
            self.warn(key, message, node)

    def _string(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(key, f"must be a text value, not {_shape(node)}.", node)
            return
        kind = scalar_type(node)
        if kind in ("bool", "null"):
            self.error(key, "must be a text value." if kind == "bool" else "is empty.", node)
            return
        if kind in ("int", "float"):
            self.warn(key, f'is a number in YAML; write it in quotes: "{node.value}".', node)
        self._check_text(node, rule, key)

    def _check_text(self, node: yaml.ScalarNode, rule: schema.Rule, key: str) -> None:
        value = node.value
        if rule.required and not value.strip():
            self.error(key, "must not be empty.", node)
        elif rule.choices and value not in rule.choices:
            self.error(key, _not_a_choice(value, rule), node)
        elif rule.min_length is not None and visible_length(value) < rule.min_length:
            message = (
                f"is {visible_length(value)} characters long; the minimum is {rule.min_length}."
            )
            self.error(key, message, node)
        elif rule.max_length is not None and visible_length(value) > rule.max_length:
            message = (
                f"is {visible_length(value)} characters long; the maximum is {rule.max_length}."
            )
            self.error(key, message, node)
        elif rule.check is not None:
            self._report_finding(rule.check(value), key, node)

    def _report_finding(self, finding: Finding | None, key: str, node: yaml.Node) -> None:
        if finding is not None:
            self.report(finding.severity, key, finding.message, node)

    def _bool(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not (isinstance(node, yaml.ScalarNode) and scalar_type(node) == "bool"):
            self.error(key, "must be true or false.", node)

    def _map(self, node: yaml.Node, rule: schema.Rule, key: str) -> Entries:
        if not isinstance(node, yaml.MappingNode):
            self.error(key, f"must be a mapping (key: value lines), not {_shape(node)}.", node)
            return {}
        entries = self._entries(node, key)
        for name, (name_node, value) in entries.items():
            path = _join(key, name)
            if name in rule.keys:
                self._present(name_node, value, rule.keys[name], path)
            elif not (rule is _ROOT and _is_country(name)):
                self.warn(path, _unknown_key(name, rule), name_node)
        self._check_required(node, entries, rule, key)
        return entries

    def _entries(self, node: yaml.MappingNode, key: str) -> Entries:
        entries: Entries = {}
        for name_node, value in node.value:
            if not isinstance(name_node, yaml.ScalarNode):
                self.error(key, "keys must be plain text.", name_node)
            elif name_node.value in entries:
                message = f"the key '{name_node.value}' appears twice."
                self.error(_join(key, name_node.value), message, name_node)
            else:
                entries[name_node.value] = (name_node, value)
        return entries

    def _present(self, name_node: yaml.Node, value: yaml.Node, rule: schema.Rule, key: str) -> None:
        if rule.since is not None and self.version < rule.since:
            since = schema.version_text(rule.since)
            message = (
                f'was added in version {since}; declare publiccodeYmlVersion "{since}" to use it.'
            )
            self.warn(key, message, name_node)
        if rule.deprecated is not None and self.version >= rule.deprecated_since:
            self.warn(key, f"is deprecated and will be removed. {rule.deprecated}", name_node)
        if not _is_null(value):
            self.check(value, rule, key)

    def _check_required(
        self, node: yaml.MappingNode, entries: Entries, rule: schema.Rule, key: str
    ) -> None:
        for name, child in rule.keys.items():
            found = entries.get(name)
            if child.is_required(self.version) and (found is None or _is_null(found[1])):
                anchor = found[0] if found else node
                self.error(_join(key, name), f"'{name}' is required.", anchor)

    def _list(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(key, f"must be a list (lines starting with '- '), not {_shape(node)}.", node)
            return
        if len(node.value) < rule.min_items:
            self.error(key, f"must list at least {rule.min_items} item.", node)
        assert rule.items is not None
        for index, item in enumerate(node.value):
            self.check(item, rule.items, f"{key}[{index}]")

    def _string_or_list(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        assert rule.items is not None
        if isinstance(node, yaml.ScalarNode):
            self._string(node, rule.items, key)
        else:
            self._list(node, rule, key)

    def _language_map(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            self.error(key, f"must be a mapping of language codes, not {_shape(node)}.", node)
            return
        entries = self._entries(node, key)
        if len(entries) < rule.min_items:
            self.error(key, "must have at least one language, such as 'en:'.", node)
        assert rule.items is not None
        for language, (name_node, value) in entries.items():
            path = _join(key, language)
            self._report_finding(check_language_tag(language), path, name_node)
            self.check(value, rule.items, path)

    def _check_country_sections(self, entries: Entries) -> None:
        for name, (name_node, value) in entries.items():
            if name in schema.TOP_LEVEL or not _is_country(name):
                continue
            if not isinstance(value, yaml.MappingNode):
                self.error(name, "a country-specific section must be a mapping.", value)
            if name.islower() and name.upper() in entries:
                self.error(
                    name, f"'{name.upper()}' is already present; remove '{name}'.", name_node
                )
            elif name.islower() and self.version >= (0, 5):
                message = f"lowercase country codes are deprecated; use '{name.upper()}'."
                self.warn(name, message, name_node)

    def _check_descriptions(self, found: tuple[yaml.ScalarNode, yaml.Node] | None) -> None:
        if found is None or not isinstance(found[1], yaml.MappingNode):
            return
        languages = _entries_quietly(found[1])
        for required in ("longDescription", "features"):
            lacking = [
                (name, name_node)
                for name, (name_node, value) in languages.items()
                if _is_null(_value(_entries_quietly(value), required))
            ]
            self._report_lacking(required, lacking, len(languages), found[0])

    def _report_lacking(
        self, required: str, lacking: Sequence[tuple[str, yaml.Node]], total: int, anchor: yaml.Node
    ) -> None:
        if total and len(lacking) == total:
            message = f"'{required}' is required in at least one language."
            self.error(f"description.{lacking[0][0]}.{required}", message, anchor)
            return
        for language, name_node in lacking:
            message = f"has no '{required}'; the reference validator wants one in every language."
            self.warn(f"description.{language}.{required}", message, name_node)

    def _check_maintenance(self, found: tuple[yaml.ScalarNode, yaml.Node] | None) -> None:
        if found is None or not isinstance(found[1], yaml.MappingNode):
            return
        entries = _entries_quietly(found[1])
        type_node = _value(entries, "type")
        kind = type_node.value if isinstance(type_node, yaml.ScalarNode) else None
        needed = schema.MAINTENANCE_REQUIRES.get(kind or "")
        if needed and _is_null(_value(entries, needed)):
            message = f"'{needed}' is required when maintenance.type is '{kind}'."
            self.error(f"maintenance.{needed}", message, found[1])
        contractors = entries.get("contractors")
        if contractors and not _is_null(contractors[1]) and kind in _NOT_CONTRACT:
            message = "contractors are only allowed when maintenance.type is 'contract'."
            self.error("maintenance.contractors", message, contractors[0])


def _entries_quietly(node: yaml.Node | None) -> Entries:
    """The keys of a mapping node, without reporting anything (the walk reports)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    entries: Entries = {}
    for name_node, value in node.value:
        if isinstance(name_node, yaml.ScalarNode):
            entries.setdefault(name_node.value, (name_node, value))
    return entries


def _value(entries: Entries, name: str) -> yaml.Node | None:
    found = entries.get(name)
    return found[1] if found else None


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and scalar_type(node) == "null")


def _is_country(name: str) -> bool:
    return name.upper() in ISO_3166_1_ALPHA_2 and name in (name.upper(), name.lower())


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.ScalarNode) and scalar_type(node) != "null":
        return f"'{node.value}'"
    return "empty"


def _not_a_choice(value: str, rule: schema.Rule) -> str:
    if len(rule.choices) <= _LISTED_CHOICES:
        return f"'{value}' must be one of: {', '.join(sorted(rule.choices))}."
    return f"'{value}' is not in the standard's list ({rule.choices_reference})."


def _unknown_key(name: str, rule: schema.Rule) -> str:
    close = difflib.get_close_matches(name, list(rule.keys), n=1, cutoff=0.75)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"'{name}' is not a key of the standard and is ignored.{hint}"
