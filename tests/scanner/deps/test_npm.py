from __future__ import annotations

import json

import pytest
import yaml

from osunited.scanner.deps._model import Dependency, Scope
from osunited.scanner.deps._npm import (
    PARSERS,
    parse_package_json,
    parse_package_lock,
    parse_pnpm_lock,
    parse_yarn_lock,
)

PACKAGE_JSON = """\
{
  "name": "app",
  "version": "1.0.0",
  "devDependencies": {
    "jest": "^29.7.0"
  },
  "dependencies": {
    "@babel/core": "7.24.0",
    "lodash": "^4.17.21"
  },
  "optionalDependencies": {
    "fsevents": "~2.3.3"
  }
}
"""


def reader(files: dict[str, str]):
    def read(path: str) -> bytes | None:
        text = files.get(path)
        return text.encode() if text is not None else None

    return read


def summary(dependencies: list[Dependency]) -> dict[str, tuple[str | None, bool, Scope]]:
    return {d.name: (d.version, d.direct, d.scope) for d in dependencies}


def by_name(dependencies: list[Dependency]) -> dict[str, Dependency]:
    return {d.name: d for d in dependencies}


# --- package.json ----------------------------------------------------------------------------


def test_package_json_declares_direct_dependencies_with_scopes():
    deps, problems = parse_package_json("web/package.json", PACKAGE_JSON.encode())
    assert problems == []
    assert summary(deps) == {
        "jest": (None, True, Scope.DEVELOPMENT),
        "@babel/core": ("7.24.0", True, Scope.RUNTIME),
        "lodash": (None, True, Scope.RUNTIME),
        "fsevents": (None, True, Scope.RUNTIME),
    }


def test_package_json_scoped_names_become_the_purl_namespace():
    deps = by_name(parse_package_json("package.json", PACKAGE_JSON.encode())[0])
    assert deps["@babel/core"].purl == "pkg:npm/%40babel/core@7.24.0"
    assert deps["lodash"].purl == "pkg:npm/lodash"
    assert deps["lodash"].ecosystem == "npm"


def test_package_json_lines_follow_the_file_order():
    deps = by_name(parse_package_json("package.json", PACKAGE_JSON.encode())[0])
    assert (deps["jest"].line, deps["@babel/core"].line, deps["fsevents"].line) == (5, 8, 12)


def test_invalid_package_json_is_a_problem_with_its_line():
    deps, problems = parse_package_json(
        "package.json", b'{\n  "dependencies": {\n    "a": \n  }\n}'
    )
    assert deps == []
    assert problems[0].message.startswith("invalid JSON")
    assert problems[0].line == 4


def test_hostile_nesting_and_a_byte_order_mark_are_handled_like_every_json_file():
    _, problems = parse_package_json("package.json", b"[" * 100_000 + b"]" * 100_000)
    assert problems[0].message == "invalid JSON: nested too deeply"
    deps, problems = parse_package_json(
        "package.json", b'\xef\xbb\xbf{"dependencies": {"left-pad": "1.3.0"}}'
    )
    assert (problems, [d.name for d in deps]) == ([], ["left-pad"])


def test_a_package_json_that_is_not_an_object_is_a_problem():
    _, problems = parse_package_json("package.json", b'"just a string"')
    assert problems[0].message == "package.json is not a JSON object"


# --- package-lock.json -----------------------------------------------------------------------

LOCK_V1 = """\
{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "jest": {
      "version": "29.7.0",
      "dev": true,
      "requires": {
        "lodash": "^4.0.0"
      },
      "dependencies": {
        "lodash": {
          "version": "4.0.1",
          "dev": true
        }
      }
    },
    "lodash": {
      "version": "4.17.21",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"
    },
    "mylib": {
      "version": "git+https://github.com/unicef/mylib.git#abc123"
    }
  }
}
"""


def test_package_lock_v1_walks_nested_dependencies():
    files = {"package.json": PACKAGE_JSON}
    deps, problems = parse_package_lock("package-lock.json", LOCK_V1.encode(), reader(files))
    assert problems == []
    assert [(d.name, d.version, d.direct, d.scope, d.line) for d in deps] == [
        ("jest", "29.7.0", True, Scope.DEVELOPMENT, 7),
        ("lodash", "4.0.1", False, Scope.DEVELOPMENT, 14),
        ("lodash", "4.17.21", True, Scope.RUNTIME, 20),
        ("mylib", None, False, Scope.RUNTIME, 24),
    ]


