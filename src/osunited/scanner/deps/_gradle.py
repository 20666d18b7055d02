"""Java and Kotlin dependencies declared in Gradle build scripts (`build.gradle`,
`build.gradle.kts`), with the version catalogs they name (`gradle/libs.versions.toml`).

A build script is a program; it is read, never run. Declarations in the usual forms are found:
`implementation 'g:a:1.0'`, `api("g:a:$version")`, `testImplementation(libs.junit)`,
`implementation(libs.bundles.x)`, `implementation group: 'g', name: 'a', version: '1.0'`,
`implementation(kotlin("stdlib"))`. `$name` versions are looked up in the script's own simple
assignments and in `gradle.properties`; what a script computes otherwise stays unknown (version
None). Test, compile-only, annotation-processor and build-script (`classpath`, `buildSrc/`)
configurations are development."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from packageurl import PackageURL

from osunited.scanner.deps._maven import maven_dependency
from osunited.scanner.deps._model import Dependency, ParseProblem
from osunited.scanner.deps._source_text import decode

Reader = Callable[[str], bytes | None]
Result = tuple[list[Dependency], list[ParseProblem]]
ECOSYSTEM = "Maven"

_CONFIGURATION = (
    r"(?<![\w.])(?P<conf>(?:[a-z]\w*?)?(?:implementation|Implementation|api|Api|compileOnly|"
    r"CompileOnly|compileOnlyApi|runtimeOnly|RuntimeOnly|compile|Compile|runtime|Runtime|"
    r"annotationProcessor|AnnotationProcessor)|kapt\w*|ksp\w*|classpath|developmentOnly|"
    r"coreLibraryDesugaring|detektPlugins|lintChecks)\b\s*\(?\s*"
    r"(?:(?:platform|enforcedPlatform|testFixtures)\s*\(\s*)?"
)
_STRING = re.compile(_CONFIGURATION + r"[\"'](?P<coords>[^\"'\s]+:[^\"'\s]+)[\"']")
_CATALOG = re.compile(
    _CONFIGURATION + r"(?P<catalog>[a-z]\w*)\.(?P<alias>[\w.]+?)(?:\.get\(\))?\s*(?:\)|$)"
)
_MAP = re.compile(
    _CONFIGURATION + r"\(?\s*group\s*[:=]\s*[\"'](?P<group>[^\"']+)[\"']\s*,\s*"
    r"name\s*[:=]\s*[\"'](?P<name>[^\"']+)[\"']"
    r"(?:\s*,\s*version\s*[:=]\s*[\"'](?P<version>[^\"']+)[\"'])?"
)
_KOTLIN = re.compile(
    _CONFIGURATION + r"kotlin\s*\(\s*\"(?P<module>[\w-]+)\"(?:\s*,\s*\"(?P<version>[^\"]+)\")?"
)
_ASSIGNED = re.compile(
    r"^\s*(?:(?:val|var|def|ext\.|extra\[\")\s*)?(?P<name>\w+)\"?\]?\s*=\s*"
    r"[\"'](?P<value>[^\"'$]+)[\"']"
)
_PLACEHOLDER = re.compile(r"\$\{?(?:(?:project|rootProject|ext|extra)\.)*(\w+)\}?")
_DEVELOPMENT = re.compile(
    r"test|compileonly|annotationprocessor|kapt|ksp|classpath|developmentonly|detekt|lint|"
    r"desugaring",
    re.I,
)
_NOT_EXACT = re.compile(r"[\[\](),+]|^latest\.|\$")
_COMMENT = re.compile(r"//.*$|/\*.*?\*/")


@dataclass(frozen=True)
class _Library:
    group: str
    artifact: str
    version: str | None


@dataclass
class _Catalog:
    libraries: dict[str, _Library]
    bundles: dict[str, list[str]]


def parse_build_script(path: str, content: bytes, read: Reader | None = None) -> Result:
    """The dependencies a Gradle build script declares, all direct."""
    text = decode(path, content)
    if isinstance(text, ParseProblem):
        return [], [text]
    properties = _properties(path, text, read)
    catalogs: dict[str, _Catalog | None] = {}
    build_logic = "buildsrc" in path.lower().split("/")[:-1]
    found: list[Dependency] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", raw)
        for conf, library in _declared(path, line, properties, catalogs, read):
            development = build_logic or bool(_DEVELOPMENT.search(conf))
            found.append(_dependency(library, path, development, number))
    return found, []


def parse_catalog(path: str, content: bytes, read: Reader | None = None) -> Result:
    """A version catalog declares what build scripts may use, not what they do use: its
    libraries are reported where a script names them. Read here to say when it is invalid."""
    text = decode(path, content)
    if isinstance(text, ParseProblem):
        return [], [text]
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [], [ParseProblem(path, f"invalid TOML: {error}")]
    except RecursionError:
        return [], [ParseProblem(path, "invalid TOML: nested too deeply")]
    return [], []


def _declared(
    path: str,
    line: str,
    properties: dict[str, str],
    catalogs: dict[str, _Catalog | None],
    read: Reader | None,
) -> list[tuple[str, _Library]]:
    found: list[tuple[str, _Library]] = []
    for match in _STRING.finditer(line):
        library = _from_coordinates(match["coords"], properties)
        if library is not None:
            found.append((match["conf"], library))
    for match in _MAP.finditer(line):
        version = _resolve(match["version"], properties)
        found.append((match["conf"], _Library(match["group"], match["name"], version)))
    for match in _KOTLIN.finditer(line):
        artifact = f"kotlin-{match['module']}"
        version = _resolve(match["version"], properties)
        found.append((match["conf"], _Library("org.jetbrains.kotlin", artifact, version)))
    for match in _CATALOG.finditer(line):
        catalog = _catalog_for(path, match["catalog"], catalogs, read)
        if catalog is not None:
            found += [(match["conf"], lib) for lib in _aliased(catalog, match["alias"])]
    return found


def _from_coordinates(coordinates: str, properties: dict[str, str]) -> _Library | None:
    """`group:artifact[:version[:classifier]][@extension]`; None for a file or project path."""
    parts = coordinates.split("@", 1)[0].split(":")
    if len(parts) < 2 or not parts[0] or not parts[1] or "/" in parts[0]:
        return None
    version = _resolve(parts[2], properties) if len(parts) > 2 else None
    return _Library(parts[0], parts[1], version)


def _resolve(version: str | None, properties: dict[str, str]) -> str | None:
    """The exact version, with `$name` filled in; None for ranges, dynamic or unknown ones."""
    if not version:
        return None
    resolved = _PLACEHOLDER.sub(lambda m: properties.get(m.group(1), m.group(0)), version)
    return None if _NOT_EXACT.search(resolved) else resolved


def _properties(path: str, text: str, read: Reader | None) -> dict[str, str]:
    """Simple `name = "value"` assignments of the script, over `gradle.properties` of its folder
    and the folders above."""
    found: dict[str, str] = {}
    for folder in reversed(_folders(path)):
        properties = _read_text(read, f"{folder}gradle.properties")
        for raw in (properties or "").splitlines():
            name, equals, value = raw.partition("=")
            if equals and not raw.lstrip().startswith(("#", "!")):
                found[name.strip()] = value.strip()
    for raw in text.splitlines():
        assigned = _ASSIGNED.match(raw)
        if assigned:
            found[assigned["name"]] = assigned["value"]
    return found


def _folders(path: str) -> list[str]:
    """The folders from the script's own up to the top, each ending with `/` (the top: "")."""
    parents = [str(parent) for parent in PurePosixPath(path).parents]
    return [f"{parent}/" if parent != "." else "" for parent in parents]


