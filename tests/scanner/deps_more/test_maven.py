from osunited.scanner.deps._maven import (
    PARSERS,
    parse_buildscript_gradle_lockfile,
    parse_gradle_lockfile,
    parse_pom,
)
from osunited.scanner.deps._model import Dependency, Scope

POM = b"""\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.example</groupId>
    <artifactId>parent</artifactId>
    <version>7.1.0</version>
  </parent>
  <artifactId>app</artifactId>
  <version>2.0.0</version>
  <properties>
    <jackson.version>2.15.3</jackson.version>
    <jackson.core.version>${jackson.version}</jackson.core.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.slf4j</groupId>
        <artifactId>slf4j-api</artifactId>
        <version>2.0.9</version>
      </dependency>
      <dependency>
        <groupId>com.google.guava</groupId>
        <artifactId>guava</artifactId>
        <version>32.1.3-jre</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <!-- <dependency> in a comment does not shift the lines -->
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
      <version>${jackson.core.version}</version>
    </dependency>
    <dependency>
      <groupId>${project.groupId}</groupId>
      <artifactId>app-core</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>org.example</groupId>
      <artifactId>bom-aligned</artifactId>
      <version>${parent.version}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-api</artifactId>
    </dependency>
    <dependency>
      <groupId>junit</groupId>
      <artifactId>junit</artifactId>
      <version>4.13.2</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>jakarta.servlet</groupId>
      <artifactId>jakarta.servlet-api</artifactId>
      <version>6.0.0</version>
      <scope>provided</scope>
    </dependency>
    <dependency>
      <groupId>org.example</groupId>
      <artifactId>from-parent</artifactId>
      <version>${defined.in.parent}</version>
    </dependency>
    <dependency>
      <groupId>org.example</groupId>
      <artifactId>ranged</artifactId>
      <version>[1.0,2.0)</version>
      <classifier>tests</classifier>
    </dependency>
  </dependencies>
</project>
"""


def pom_dependencies() -> dict[str, Dependency]:
    dependencies, problems = parse_pom("pom.xml", POM)
    assert problems == []
    return {d.name: d for d in dependencies}


def test_it_reports_declared_dependencies_but_not_managed_ones() -> None:
    assert list(pom_dependencies()) == [
        "com.fasterxml.jackson.core:jackson-databind",
        "org.example:app-core",
        "org.example:bom-aligned",
        "org.slf4j:slf4j-api",
        "junit:junit",
        "jakarta.servlet:jakarta.servlet-api",
        "org.example:from-parent",
        "org.example:ranged",
    ]


def test_properties_resolve_through_other_properties_and_coordinates() -> None:
    found = pom_dependencies()

    assert found["com.fasterxml.jackson.core:jackson-databind"].version == "2.15.3"
    assert found["org.example:app-core"].version == "2.0.0"
    assert found["org.example:bom-aligned"].version == "7.1.0"


def test_a_missing_version_comes_from_dependency_management() -> None:
    assert pom_dependencies()["org.slf4j:slf4j-api"].version == "2.0.9"


def test_what_only_the_unfetched_parent_defines_and_ranges_have_no_version() -> None:
    found = pom_dependencies()

    assert found["org.example:from-parent"].version is None
    assert found["org.example:from-parent"].purl == "pkg:maven/org.example/from-parent"
    assert found["org.example:ranged"].version is None


def test_test_and_provided_scopes_are_development_and_all_are_direct() -> None:
    found = pom_dependencies()

    assert found["junit:junit"].scope is Scope.DEVELOPMENT
    assert found["jakarta.servlet:jakarta.servlet-api"].scope is Scope.DEVELOPMENT
    assert found["org.slf4j:slf4j-api"].scope is Scope.RUNTIME
    assert all(d.direct for d in found.values())


def test_pom_dependencies_carry_maven_purls_with_the_group_as_namespace() -> None:
    found = pom_dependencies()
    databind = found["com.fasterxml.jackson.core:jackson-databind"]

    assert databind.purl == "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.3"
    assert databind.ecosystem == "Maven"
    assert found["org.example:ranged"].purl == "pkg:maven/org.example/ranged?classifier=tests"


def test_pom_dependencies_point_at_their_dependency_element() -> None:
    found = pom_dependencies()

    assert found["com.fasterxml.jackson.core:jackson-databind"].line == 31
    assert found["junit:junit"].line == 50