def test_package_lock_v1_without_package_json_marks_nothing_direct():
    deps, _ = parse_package_lock("package-lock.json", LOCK_V1.encode())
    assert not any(d.direct for d in deps)


LOCK_V3 = """\
{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "app",
      "version": "1.0.0",
      "workspaces": ["packages/ui"],
      "dependencies": {
        "@babel/core": "7.24.0"
      },
      "devDependencies": {
        "jest": "^29.7.0"
      }
    },
    "node_modules/@babel/core": {
      "version": "7.24.0",
      "license": "MIT",
      "dependencies": {
        "debug": "^4.1.0"
      }
    },
    "node_modules/debug": {
      "version": "4.3.4",
      "license": "MIT"
    },
    "node_modules/fsevents": {
      "version": "2.3.3",
      "optional": true,
      "license": "MIT"
    },
    "node_modules/jest": {
      "version": "29.7.0",
      "dev": true,
      "license": "MIT"
    },
    "node_modules/jest/node_modules/debug": {
      "version": "3.2.7",
      "dev": true,
      "license": {"type": "MIT", "url": "https://example.org"}
    },
    "node_modules/ui": {
      "resolved": "packages/ui",
      "link": true
    },
    "packages/ui": {
      "name": "ui",
      "dependencies": {
        "fsevents": "^2.3.0"
      }
    }
  }
}
"""


def test_package_lock_v3_reads_packages_by_install_path():
    deps, problems = parse_package_lock("package-lock.json", LOCK_V3.encode())
    assert problems == []
    assert [(d.name, d.version, d.direct, d.scope) for d in deps] == [
        ("@babel/core", "7.24.0", True, Scope.RUNTIME),
        ("debug", "4.3.4", False, Scope.RUNTIME),
        ("fsevents", "2.3.3", True, Scope.RUNTIME),
        ("jest", "29.7.0", True, Scope.DEVELOPMENT),
        ("debug", "3.2.7", False, Scope.DEVELOPMENT),
    ]


def test_package_lock_v3_carries_licenses_and_lines():
    deps, _ = parse_package_lock("package-lock.json", LOCK_V3.encode())
    assert [d.license for d in deps] == ["MIT"] * 5
    assert [d.line for d in deps] == [18, 25, 29, 34, 39]
    assert deps[0].purl == "pkg:npm/%40babel/core@7.24.0"


def test_package_lock_v2_dev_optional_packages_are_development():
    lock = """{
  "lockfileVersion": 2,
  "packages": {
    "": {"dependencies": {"a": "1.0.0"}},
    "node_modules/a": {"version": "1.0.0"},
    "node_modules/b": {"version": "2.0.0", "devOptional": true}
  },
  "dependencies": {"a": {"version": "1.0.0"}, "b": {"version": "2.0.0", "dev": true}}
}"""
    deps, _ = parse_package_lock("package-lock.json", lock.encode())
    assert summary(deps) == {
        "a": ("1.0.0", True, Scope.RUNTIME),
        "b": ("2.0.0", False, Scope.DEVELOPMENT),
    }


def test_invalid_package_lock_is_a_problem_with_its_line():
    deps, problems = parse_package_lock("package-lock.json", b'{\n "packages": {\n  "x" 1\n }\n}')
    assert deps == []
    assert problems[0].line == 3


def test_a_package_lock_entry_that_is_not_an_object_is_a_problem():
    lock = b'{"packages": {"node_modules/a": "1.0.0", "node_modules/b": {"version": "1.0.0"}}}'
    deps, problems = parse_package_lock("package-lock.json", lock)
    assert [d.name for d in deps] == ["b"]
    assert problems[0].message == "entry 'node_modules/a' is not an object"


def test_a_package_lock_with_a_list_of_packages_is_a_problem():
    _, problems = parse_package_lock("package-lock.json", b'{"packages": []}')
    assert problems[0].message == "'packages' or 'dependencies' is not an object"


# --- yarn.lock -------------------------------------------------------------------------------