def _catalog_for(
    path: str, name: str, catalogs: dict[str, _Catalog | None], read: Reader | None
) -> _Catalog | None:
    """The catalog `name` (`libs`: gradle/libs.versions.toml) of the nearest folder that has one."""
    if name not in catalogs:
        texts = (_read_text(read, f"{f}gradle/{name}.versions.toml") for f in _folders(path))
        text = next((t for t in texts if t is not None), None)
        catalogs[name] = _load_catalog(text) if text is not None else None
    return catalogs[name]


def _load_catalog(text: str) -> _Catalog | None:
    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None  # said once, by parse_catalog
    versions = document.get("versions", {})
    libraries = {
        _accessor(alias): library
        for alias, entry in _table(document, "libraries").items()
        if (library := _library(entry, versions)) is not None
    }
    bundles = {
        _accessor(alias): [_accessor(str(a)) for a in members]
        for alias, members in _table(document, "bundles").items()
        if isinstance(members, list)
    }
    return _Catalog(libraries, bundles)


def _table(document: dict[str, Any], name: str) -> dict[str, Any]:
    table = document.get(name, {})
    return table if isinstance(table, dict) else {}


def _library(entry: object, versions: dict[str, Any]) -> _Library | None:
    if isinstance(entry, str):
        return _from_coordinates(entry, {})
    if not isinstance(entry, dict):
        return None
    module = entry.get("module")
    group, _, artifact = module.partition(":") if isinstance(module, str) else ("", "", "")
    group, artifact = entry.get("group", group), entry.get("name", artifact)
    if not group or not artifact:
        return None
    version = entry.get("version")
    if isinstance(version, dict) and "ref" in version:
        version = versions.get(version["ref"])
    return _Library(str(group), str(artifact), _catalog_version(version))


def _catalog_version(version: object) -> str | None:
    """A plain version, or the `strictly`, `require` or `prefer` of a rich one, if exact."""
    if isinstance(version, dict):
        rich = (version[key] for key in ("strictly", "require", "prefer") if key in version)
        version = next(rich, None)
    return _resolve(version, {}) if isinstance(version, str) else None


def _accessor(alias: str) -> str:
    """Gradle reads `-`, `_` and `.` in an alias alike: `junit-jupiter` is `libs.junit.jupiter`."""
    return re.sub(r"[-_.]", ".", alias)


def _aliased(catalog: _Catalog, accessor: str) -> list[_Library]:
    if accessor.startswith(("versions.", "plugins.")):
        return []
    if accessor.startswith("bundles."):
        members = catalog.bundles.get(accessor.removeprefix("bundles."), [])
        return [catalog.libraries[m] for m in members if m in catalog.libraries]
    library = catalog.libraries.get(accessor)
    return [library] if library is not None else []


def _read_text(read: Reader | None, path: str) -> str | None:
    content = read(path) if read is not None else None
    if content is None:
        return None
    text = decode(path, content)
    return None if isinstance(text, ParseProblem) else text


def _dependency(library: _Library, path: str, development: bool, line: int) -> Dependency:
    purl = PackageURL("maven", library.group, library.artifact, library.version)
    return maven_dependency(purl, path, True, development, line)


PARSERS: dict[str, Callable[..., Result]] = {
    "build.gradle": parse_build_script,
    "build.gradle.kts": parse_build_script,
    "gradle/*.versions.toml": parse_catalog,
}
