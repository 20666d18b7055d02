"""Gradle builds: the dependencies of build.gradle and build.gradle.kts scripts, with the version
catalogs they name, in a multi-module build; manifests the scanner does not read are said to be
"not read", never "no dependencies"."""

from __future__ import annotations

from osunited.scanner import Outcome, scan
from osunited.scanner.deps import Dependency, Scope
from osunited.scanner.deps._gradle import Reader, parse_build_script, parse_catalog
from tests.scanner.conftest import TreeMaker

CATALOG = """\
[versions]
junit = "5.10.2"
guava = { strictly = "33.0.0-jre" }

[libraries]
guava = { module = "com.google.guava:guava", version.ref = "guava" }
junit-api = { group = "org.junit.jupiter", name = "junit-jupiter-api", version.ref = "junit" }
junit-jupiter-engine = { module = "org.junit.jupiter:junit-jupiter-engine", version.ref = "junit" }
slf4j = "org.slf4j:slf4j-api:2.0.12"
jackson-bom = { module = "com.fasterxml.jackson:jackson-bom", version = "[2.16,3)" }

[bundles]
junit = ["junit-api", "junit-jupiter-engine"]

[plugins]
spotless = { id = "com.diffplug.spotless", version = "6.25.0" }
"""

KOTLIN_SCRIPT = """\
plugins {
    alias(libs.plugins.spotless)
}

dependencies {
    implementation(libs.guava)
    api(libs.slf4j) // the logging API
    implementation(platform(libs.jackson.bom))
    implementation(project(":core"))
    testImplementation(libs.bundles.junit)
    implementation(kotlin("stdlib"))
}
"""

GROOVY_SCRIPT = """\
buildscript {
    dependencies {
        classpath 'com.android.tools.build:gradle:8.2.0'
    }
}
ext {
    retrofitVersion = '2.9.0'
}
dependencies {
    implementation "com.squareup.retrofit2:retrofit:$retrofitVersion"
    implementation group: 'org.apache.commons', name: 'commons-lang3', version: '3.14.0'
    compileOnly 'org.projectlombok:lombok:1.18.30'
    runtimeOnly "org.postgresql:postgresql:${postgresVersion}"
    implementation 'com.example:dynamic:1.+'
    implementation files('libs/local.jar')
}
"""


def _reader(files: dict[str, str]) -> Reader:
    return lambda path: files[path].encode() if path in files else None


def _found(deps: list[Dependency]) -> set[tuple[str, str | None, Scope, int | None]]:
    return {(d.name, d.version, d.scope, d.line) for d in deps}


def test_a_kotlin_script_resolves_its_catalog_aliases_and_bundles() -> None:
    files = {"gradle/libs.versions.toml": CATALOG}
    deps, problems = parse_build_script(
        "app/build.gradle.kts", KOTLIN_SCRIPT.encode(), _reader(files)
    )
    assert problems == []
    assert _found(deps) == {
        ("com.google.guava:guava", "33.0.0-jre", Scope.RUNTIME, 6),
        ("org.slf4j:slf4j-api", "2.0.12", Scope.RUNTIME, 7),
        ("com.fasterxml.jackson:jackson-bom", None, Scope.RUNTIME, 8),  # a range pins nothing
        ("org.junit.jupiter:junit-jupiter-api", "5.10.2", Scope.DEVELOPMENT, 10),
        ("org.junit.jupiter:junit-jupiter-engine", "5.10.2", Scope.DEVELOPMENT, 10),
        ("org.jetbrains.kotlin:kotlin-stdlib", None, Scope.RUNTIME, 11),
    }
    assert all(
        d.direct and d.ecosystem == "Maven" and d.path == "app/build.gradle.kts" for d in deps
    )


def test_a_groovy_script_reads_strings_maps_and_versions_from_properties() -> None:
    files = {"gradle.properties": "# versions\npostgresVersion=42.7.1\n"}
    deps, _ = parse_build_script("build.gradle", GROOVY_SCRIPT.encode(), _reader(files))
    assert _found(deps) == {
        ("com.android.tools.build:gradle", "8.2.0", Scope.DEVELOPMENT, 3),
        ("com.squareup.retrofit2:retrofit", "2.9.0", Scope.RUNTIME, 10),
        ("org.apache.commons:commons-lang3", "3.14.0", Scope.RUNTIME, 11),
        ("org.projectlombok:lombok", "1.18.30", Scope.DEVELOPMENT, 12),
        ("org.postgresql:postgresql", "42.7.1", Scope.RUNTIME, 13),
        ("com.example:dynamic", None, Scope.RUNTIME, 14),
    }


def test_an_invalid_catalog_is_a_problem_of_its_own() -> None:
    _, problems = parse_catalog("gradle/libs.versions.toml", b"[libraries\nx = 1")
    (problem,) = problems
    assert problem.message.startswith("invalid TOML")


def test_a_multi_module_gradle_build_has_dependencies(make_tree: TreeMaker) -> None:
    files: dict[str, str | bytes] = {
        "settings.gradle.kts": 'include(":app", ":core")\n',
        "gradle/libs.versions.toml": CATALOG,
        "buildSrc/build.gradle.kts": "dependencies {\n    implementation(libs.guava)\n}\n",
    }
    files |= {f"module{n}/build.gradle.kts": KOTLIN_SCRIPT for n in range(20)}
    report = scan(make_tree(files), use_cache=False, only=["deps.inventory"])
    (result,) = report.results
    assert result.outcome == Outcome.PASS
    assert result.data["total"] == 20 * 6 + 1
    assert result.summary == "121 dependencies (121 direct) in 22 file(s)."
    build_logic = [d for d in report.dependencies if d.path.startswith("buildSrc/")]
    assert [d.scope for d in build_logic] == [Scope.DEVELOPMENT]


def test_manifests_that_are_not_read_are_not_reported_as_no_dependencies(
    make_tree: TreeMaker,
) -> None:
    tree = make_tree({"DESCRIPTION": "Package: planner\nImports: dplyr\n", "build.sbt": ""})
    (result,) = scan(tree, use_cache=False, only=["deps.inventory"]).results
    assert result.outcome == Outcome.NOT_AVAILABLE
    assert result.summary == (
        "Dependencies not read: the scanner does not read DESCRIPTION, build.sbt (2 file(s))."
    )


def test_an_unread_manifest_beside_read_ones_is_named(make_tree: TreeMaker) -> None:
    tree = make_tree({"go.mod": "module example.org/x\n", "api/Package.swift": "// swift\n"})
    (result,) = scan(tree, use_cache=False, only=["deps.inventory"]).results
    assert result.outcome == Outcome.PASS
    assert result.summary.endswith(
        " Not read: the scanner does not read Package.swift (1 file(s))."
    )
    assert result.data["unread"] == ["api/Package.swift"]