YARN_CLASSIC = """\
# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/core@7.24.0":
  version "7.24.0"
  resolved "https://registry.yarnpkg.com/@babel/core/-/core-7.24.0.tgz#abc"
  integrity sha512-xyz
  dependencies:
    debug "^4.1.0"

debug@^4.1.0:
  version "4.3.4"
  resolved "https://registry.yarnpkg.com/debug/-/debug-4.3.4.tgz#def"

fsevents@~2.3.3:
  version "2.3.3"

jest@^29.7.0:
  version "29.7.0"
  dependencies:
    "pretty-format" "^29.7.0"

lodash@^4.17.20, lodash@^4.17.21:
  version "4.17.21"

pretty-format@^29.7.0:
  version "29.7.0"
"""


def test_yarn_classic_lock_settles_direct_and_dev_from_package_json():
    files = {"package.json": PACKAGE_JSON}
    deps, problems = parse_yarn_lock("yarn.lock", YARN_CLASSIC.encode(), reader(files))
    assert problems == []
    assert summary(deps) == {
        "@babel/core": ("7.24.0", True, Scope.RUNTIME),
        "debug": ("4.3.4", False, Scope.RUNTIME),
        "fsevents": ("2.3.3", True, Scope.RUNTIME),
        "jest": ("29.7.0", True, Scope.DEVELOPMENT),
        "lodash": ("4.17.21", True, Scope.RUNTIME),
        "pretty-format": ("29.7.0", False, Scope.DEVELOPMENT),
    }


def test_yarn_classic_lines_point_at_each_entry_header():
    deps = by_name(parse_yarn_lock("yarn.lock", YARN_CLASSIC.encode())[0])
    assert deps["@babel/core"].line == 5
    assert deps["lodash"].line == 24
    assert deps["@babel/core"].purl == "pkg:npm/%40babel/core@7.24.0"


def test_yarn_classic_without_package_json_is_all_runtime_and_transitive():
    deps, _ = parse_yarn_lock("yarn.lock", YARN_CLASSIC.encode())
    assert {(d.direct, d.scope) for d in deps} == {(False, Scope.RUNTIME)}


def test_a_malformed_yarn_classic_line_is_a_problem_with_its_line():
    text = b'  version "1.0.0"\nlodash@^4:\n  version "4.17.21"\nnot a header\n'
    deps, problems = parse_yarn_lock("yarn.lock", text)
    assert [d.name for d in deps] == ["lodash"]
    assert [p.line for p in problems] == [1, 4]


def test_binary_yarn_lock_is_a_problem():
    _, problems = parse_yarn_lock("yarn.lock", b"\xff\xfe\x00")
    assert problems[0].message == "yarn.lock is not valid UTF-8"


YARN_BERRY = """\
# This file is generated by running "yarn install" inside your project.

__metadata:
  version: 8
  cacheKey: 10c0

"@babel/core@npm:7.24.0":
  version: 7.24.0
  resolution: "@babel/core@npm:7.24.0"
  dependencies:
    debug: "npm:^4.1.0"
  languageName: node
  linkType: hard

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    "@babel/core": "npm:7.24.0"
    jest: "npm:^29.7.0"
  languageName: unknown
  linkType: soft

"debug@npm:^4.1.0":
  version: 4.3.4
  resolution: "debug@npm:4.3.4"
  languageName: node
  linkType: hard

"jest@npm:^29.7.0":
  version: 29.7.0
  resolution: "jest@npm:29.7.0"
  dependencies:
    pretty-format: "npm:^29.7.0"
  languageName: node
  linkType: hard

"pretty-format@npm:^29.7.0":
  version: 29.7.0
  resolution: "pretty-format@npm:29.7.0"
  languageName: node
  linkType: hard
"""


def test_yarn_berry_lock_settles_direct_and_dev_from_package_json():
    manifest = '{"dependencies": {"@babel/core": "7.24.0"}, "devDependencies": {"jest": "^29.7.0"}}'
    files = {"web/package.json": manifest}
    deps, problems = parse_yarn_lock("web/yarn.lock", YARN_BERRY.encode(), reader(files))
    assert problems == []
    assert summary(deps) == {
        "@babel/core": ("7.24.0", True, Scope.RUNTIME),
        "debug": ("4.3.4", False, Scope.RUNTIME),
        "jest": ("29.7.0", True, Scope.DEVELOPMENT),
        "pretty-format": ("29.7.0", False, Scope.DEVELOPMENT),
    }
    assert by_name(deps)["debug"].line == 24