def test_a_pom_without_a_namespace_is_read_too() -> None:
    pom = b"""<project><dependencies><dependency><groupId>a</groupId>
    <artifactId>b</artifactId><version>1</version></dependency></dependencies></project>"""

    dependencies, problems = parse_pom("sub/pom.xml", pom)

    assert problems == []
    assert [(d.name, d.version, d.line, d.path) for d in dependencies] == [
        ("a:b", "1", 1, "sub/pom.xml")
    ]


def test_a_dependency_without_an_artifact_id_is_a_problem_with_its_line() -> None:
    pom = b"""<project>
<dependencies>
<dependency><groupId>a</groupId></dependency>
</dependencies></project>"""

    dependencies, problems = parse_pom("pom.xml", pom)

    assert dependencies == []
    assert problems[0].message == "a dependency lacks a resolvable groupId or artifactId"
    assert problems[0].line == 3


def test_malformed_xml_is_a_problem_with_its_line() -> None:
    dependencies, problems = parse_pom("pom.xml", b"<project>\n<dependencies>\n</project>")

    assert dependencies == []
    assert problems[0].message.startswith("invalid XML")
    assert problems[0].line == 3


def test_a_billion_laughs_pom_is_refused_not_expanded() -> None:
    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<project><version>&lol3;</version></project>"""

    dependencies, problems = parse_pom("pom.xml", laughs)

    assert dependencies == []
    assert problems[0].message.startswith("refused unsafe XML")


def test_an_external_entity_pom_is_refused() -> None:
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<project><version>&xxe;</version></project>"""

    assert parse_pom("pom.xml", xxe)[1][0].message.startswith("refused unsafe XML")


def test_another_xml_file_is_not_a_pom() -> None:
    problems = parse_pom("pom.xml", b"<settings/>")[1]

    assert problems[0].message == "not a Maven POM: the root element is <settings>"


def test_self_referencing_properties_do_not_loop() -> None:
    pom = b"""<project><properties><a>${b}</a><b>${a}</b></properties>
    <dependencies><dependency><groupId>g</groupId><artifactId>x</artifactId>
    <version>${a}</version></dependency></dependencies></project>"""

    assert parse_pom("pom.xml", pom)[0][0].version is None


GRADLE_LOCKFILE = b"""\
# This is a Gradle generated file for dependency locking.
# Manual edits can break the build and are not advised.
# This file is expected to be part of source control.
com.google.guava:guava:32.1.3-jre=compileClasspath,runtimeClasspath,testCompileClasspath
junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath
org.mockito:mockito-android:5.7.0=androidTestRuntimeClasspath
empty=annotationProcessor
"""


def test_gradle_lockfile_pins_versions_and_test_only_artifacts_are_development() -> None:
    dependencies, problems = parse_gradle_lockfile("gradle.lockfile", GRADLE_LOCKFILE)

    assert problems == []
    assert [(d.name, d.version, d.scope, d.line) for d in dependencies] == [
        ("com.google.guava:guava", "32.1.3-jre", Scope.RUNTIME, 4),
        ("junit:junit", "4.13.2", Scope.DEVELOPMENT, 5),
        ("org.mockito:mockito-android", "5.7.0", Scope.DEVELOPMENT, 6),
    ]
    assert dependencies[0].purl == "pkg:maven/com.google.guava/guava@32.1.3-jre"


def test_gradle_lockfile_cannot_tell_direct_from_transitive_so_none_is_direct() -> None:
    dependencies, _ = parse_gradle_lockfile("gradle.lockfile", GRADLE_LOCKFILE)

    assert not any(d.direct for d in dependencies)


def test_a_garbled_gradle_line_is_a_problem_and_the_rest_is_kept() -> None:
    dependencies, problems = parse_gradle_lockfile(
        "gradle.lockfile", b"garbage here\na:b:1=runtimeClasspath\n"
    )

    assert [d.name for d in dependencies] == ["a:b"]
    assert problems[0].line == 1
    assert "group:artifact:version=configurations" in problems[0].message


def test_a_gradle_lockfile_that_is_not_utf8_is_a_problem() -> None:
    assert parse_gradle_lockfile("gradle.lockfile", b"\xff\xfe")[1][0].message.startswith(
        "not UTF-8"
    )


def test_the_buildscript_lockfile_is_all_development() -> None:
    dependencies, _ = parse_buildscript_gradle_lockfile(
        "buildscript-gradle.lockfile", b"com.android.tools.build:gradle:8.1.0=classpath\n"
    )

    assert dependencies[0].scope is Scope.DEVELOPMENT


def test_parsers_are_keyed_by_lowercase_file_name() -> None:
    assert set(PARSERS) == {"pom.xml", "gradle.lockfile", "buildscript-gradle.lockfile"}
