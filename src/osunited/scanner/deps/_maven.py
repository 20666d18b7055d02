"""Java dependencies from Maven's `pom.xml` and Gradle's `gradle.lockfile`."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException
from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope
from osunited.scanner.deps._source_text import decode, line_of

ECOSYSTEM = "Maven"
Result = tuple[list[Dependency], list[ParseProblem]]

_DEVELOPMENT_SCOPES = {"test", "provided"}
_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LOCKED = re.compile(r"^([^:=\s]+):([^:=\s]+):([^:=\s]+)=(.*)$")
_MAX_PROPERTY_DEPTH = 10


def parse_pom(path: str, content: bytes) -> Result:
    """The dependencies a `pom.xml` declares, all direct.

    `${...}` placeholders are resolved from `<properties>`, the project's and its parent's
    coordinates; the parent POM itself is not fetched, so what it alone defines stays unknown
    (version None). Versions missing from a dependency are taken from this POM's
    `<dependencyManagement>`, whose entries are not dependencies themselves. Scopes `test` and
    `provided` are development.
    """
    root = _parse_xml(path, content)
    if isinstance(root, ParseProblem):
        return [], [root]
    if _local(root.tag) != "project":
        return [], [
            ParseProblem(path, f"not a Maven POM: the root element is <{_local(root.tag)}>")
        ]
    properties = _properties(root)
    managed = _managed_versions(root, properties)
    lines = _dependency_lines(content.decode("utf-8", errors="replace"), root)
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []
    for element in _children(_child(root, "dependencies"), "dependency"):
        found = _declared(path, element, properties, managed, lines.get(id(element)))
        if isinstance(found, ParseProblem):
            problems.append(found)
        else:
            dependencies.append(found)
    return dependencies, problems


def parse_gradle_lockfile(path: str, content: bytes) -> Result:
    """The artifacts a `gradle.lockfile` pins, as `group:artifact:version=configurations`.

    The lockfile does not tell direct from transitive, so every artifact is reported as
    transitive (direct=False). An artifact only in test configurations is development.
    """
    return _parse_locked(path, content, build_only=False)


def parse_buildscript_gradle_lockfile(path: str, content: bytes) -> Result:
    """The build's own plugins and their classpath, all development."""
    return _parse_locked(path, content, build_only=True)


def _parse_xml(path: str, content: bytes) -> Element | ParseProblem:
    try:
        return SafeElementTree.fromstring(content, forbid_dtd=True)
    except DefusedXmlException as error:
        return ParseProblem(path, f"refused unsafe XML: {type(error).__name__}")
    except ParseError as error:
        return ParseProblem(path, f"invalid XML: {error}", error.position[0])


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    return next((child for child in element if _local(child.tag) == name), None)


