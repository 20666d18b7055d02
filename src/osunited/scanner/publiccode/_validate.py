"""Validating a publiccode.yml as the reference validator (italia/publiccode-parser-go) does,
walking the YAML node tree so that every problem keeps the line and column where it can be fixed."""

from __future__ import annotations

import difflib
from collections.abc import Callable

import yaml

from osunited.scanner._text import _
from osunited.scanner.publiccode import _schema as schema
from osunited.scanner.publiccode._files import FileReader, check_file_reference
from osunited.scanner.publiccode._formats import (
    Finding,
    check_country,
    check_italian_ipa_code,
    check_language_tag,
    visible_length,
)
from osunited.scanner.publiccode._types import PublicCodeProblem, PublicCodeValidation
from osunited.scanner.publiccode._vocabularies import MAINTENANCE_TYPES
from osunited.scanner.publiccode._yaml import (
    MAX_BYTES,
    RefusedYamlError,
    compose,
    position,
    scalar_type,
)

Entries = dict[str, tuple[yaml.ScalarNode, yaml.Node]]

_ROOT = schema.Rule("map", keys=schema.TOP_LEVEL)
_NOT_CONTRACT = MAINTENANCE_TYPES - {"contract"}
_LISTED_CHOICES = 12  # longer vocabularies are referred to by their published list
_VERSION = "publiccodeYmlVersion"
_BOM = b"\xef\xbb\xbf"


def validate_publiccode(
    text: str | bytes, *, files: FileReader | None = None
) -> PublicCodeValidation:
    """Check a publiccode.yml (its text, or its bytes, which must be UTF-8) with the rules of the
    reference validator, network checks aside.

    With `files`, the logo, screenshots and authors file named by relative paths must exist
    beside the publiccode.yml (see `files_in_directory`); without it they are not looked for.
    Never raises on bad input: YAML syntax errors, oversized or hostile documents become
    problems like any other.
    """
    if isinstance(text, bytes):
        decoded = _decode(text)
        if isinstance(decoded, PublicCodeProblem):
            return PublicCodeValidation(None, (decoded,))
        text = decoded
    try:
        root = compose(text)
    except RefusedYamlError as exc:
        problem = PublicCodeProblem("", exc.message, exc.line, exc.column, "error")
        return PublicCodeValidation(None, (problem,))
    if not isinstance(root, yaml.MappingNode):
        return PublicCodeValidation(None, (_not_a_mapping(root),))
    version, refused = _read_version(root)
    if refused is not None:
        # Without a version it knows, the reference validator checks nothing else.
        return PublicCodeValidation(version, (refused,))
    checker = _Checker(root, files)
    checker.check_document()
    problems = sorted(checker.problems, key=lambda p: (p.line or 0, p.column or 0))
    return PublicCodeValidation(version, tuple(problems))


def _decode(data: bytes) -> str | PublicCodeProblem:
    if len(data) > MAX_BYTES:
        return data.decode("utf-8", "replace")  # too large: the YAML reader says so
    try:
        return data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = _(
            "the file is not UTF-8 text (byte {byte}); it must be UTF-8.", byte=exc.start + 1
        )
        return PublicCodeProblem("", message, line, None, "error")


def _not_a_mapping(root: yaml.Node | None) -> PublicCodeProblem:
    if root is None:
        return PublicCodeProblem(
            _VERSION,
            _("the file is empty; it must start with publiccodeYmlVersion."),
            None,
            None,
            "error",
        )
    message = _("the file must be a YAML mapping of keys such as publiccodeYmlVersion and name.")
    line, column = position(root)
    return PublicCodeProblem("", message, line, column, "error")


def _read_version(root: yaml.MappingNode) -> tuple[str | None, PublicCodeProblem | None]:
    """The declared version, and the problem that stops the validation if there is one."""
    found = _entries_quietly(root).get(_VERSION)
    if found is None or _is_null(found[1]):
        anchor = found[0] if found else root
        return None, _problem(_("'publiccodeYmlVersion' is required."), anchor)
    node = found[1]
    if not isinstance(node, yaml.ScalarNode):
        return None, _problem(_('must be a text value such as "0".'), node)
    if scalar_type(node) != "str":
        message = _('must be a string: write it in quotes, "{value}".', value=node.value)
        return node.value, _problem(message, node)
    if node.value not in schema.VERSIONS:
        supported = ", ".join(schema.VERSIONS)
        message = _(
            "'{value}' is not a supported version (supported: {supported}).",
            value=node.value,
            supported=supported,
        )
        return node.value, _problem(message, node)
    return node.value, None


def _problem(message: str, node: yaml.Node) -> PublicCodeProblem:
    line, column = position(node)
    return PublicCodeProblem(_VERSION, message, line, column, "error")