def test_yarn_berry_workspaces_other_than_the_root_name_direct_dependencies_too():
    files = {"package.json": '{"devDependencies": {"jest": "^29.7.0"}}'}
    deps = by_name(parse_yarn_lock("yarn.lock", YARN_BERRY.encode(), reader(files))[0])
    assert (deps["@babel/core"].direct, deps["@babel/core"].scope) == (True, Scope.RUNTIME)
    assert (deps["jest"].direct, deps["jest"].scope) == (True, Scope.DEVELOPMENT)


def test_yarn_berry_without_package_json_takes_direct_ones_from_the_workspace():
    deps = by_name(parse_yarn_lock("yarn.lock", YARN_BERRY.encode())[0])
    assert deps["jest"].direct is True
    assert deps["debug"].direct is False
    assert "app" not in deps


def test_invalid_yarn_berry_yaml_is_a_problem_with_its_line():
    deps, problems = parse_yarn_lock("yarn.lock", b'__metadata:\n  version: 8\n"a@npm:1": [\n')
    assert deps == []
    assert problems[0].message.startswith("invalid YAML")
    assert problems[0].line == 4


# --- pnpm-lock.yaml --------------------------------------------------------------------------

PNPM_V5 = """\
lockfileVersion: 5.4

specifiers:
  '@babel/core': 7.24.0
  jest: ^29.7.0

dependencies:
  '@babel/core': 7.24.0

devDependencies:
  jest: 29.7.0_debug@4.3.4

packages:

  /@babel/core/7.24.0:
    resolution: {integrity: sha512-a}
    dependencies:
      debug: 4.3.4
    dev: false

  /debug/4.3.4:
    resolution: {integrity: sha512-b}
    dev: false

  /jest/29.7.0_debug@4.3.4:
    resolution: {integrity: sha512-c}
    dev: true
"""

PNPM_V6 = """\
lockfileVersion: '6.0'

dependencies:
  '@babel/core':
    specifier: 7.24.0
    version: 7.24.0

devDependencies:
  jest:
    specifier: ^29.7.0
    version: 29.7.0(debug@4.3.4)

packages:

  /@babel/core@7.24.0:
    resolution: {integrity: sha512-a}
    dependencies:
      debug: 4.3.4
    dev: false

  /debug@4.3.4:
    resolution: {integrity: sha512-b}
    dev: false

  /jest@29.7.0(debug@4.3.4):
    resolution: {integrity: sha512-c}
    dev: true
"""

PNPM_V9 = """\
lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:

  .:
    dependencies:
      '@babel/core':
        specifier: 7.24.0
        version: 7.24.0
    devDependencies:
      jest:
        specifier: ^29.7.0
        version: 29.7.0(debug@4.3.4)

  packages/ui:
    dependencies:
      app-shared:
        specifier: workspace:*
        version: link:../shared

packages:

  '@babel/core@7.24.0':
    resolution: {integrity: sha512-a}

  debug@4.3.4:
    resolution: {integrity: sha512-b}

  jest@29.7.0:
    resolution: {integrity: sha512-c}

  ms@2.1.3:
    resolution: {integrity: sha512-d}

snapshots:

  '@babel/core@7.24.0':
    dependencies:
      debug: 4.3.4

  debug@4.3.4: {}

  jest@29.7.0(debug@4.3.4):
    dependencies:
      ms: 2.1.3

  ms@2.1.3: {}
"""

PNPM_EXPECTED = {
    "@babel/core": ("7.24.0", True, Scope.RUNTIME),
    "debug": ("4.3.4", False, Scope.RUNTIME),
    "jest": ("29.7.0", True, Scope.DEVELOPMENT),
}


def test_pnpm_v5_lock_reads_slash_keys_and_dev_flags():
    deps, problems = parse_pnpm_lock("pnpm-lock.yaml", PNPM_V5.encode())
    assert problems == []
    assert summary(deps) == PNPM_EXPECTED
    assert by_name(deps)["debug"].line == 21