def _children(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else [c for c in element if _local(c.tag) == name]


def _text(element: Element | None, name: str) -> str | None:
    child = _child(element, name)
    return child.text.strip() if child is not None and child.text else None


def _properties(root: Element) -> dict[str, str]:
    """What `${...}` can name: `<properties>` and the project's and parent's coordinates."""
    parent = _child(root, "parent")
    found: dict[str, str] = {}
    for field in ("groupId", "artifactId", "version"):
        parent_value = _text(parent, field)
        value = _text(root, field) or (parent_value if field != "artifactId" else None)
        for name, known in ((f"project.{field}", value), (f"project.parent.{field}", parent_value)):
            if known is not None:
                found[name] = known
                found[name.removeprefix("project.")] = known
    found["pom.version"] = found.get("project.version", "")
    for child in _child(root, "properties") or []:
        found[_local(child.tag)] = (child.text or "").strip()
    return {name: value for name, value in found.items() if value}


def _resolve(value: str | None, properties: dict[str, str]) -> str | None:
    """The value with its placeholders filled in; None when one cannot be."""
    for _ in range(_MAX_PROPERTY_DEPTH):
        if value is None or "${" not in value:
            return value
        value = _PLACEHOLDER.sub(lambda m: properties.get(m.group(1), m.group(0)), value)
        if all(name not in properties for name in _PLACEHOLDER.findall(value)):
            return None if "${" in value else value
    return None


def _managed_versions(root: Element, properties: dict[str, str]) -> dict[str, str]:
    """`group:artifact` → version, from this POM's `<dependencyManagement>`."""
    management = _child(_child(root, "dependencyManagement"), "dependencies")
    managed: dict[str, str] = {}
    for element in _children(management, "dependency"):
        group = _resolve(_text(element, "groupId"), properties)
        artifact = _resolve(_text(element, "artifactId"), properties)
        version = _resolve(_text(element, "version"), properties)
        if group and artifact and version:
            managed[f"{group}:{artifact}"] = version
    return managed


def _dependency_lines(text: str, root: Element) -> dict[int, int]:
    """The line of each `<dependency>` element, by matching opening tags in document order."""
    blanked = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    tags = re.finditer(r"<(?:[\w.-]+:)?dependency[\s/>]", blanked)
    lines = [line_of(blanked, tag.start()) for tag in tags]
    elements = [e for e in root.iter() if _local(e.tag) == "dependency"]
    if len(lines) != len(elements):
        return {}
    return {id(element): line for element, line in zip(elements, lines, strict=True)}


def _declared(
    path: str,
    element: Element,
    properties: dict[str, str],
    managed: dict[str, str],
    line: int | None,
) -> Dependency | ParseProblem:
    group = _resolve(_text(element, "groupId"), properties)
    artifact = _resolve(_text(element, "artifactId"), properties)
    if not group or not artifact:
        return ParseProblem(path, "a dependency lacks a resolvable groupId or artifactId", line)
    name = f"{group}:{artifact}"
    version = _exact(_resolve(_text(element, "version"), properties) or managed.get(name))
    scope = (_text(element, "scope") or "compile").lower()
    qualifiers = {
        key: value
        for key, value in (
            ("classifier", _text(element, "classifier")),
            ("type", _text(element, "type")),
        )
        if value and value != "jar"
    }
    purl = PackageURL("maven", group, artifact, version, qualifiers or None)
    return maven_dependency(purl, path, True, scope in _DEVELOPMENT_SCOPES, line)


def _exact(version: str | None) -> str | None:
    """Ranges such as `[1.0,2.0)` pin nothing."""
    if version is None or version[:1] in "[(":
        return None
    return version


def maven_dependency(
    purl: PackageURL, path: str, direct: bool, development: bool, line: int | None
) -> Dependency:
    return Dependency(
        purl=purl.to_string(),
        ecosystem=ECOSYSTEM,
        name=f"{purl.namespace}:{purl.name}",
        version=purl.version,
        direct=direct,
        scope=Scope.DEVELOPMENT if development else Scope.RUNTIME,
        path=path,
        line=line,
    )


def _parse_locked(path: str, content: bytes, *, build_only: bool) -> Result:
    text = decode(path, content)
    if isinstance(text, ParseProblem):
        return [], [text]
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("empty="):
            continue
        locked = _LOCKED.match(line)
        if locked is None:
            problems.append(
                ParseProblem(path, f"not group:artifact:version=configurations: {line!r}", number)
            )
            continue
        group, artifact, version, configurations = locked.groups()
        development = build_only or _only_tests(configurations)
        purl = PackageURL("maven", group, artifact, version)
        dependencies.append(maven_dependency(purl, path, False, development, number))
    return dependencies, problems


def _only_tests(configurations: str) -> bool:
    """True when every configuration is a test one (testCompileClasspath, androidTest...)."""
    names = [name.strip() for name in configurations.split(",") if name.strip()]
    return bool(names) and all("test" in name.lower() for name in names)


PARSERS: dict[str, Callable[[str, bytes], Result]] = {
    "pom.xml": parse_pom,
    "gradle.lockfile": parse_gradle_lockfile,
    "buildscript-gradle.lockfile": parse_buildscript_gradle_lockfile,
}