class _Checker:
    def __init__(self, root: yaml.MappingNode, files: FileReader | None) -> None:
        self.root = root
        self.files = files
        self.problems: list[PublicCodeProblem] = []
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
        entries = self._map(self.root, _ROOT, "")
        self._check_italian_sections(entries)
        self._check_country_case(entries.get("intendedAudience"))
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

    def _version(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        assert isinstance(node, yaml.ScalarNode)  # _read_version refused any other
        if node.value not in schema.LATEST:
            message = _(
                '{value} is not the latest version; write "0" to follow the latest 0.x (the file '
                "is checked as {latest}).",
                value=node.value,
                latest=schema.LATEST_TEXT,
            )
            self.warn(key, message, node)

    def _string(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(key, _("must be a text value, not {shape}.", shape=_shape(node)), node)
            return
        kind = scalar_type(node)
        if kind != "str" and kind != "null":
            # The reference reads it as text too, but 1.10 becomes "1.1" and yes stays "yes".
            self.report(
                "notice",
                key,
                _(
                    'is a {kind} in YAML; write it in quotes: "{value}".',
                    kind=_TYPE_NAMES[kind],
                    value=node.value,
                ),
                node,
            )
        self._check_text(node, "" if kind == "null" else node.value, rule, key)

    def _check_text(self, node: yaml.ScalarNode, value: str, rule: schema.Rule, key: str) -> None:
        if rule.required and not value.strip():
            self.error(key, _("must not be empty."), node)
        elif rule.choices and value not in rule.choices:
            self.error(key, _not_a_choice(value, rule), node)
        elif rule.min_length is not None and visible_length(value) < rule.min_length:
            message = _(
                "is {length} characters long; the minimum is {minimum}.",
                length=visible_length(value),
                minimum=rule.min_length,
            )
            self.error(key, message, node)
        elif rule.max_length is not None and visible_length(value) > rule.max_length:
            message = _(
                "is {length} characters long; the maximum is {maximum}.",
                length=visible_length(value),
                maximum=rule.max_length,
            )
            self.error(key, message, node)
        elif rule.check is not None:
            self._report_finding(rule.check(value), key, node)
        elif rule.file is not None and value:
            self._report_finding(check_file_reference(value, rule.file, self.files), key, node)

    def _report_finding(self, finding: Finding | None, key: str, node: yaml.Node) -> None:
        if finding is not None:
            self.report(finding.severity, key, finding.message, node)

    def _bool(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not (isinstance(node, yaml.ScalarNode) and scalar_type(node) == "bool"):
            self.error(key, _("must be true or false."), node)

    def _map(self, node: yaml.Node, rule: schema.Rule, key: str) -> Entries:
        if not isinstance(node, yaml.MappingNode):
            message = _("must be a mapping (key: value lines), not {shape}.", shape=_shape(node))
            self.error(key, message, node)
            return {}
        entries = self._entries(node, key)
        for name, (name_node, value) in entries.items():
            path = _join(key, name)
            if name in rule.keys:
                self._present(name_node, value, rule.keys[name], path)
            else:
                self.error(path, _unknown_key(name, rule), name_node)
        self._check_required(node, entries, rule, key)
        return entries

    def _entries(self, node: yaml.MappingNode, key: str) -> Entries:
        entries: Entries = {}
        for name_node, value in node.value:
            if not isinstance(name_node, yaml.ScalarNode):
                self.error(key, _("keys must be plain text."), name_node)
            elif name_node.value in entries:
                message = _("the key '{key}' appears twice.", key=name_node.value)
                self.error(_join(key, name_node.value), message, name_node)
            else:
                entries[name_node.value] = (name_node, value)
        return entries

    def _present(self, name_node: yaml.Node, value: yaml.Node, rule: schema.Rule, key: str) -> None:
        if _is_null(value):
            return
        if rule.deprecated is not None and _has_shape(value, rule) and not _is_empty_text(value):
            message = _("is deprecated and will be removed. {advice}", advice=rule.deprecated)
            self.warn(key, message, name_node)
        self.check(value, rule, key)

    def _check_required(
        self, node: yaml.Node, entries: Entries, rule: schema.Rule, key: str
    ) -> None:
        for name, child in rule.keys.items():
            found = entries.get(name)
            if not child.required or (found is not None and not _is_null(found[1])):
                continue
            anchor = found[0] if found else node
            if child.kind == "map":
                # As in the reference, a missing section is missing each of its required keys.
                self._check_required(anchor, {}, child, _join(key, name))
            else:
                self.error(_join(key, name), _("'{key}' is required.", key=name), anchor)

    def _list(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            message = _(
                "must be a list (lines starting with '- '), not {shape}.", shape=_shape(node)
            )
            self.error(key, message, node)
            return
        if len(node.value) < rule.min_items:
            self.error(key, _("must list at least {count} item.", count=rule.min_items), node)
        assert rule.items is not None
        for index, item in enumerate(node.value):
            self.check(item, rule.items, f"{key}[{index}]")

    def _string_or_list(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        assert rule.items is not None
        if isinstance(node, yaml.ScalarNode):
            self._string(node, rule.items, f"{key}[0]")
        else:
            self._list(node, rule, key)

    def _language_map(self, node: yaml.Node, rule: schema.Rule, key: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            message = _("must be a mapping of language codes, not {shape}.", shape=_shape(node))
            self.error(key, message, node)
            return
        entries = self._entries(node, key)
        if len(entries) < rule.min_items:
            self.error(key, _("must have at least one language, such as 'en:'."), node)
        assert rule.items is not None
        for language, (name_node, value) in entries.items():
            path = _join(key, language)
            self._report_finding(check_language_tag(language), path, name_node)
            if _is_null(value):
                self._check_required(name_node, {}, rule.items, path)
            else:
                self.check(value, rule.items, path)

    def _check_italian_sections(self, entries: Entries) -> None:
        lower, upper = entries.get("it"), entries.get("IT")
        if lower is not None:
            message = _("lowercase country codes are deprecated and will be removed; use 'IT'.")
            self.warn("it", message, lower[0])
            if upper is not None:
                self.error("it", _("'IT' is already present; remove 'it'."), lower[0])
        section = upper or lower
        if section is not None:
            self._check_riuso(("IT" if upper else "it"), section[1])

    def _check_riuso(self, name: str, section: yaml.Node) -> None:
        riuso = _value(_entries_quietly(section), "riuso")
        code = _value(_entries_quietly(riuso), "codiceIPA")
        if not isinstance(code, yaml.ScalarNode) or _is_null(code):
            return
        if code.value and check_italian_ipa_code(code.value) is None:
            message = _(
                "is deprecated and will be removed; write organisation.uri: "
                "urn:x-italian-pa:{code} instead.",
                code=code.value,
            )
            self.warn(f"{name}.riuso.codiceIPA", message, code)

    def _check_country_case(self, found: tuple[yaml.ScalarNode, yaml.Node] | None) -> None:
        """Lowercase country codes are valid but deprecated."""
        entries = _entries_quietly(found[1] if found else None)
        for name in ("countries", "unsupportedCountries"):
            countries = _value(entries, name)
            if not isinstance(countries, yaml.SequenceNode):
                continue
            for index, item in enumerate(countries.value):
                code = item.value if isinstance(item, yaml.ScalarNode) else ""
                if isinstance(code, str) and code.islower() and check_country(code) is None:
                    message = _(
                        "lowercase country codes are deprecated; use '{code}'.", code=code.upper()
                    )
                    self.warn(f"intendedAudience.{name}[{index}]", message, item)

    def _check_maintenance(self, found: tuple[yaml.ScalarNode, yaml.Node] | None) -> None:
        if found is None or not isinstance(found[1], yaml.MappingNode):
            return
        entries = _entries_quietly(found[1])
        type_node = _value(entries, "type")
        kind = type_node.value if isinstance(type_node, yaml.ScalarNode) else None
        needed = schema.MAINTENANCE_REQUIRES.get(kind or "")
        if needed and _is_null(_value(entries, needed)):
            message = _(
                "'{needed}' is required when maintenance.type is '{kind}'.",
                needed=needed,
                kind=kind,
            )
            self.error(f"maintenance.{needed}", message, found[1])
        contractors = entries.get("contractors")
        if contractors and not _is_null(contractors[1]) and kind in _NOT_CONTRACT:
            message = _("contractors are only allowed when maintenance.type is 'contract'.")
            self.error("maintenance.contractors", message, contractors[0])


_TYPE_NAMES = {"int": _("number"), "float": _("number"), "bool": _("boolean")}


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


def _has_shape(node: yaml.Node, rule: schema.Rule) -> bool:
    """Whether the value is of the kind the key takes (a value of another kind is an error)."""
    shapes = {"map": yaml.MappingNode, "list": yaml.SequenceNode}
    return isinstance(node, shapes.get(rule.kind, yaml.ScalarNode))


def _is_empty_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and scalar_type(node) == "str" and not node.value


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return _("a mapping")
    if isinstance(node, yaml.SequenceNode):
        return _("a list")
    if isinstance(node, yaml.ScalarNode) and scalar_type(node) != "null":
        return f"'{node.value}'"
    return _("empty")


def _not_a_choice(value: str, rule: schema.Rule) -> str:
    if len(rule.choices) <= _LISTED_CHOICES:
        choices = ", ".join(sorted(rule.choices))
        return _("'{value}' must be one of: {choices}.", value=value, choices=choices)
    return _(
        "'{value}' is not in the standard's list ({reference}).",
        value=value,
        reference=rule.choices_reference,
    )


def _unknown_key(name: str, rule: schema.Rule) -> str:
    close = difflib.get_close_matches(name, list(rule.keys), n=1, cutoff=0.75)
    if close:
        return _(
            "'{key}' is not a key of the standard. Did you mean '{close}'?",
            key=name,
            close=close[0],
        )
    return _("'{key}' is not a key of the standard.", key=name)
