from osunited.scanner.deps import _composer, _nuget, _pub, _rubygems
from osunited.scanner.deps._composer import parse_composer_lock
from osunited.scanner.deps._model import Dependency, ParseProblem, Scope
from osunited.scanner.deps._nuget import parse_packages_lock
from osunited.scanner.deps._pub import parse_pubspec_lock
from osunited.scanner.deps._rubygems import parse_gemfile_lock


def by_name(dependencies: list[Dependency]) -> dict[str, Dependency]:
    return {d.name: d for d in dependencies}


COMPOSER_LOCK = b"""\
{
    "_readme": ["This file locks the dependencies of your project to a known state"],
    "content-hash": "0f1e2d",
    "packages": [
        {
            "name": "monolog/monolog",
            "version": "3.5.0",
            "require": {"php": ">=8.1", "psr/log": "^2.0 || ^3.0"},
            "license": ["MIT"],
            "authors": [{"name": "Jordi Boggiano"}]
        },
        {
            "name": "psr/log",
            "version": "3.0.0",
            "license": ["MIT"]
        },
        {
            "name": "acme/dual",
            "version": "v1.2.0",
            "license": ["LGPL-2.1-only", "GPL-3.0-or-later"]
        }
    ],
    "packages-dev": [
        {
            "name": "phpunit/phpunit",
            "version": "10.5.1",
            "license": ["BSD-3-Clause"]
        }
    ]
}
"""


def test_composer_packages_are_runtime_and_packages_dev_development() -> None:
    dependencies, problems = parse_composer_lock("composer.lock", COMPOSER_LOCK)
    found = by_name(dependencies)

    assert problems == []
    assert found["monolog/monolog"].scope is Scope.RUNTIME
    assert found["phpunit/phpunit"].scope is Scope.DEVELOPMENT


def test_composer_packages_required_by_no_other_package_are_direct() -> None:
    found = by_name(parse_composer_lock("composer.lock", COMPOSER_LOCK)[0])

    assert found["monolog/monolog"].direct
    assert found["phpunit/phpunit"].direct
    assert not found["psr/log"].direct


def test_composer_license_arrays_are_a_choice() -> None:
    found = by_name(parse_composer_lock("composer.lock", COMPOSER_LOCK)[0])

    assert found["monolog/monolog"].license == "MIT"
    assert found["acme/dual"].license == "LGPL-2.1-only OR GPL-3.0-or-later"


def test_composer_packages_carry_purl_ecosystem_and_line() -> None:
    found = by_name(parse_composer_lock("composer.lock", COMPOSER_LOCK)[0])

    assert found["monolog/monolog"].purl == "pkg:composer/monolog/monolog@3.5.0"
    assert found["acme/dual"].version == "v1.2.0"
    assert found["monolog/monolog"].ecosystem == "Packagist"
    assert [d.line for d in found.values()] == [6, 13, 18, 25]


def test_a_malformed_composer_lock_is_a_problem_with_its_line() -> None:
    dependencies, problems = parse_composer_lock("composer.lock", b'{\n "packages": [\n}')

    assert dependencies == []
    assert problems[0].message.startswith("invalid JSON")
    assert problems[0].line == 3


def test_a_composer_lock_of_the_wrong_shape_is_a_problem() -> None:
    assert parse_composer_lock("composer.lock", b"[]")[1][0].message == (
        "composer.lock must be a JSON object"
    )
    assert parse_composer_lock("composer.lock", b'{"packages": 1}')[1][0].message == (
        "`packages` must be a list"
    )
    dependencies, problems = parse_composer_lock(
        "composer.lock", b'{"packages": [{"name": "a/b"}, {"name": "c/d", "version": "1"}]}'
    )
    assert [d.name for d in dependencies] == ["c/d"]
    assert problems[0].message == "`packages` #1 lacks a name or version"


GEMFILE_LOCK = b"""\
GIT
  remote: https://github.com/rails/rails.git
  revision: 0123456789abcdef
  specs:
    activesupport (7.1.2)
      concurrent-ruby (~> 1.0, >= 1.0.2)

PATH
  remote: .
  specs:
    myapp (0.1.0)
      rack (>= 2)

GEM
  remote: https://rubygems.org/
  specs:
    concurrent-ruby (1.2.2)
    nokogiri (1.15.4-arm64-darwin)
      racc (~> 1.4)
    nokogiri (1.15.4-x86_64-linux)
      racc (~> 1.4)
    racc (1.7.3)
    rack (3.0.8)
    rspec (3.12.0)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  activesupport!
  myapp!
  nokogiri (~> 1.15)
  rspec

BUNDLED WITH
   2.4.22
"""


def test_gemfile_lock_reports_gem_and_git_specs_but_not_the_project_path() -> None:
    dependencies, problems = parse_gemfile_lock("Gemfile.lock", GEMFILE_LOCK)

    assert problems == []
    assert sorted((d.name, d.version) for d in dependencies) == [
        ("activesupport", "7.1.2"),
        ("concurrent-ruby", "1.2.2"),
        ("nokogiri", "1.15.4"),
        ("racc", "1.7.3"),
        ("rack", "3.0.8"),
        ("rspec", "3.12.0"),
    ]