def test_pnpm_v6_lock_reads_at_keys_with_peer_suffixes():
    deps, problems = parse_pnpm_lock("pnpm-lock.yaml", PNPM_V6.encode())
    assert problems == []
    assert summary(deps) == PNPM_EXPECTED
    assert by_name(deps)["jest"].line == 25


def test_pnpm_v9_lock_settles_dev_by_reachability_from_importers():
    deps, problems = parse_pnpm_lock("pnpm-lock.yaml", PNPM_V9.encode())
    assert problems == []
    assert summary(deps) == {**PNPM_EXPECTED, "ms": ("2.1.3", False, Scope.DEVELOPMENT)}


def test_pnpm_v9_workspace_links_are_not_dependencies_and_lines_are_package_keys():
    deps = by_name(parse_pnpm_lock("pnpm-lock.yaml", PNPM_V9.encode())[0])
    assert "app-shared" not in deps
    assert deps["@babel/core"].line == 26
    assert deps["@babel/core"].purl == "pkg:npm/%40babel/core@7.24.0"


def test_invalid_pnpm_lock_is_a_problem_with_its_line():
    deps, problems = parse_pnpm_lock("pnpm-lock.yaml", b"lockfileVersion: '9.0'\npackages: [\n")
    assert deps == []
    assert problems[0].line == 3


def test_a_pnpm_lock_with_a_list_of_packages_is_a_problem():
    _, problems = parse_pnpm_lock("pnpm-lock.yaml", b"lockfileVersion: '9.0'\npackages: [a]\n")
    assert problems[0].message == "'packages' or 'snapshots' is not a mapping"


def test_registry_keys_are_lowercase_file_names():
    assert set(PARSERS) == {
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
    }


def test_a_key_that_is_no_package_name_is_a_problem():
    lock = b'{"packages": {"node_modules/": {"version": "1.0.0"}}}'
    deps, problems = parse_package_lock("package-lock.json", lock)
    assert deps == []
    assert problems[0].message == "not a package name: ''"


ODD_VALUES = [None, 1, "x", [], [1], {"a": 1}, {"a": [1]}, True]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_json_files_of_unexpected_shape_never_raise(value):
    for document in (
        value,
        {"dependencies": value, "packages": {"": value, "node_modules/a": value}},
        {"dependencies": {"a": {"version": value, "dependencies": value, "dev": value}}},
        {"packages": {"node_modules/a": {"name": value, "version": value, "license": value}}},
    ):
        content = json.dumps(document).encode()
        for parse in (parse_package_json, parse_package_lock):
            deps, problems = parse("package-lock.json", content, reader({"package.json": "[]"}))
            assert isinstance(deps, list)
            assert isinstance(problems, list)


@pytest.mark.parametrize("value", ODD_VALUES)
def test_yaml_lockfiles_of_unexpected_shape_never_raise(value):
    for version in ("5.4", "'6.0'", "'9.0'", "[x]", ".inf", ".nan"):
        for document in (
            {"importers": {".": {"dependencies": {"a": value}}}, "packages": {"a@1.0.0": value}},
            {"packages": {"/a/1.0.0": {"dependencies": value, "dev": value}}, "snapshots": value},
            {"dependencies": value, "devDependencies": {"a": {"version": value}}},
        ):
            text = f"lockfileVersion: {version}\n" + yaml.safe_dump(document)
            assert isinstance(parse_pnpm_lock("pnpm-lock.yaml", text.encode()), tuple)
    berry = {"__metadata": value, "a@npm:1": value, "b@workspace:.": {"dependencies": value}}
    deps, _ = parse_yarn_lock("yarn.lock", yaml.safe_dump(berry).encode())
    assert all(d.name != "b" for d in deps)


def test_package_lock_v3_packages_installed_under_a_workspace_are_direct():
    lock = """{
  "lockfileVersion": 3,
  "packages": {
    "": {"workspaces": ["packages/ui"]},
    "packages/ui": {"dependencies": {"react": "^18.2.0"}},
    "packages/ui/node_modules/react": {"version": "18.2.0"},
    "packages/ui/node_modules/react/node_modules/loose-envify": {"version": "1.4.0"}
  }
}"""
    deps, _ = parse_package_lock("package-lock.json", lock.encode())
    assert [(d.name, d.direct) for d in deps] == [("react", True), ("loose-envify", False)]