def test_gemfile_lock_direct_gems_are_those_in_dependencies() -> None:
    found = by_name(parse_gemfile_lock("Gemfile.lock", GEMFILE_LOCK)[0])

    assert {name for name, d in found.items() if d.direct} == {
        "activesupport",
        "nokogiri",
        "rspec",
    }


def test_gemfile_lock_gems_carry_purl_ecosystem_and_line_of_first_spec() -> None:
    found = by_name(parse_gemfile_lock("Gemfile.lock", GEMFILE_LOCK)[0])

    assert found["nokogiri"].purl == "pkg:gem/nokogiri@1.15.4"
    assert found["nokogiri"].ecosystem == "RubyGems"
    assert found["nokogiri"].scope is Scope.RUNTIME
    assert found["nokogiri"].line == 18
    assert found["activesupport"].line == 5


def test_a_merge_conflict_in_gemfile_lock_is_a_problem_with_its_line() -> None:
    conflicted = GEMFILE_LOCK.replace(b"    rack (3.0.8)\n", b"<<<<<<< HEAD\n    rack (3.0.8)\n")

    problems = parse_gemfile_lock("Gemfile.lock", conflicted)[1]

    assert problems[0].line == 23
    assert problems[0].message == "unexpected line '<<<<<<< HEAD'"


def test_an_unreadable_locked_gem_is_a_problem_and_the_rest_is_kept() -> None:
    garbled = b"GEM\n  specs:\n    rack 3.0.8\n    racc (1.7.3)\n"

    dependencies, problems = parse_gemfile_lock("Gemfile.lock", garbled)

    assert [d.name for d in dependencies] == ["racc"]
    assert problems[0].line == 3


def test_a_file_that_is_not_a_gemfile_lock_is_a_problem() -> None:
    problems = parse_gemfile_lock("Gemfile.lock", b"  {\n  }\n")[1]

    assert problems[0].message == "no GEM, GIT or DEPENDENCIES section"


NUGET_LOCK = b"""\
{
  "version": 1,
  "dependencies": {
    "net6.0": {
      "Newtonsoft.Json": {
        "type": "Direct",
        "requested": "[13.0.3, )",
        "resolved": "13.0.3",
        "contentHash": "HrC5BXdl00IP"
      },
      "System.Memory": {
        "type": "Transitive",
        "resolved": "4.5.5",
        "contentHash": "XIWiDvKP"
      },
      "MyCompany.Shared": {
        "type": "Project",
        "dependencies": {"Newtonsoft.Json": "[13.0.3, )"}
      }
    },
    "net8.0": {
      "System.Memory": {
        "type": "Direct",
        "requested": "[4.5.5, )",
        "resolved": "4.5.5"
      },
      "Serilog": {
        "type": "CentralTransitive",
        "requested": "[3.1.1, )",
        "resolved": "3.1.1"
      }
    }
  }
}
"""


def test_nuget_lock_merges_frameworks_and_skips_projects() -> None:
    dependencies, problems = parse_packages_lock("packages.lock.json", NUGET_LOCK)

    assert problems == []
    assert [(d.name, d.version, d.direct) for d in dependencies] == [
        ("Newtonsoft.Json", "13.0.3", True),
        ("System.Memory", "4.5.5", True),
        ("Serilog", "3.1.1", False),
    ]


def test_nuget_packages_carry_purl_ecosystem_and_line() -> None:
    found = by_name(parse_packages_lock("packages.lock.json", NUGET_LOCK)[0])

    assert found["Newtonsoft.Json"].purl == "pkg:nuget/Newtonsoft.Json@13.0.3"
    assert found["Newtonsoft.Json"].ecosystem == "NuGet"
    assert found["Newtonsoft.Json"].line == 5
    assert found["Serilog"].line == 27
    assert found["Serilog"].scope is Scope.RUNTIME


def test_a_nuget_lock_of_the_wrong_shape_is_a_problem() -> None:
    assert parse_packages_lock("packages.lock.json", b'{"version": 1}')[1][0].message == (
        "`dependencies` must be an object of target frameworks"
    )
    dependencies, problems = parse_packages_lock(
        "packages.lock.json",
        b'{"dependencies": {"net6.0": {"A": {"type": "Direct"}}, "net7.0": []}}',
    )
    assert dependencies == []
    assert [p.message for p in problems] == [
        "`A` (net6.0) lacks a name or a resolved version",
        "framework `net7.0` must be an object",
    ]


def test_a_malformed_nuget_lock_is_a_problem_with_its_line() -> None:
    problems = parse_packages_lock("packages.lock.json", b'{\n  "dependencies": {,\n}')[1]

    assert problems[0].line == 2


PUBSPEC_LOCK = b"""\
# Generated by pub
# See https://dart.dev/tools/pub/glossary#lockfile
packages:
  async:
    dependency: transitive
    description:
      name: async
      sha256: "947bfcf1"
      url: "https://pub.dev"
    source: hosted
    version: "2.11.0"
  flutter:
    dependency: "direct main"
    description: flutter
    source: sdk
    version: "0.0.0"
  http:
    dependency: "direct main"
    description:
      name: http
      url: "https://pub.dev"
    source: hosted
    version: "1.1.2"
  local_widgets:
    dependency: "direct main"
    description:
      path: "../local_widgets"
      relative: true
    source: path
    version: "0.1.0"
  meta:
    dependency: "direct overridden"
    description:
      name: meta
      url: "https://pub.dev"
    source: hosted
    version: "1.11.0"
  test:
    dependency: "direct dev"
    description:
      name: test
      url: "https://pub.dev"
    source: hosted
    version: "1.24.9"
sdks:
  dart: ">=3.2.0 <4.0.0"
"""


def test_pubspec_lock_direct_kinds_and_dev_scope() -> None:
    dependencies, problems = parse_pubspec_lock("pubspec.lock", PUBSPEC_LOCK)

    assert problems == []
    assert [(d.name, d.direct, d.scope) for d in dependencies] == [
        ("async", False, Scope.RUNTIME),
        ("http", True, Scope.RUNTIME),
        ("meta", True, Scope.RUNTIME),
        ("test", True, Scope.DEVELOPMENT),
    ]


def test_pubspec_packages_carry_purl_ecosystem_and_line() -> None:
    found = by_name(parse_pubspec_lock("pubspec.lock", PUBSPEC_LOCK)[0])

    assert found["http"].purl == "pkg:pub/http@1.1.2"
    assert found["http"].ecosystem == "Pub"
    assert found["http"].line == 17
    assert found["test"].line == 38


def test_a_malformed_pubspec_lock_is_a_problem_with_its_line() -> None:
    dependencies, problems = parse_pubspec_lock("pubspec.lock", b"packages:\n  a: 1\n  - b\n")

    assert dependencies == []
    # libyaml and the pure-Python parser word this differently; both name the line.
    assert problems[0].message.startswith("invalid YAML: ")
    assert problems[0].line == 3


def test_a_pubspec_lock_of_the_wrong_shape_is_a_problem() -> None:
    assert parse_pubspec_lock("pubspec.lock", b"- 1\n")[1][0].message == (
        "`packages` must be a mapping"
    )
    problems = parse_pubspec_lock("pubspec.lock", b"packages:\n  a:\n    version: 1\n")[1]
    assert problems[0].message == "package `a` lacks a name or a version string"
    assert problems[0].line == 2


def test_a_pubspec_lock_that_is_not_utf8_is_a_problem() -> None:
    assert parse_pubspec_lock("pubspec.lock", b"\xff")[1][0].message.startswith("not UTF-8")


def test_each_module_keys_its_parsers_by_lowercase_file_name() -> None:
    assert set(_composer.PARSERS) == {"composer.lock"}
    assert set(_rubygems.PARSERS) == {"gemfile.lock"}
    assert set(_nuget.PARSERS) == {"packages.lock.json"}
    assert set(_pub.PARSERS) == {"pubspec.lock"}


def test_absurdly_nested_json_and_yaml_are_problems_not_recursion_errors() -> None:
    assert parse_composer_lock("composer.lock", b"[" * 5_000)[1][0].message == (
        "invalid JSON: nested too deeply"
    )
    assert parse_packages_lock("packages.lock.json", b"[" * 5_000)[1][0].message == (
        "invalid JSON: nested too deeply"
    )
    assert parse_pubspec_lock("pubspec.lock", b"[" * 5_000)[1][0].message.startswith(
        "invalid YAML: "
    )


def test_packages_without_a_name_are_problems_not_crashes() -> None:
    composer = b'{"packages": [{"name": "vendor/", "version": "1"}]}'
    nuget = b'{"dependencies": {"net8.0": {"": {"type": "Direct", "resolved": "1"}}}}'
    pub = b'packages:\n  "":\n    version: "1"\n'

    assert parse_composer_lock("composer.lock", composer) == (
        [],
        [ParseProblem("composer.lock", "`packages` #1 lacks a name or version")],
    )
    assert parse_packages_lock("packages.lock.json", nuget)[0] == []
    assert parse_pubspec_lock("pubspec.lock", pub)[0] == []


def test_gemfile_lock_checksums_section_does_not_add_gems() -> None:
    lock = b"""\
GEM
  remote: https://rubygems.org/
  specs:
    rake (13.1.0)

DEPENDENCIES
  rake

CHECKSUMS
  rake (13.1.0) sha256=1b1a5b1c
  zeitwerk (2.6.12) sha256=0a0b0c0d

BUNDLED WITH
   2.5.3
"""
    dependencies, problems = parse_gemfile_lock("Gemfile.lock", lock)

    assert problems == []
    assert [(d.name, d.direct, d.line) for d in dependencies] == [("rake", True, 4)]
