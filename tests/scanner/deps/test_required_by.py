"""Which packages require each dependency, as each lockfile records its graph, and the shortest
chain that brings a dependency into the project."""

from __future__ import annotations

import json
import textwrap

from osunited.scanner.deps import dependency_paths
from osunited.scanner.deps._cargo import parse_cargo_lock
from osunited.scanner.deps._composer import parse_composer_lock
from osunited.scanner.deps._model import Dependency, Scope
from osunited.scanner.deps._npm import parse_package_lock, parse_pnpm_lock, parse_yarn_lock
from osunited.scanner.deps._nuget import parse_packages_lock
from osunited.scanner.deps._paths import MAX_DEPTH
from osunited.scanner.deps._pypi import parse_poetry_lock, parse_uv_lock
from osunited.scanner.deps._rubygems import parse_gemfile_lock


def required_by(dependencies: list[Dependency]) -> dict[str, tuple[str, ...]]:
    return {d.name: d.required_by for d in dependencies}


def reader(files: dict[str, str]):
    return lambda path: files[path].encode() if path in files else None


def text(source: str) -> bytes:
    return textwrap.dedent(source).encode()


def test_package_lock_v3_resolves_each_requirement_the_way_node_does() -> None:
    lock = {
        "lockfileVersion": 3,
        "packages": {
            "": {"dependencies": {"express": "^4"}},
            "node_modules/express": {"version": "4.19.2", "dependencies": {"qs": "^6"}},
            "node_modules/qs": {"version": "6.11.0", "dependencies": {"side-channel": "^1"}},
            "node_modules/express/node_modules/qs": {"version": "6.0.0"},
            "node_modules/side-channel": {"version": "1.0.6", "optionalDependencies": {}},
            "node_modules/body-parser": {"version": "1.20.2", "dependencies": {"qs": "^6"}},
        },
    }
    deps, problems = parse_package_lock("package-lock.json", json.dumps(lock, indent=2).encode())
    assert problems == []
    by_version = {(d.name, d.version): d.required_by for d in deps}
    # express finds its own nested qs first; body-parser the top-level one
    assert by_version[("qs", "6.0.0")] == ("express",)
    assert by_version[("qs", "6.11.0")] == ("body-parser",)
    assert by_version[("side-channel", "1.0.6")] == ("qs",)
    assert by_version[("express", "4.19.2")] == ()  # the project requires it: not named


def test_package_lock_v1_reads_requires() -> None:
    lock = {
        "lockfileVersion": 1,
        "dependencies": {
            "express": {"version": "4.19.2", "requires": {"qs": "^6"}},
            "qs": {"version": "6.11.0"},
        },
    }
    manifest = json.dumps({"dependencies": {"express": "^4"}})
    deps, _ = parse_package_lock(
        "package-lock.json", json.dumps(lock).encode(), reader({"package.json": manifest})
    )
    assert required_by(deps) == {"express": (), "qs": ("express",)}


def test_pnpm_lock_v9_reads_the_snapshots_graph() -> None:
    lock = text("""\
        lockfileVersion: '9.0'
        importers:
          .:
            dependencies:
              express:
                specifier: ^4
                version: 4.19.2
        packages:
          express@4.19.2: {}
          qs@6.11.0: {}
        snapshots:
          express@4.19.2:
            dependencies:
              qs: 6.11.0
          qs@6.11.0: {}
        """)
    deps, problems = parse_pnpm_lock("pnpm-lock.yaml", lock)
    assert problems == []
    assert required_by(deps) == {"express": (), "qs": ("express",)}


def test_yarn_classic_lock_reads_each_entry_dependencies() -> None:
    lock = text("""\
        express@^4:
          version "4.19.2"
          dependencies:
            qs "^6"

        qs@^6:
          version "6.11.0"
        """)
    files = {"package.json": json.dumps({"dependencies": {"express": "^4"}})}
    deps, problems = parse_yarn_lock("yarn.lock", lock, reader(files))
    assert problems == []
    assert required_by(deps) == {"express": (), "qs": ("express",)}


def test_uv_lock_names_the_packages_not_the_project() -> None:
    lock = text("""\
        version = 1
        [[package]]
        name = "app"
        version = "0.1.0"
        source = { editable = "." }
        dependencies = [{ name = "django" }]

        [[package]]
        name = "django"
        version = "5.2.1"
        dependencies = [{ name = "asgiref" }, { name = "sqlparse" }]

        [[package]]
        name = "asgiref"
        version = "3.8.1"

        [[package]]
        name = "sqlparse"
        version = "0.5.0"
        """)
    deps, _ = parse_uv_lock("uv.lock", lock)
    assert required_by(deps) == {"django": (), "asgiref": ("django",), "sqlparse": ("django",)}


def test_poetry_lock_reads_each_package_dependencies() -> None:
    lock = text("""\
        [[package]]
        name = "requests"
        version = "2.32.3"
        groups = ["main"]

        [package.dependencies]
        urllib3 = ">=1.21.1,<3"

        [[package]]
        name = "urllib3"
        version = "2.2.2"
        groups = ["main"]
        """)
    deps, _ = parse_poetry_lock("poetry.lock", lock)
    assert required_by(deps) == {"requests": (), "urllib3": ("requests",)}


def test_cargo_lock_names_requirers_by_name_or_by_name_and_version() -> None:
    lock = text("""\
        version = 3

        [[package]]
        name = "app"
        version = "0.1.0"
        dependencies = ["serde", "rand 0.8.5"]

        [[package]]
        name = "serde"
        version = "1.0.200"
        source = "registry+https://github.com/rust-lang/crates.io-index"

        [[package]]
        name = "rand"
        version = "0.8.5"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        dependencies = ["rand_core 0.6.4"]

        [[package]]
        name = "rand"
        version = "0.7.3"
        source = "registry+https://github.com/rust-lang/crates.io-index"

        [[package]]
        name = "rand_core"
        version = "0.6.4"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        dependencies = ["serde"]
        """)
    deps, problems = parse_cargo_lock("Cargo.lock", lock)
    assert problems == []
    by_version = {(d.name, d.version): d.required_by for d in deps}
    assert by_version[("rand_core", "0.6.4")] == ("rand",)
    assert by_version[("serde", "1.0.200")] == ("rand_core",)  # the root crate is the project
    assert by_version[("rand", "0.7.3")] == ()


def test_composer_lock_reads_require() -> None:
    lock = {
        "packages": [
            {"name": "symfony/console", "version": "v7.0.0", "require": {"php": ">=8.2"}},
            {
                "name": "laravel/framework",
                "version": "v11.0.0",
                "require": {"Symfony/Console": "^7"},
            },
        ],
        "packages-dev": [],
    }
    deps, _ = parse_composer_lock("composer.lock", json.dumps(lock, indent=2).encode())
    assert required_by(deps) == {
        "symfony/console": ("laravel/framework",),
        "laravel/framework": (),
    }


def test_gemfile_lock_reads_the_dependencies_under_each_gem() -> None:
    lock = text("""\
        GEM
          remote: https://rubygems.org/
          specs:
            rails (7.1.3)
              actionpack (= 7.1.3)
              railties (= 7.1.3)
            actionpack (7.1.3)
              rack (>= 2.2.4)
            rack (3.0.9)
            railties (7.1.3)

        DEPENDENCIES
          rails
        """)
    deps, problems = parse_gemfile_lock("Gemfile.lock", lock)
    assert problems == []
    assert required_by(deps) == {
        "rails": (),
        "actionpack": ("rails",),
        "rack": ("actionpack",),
        "railties": ("rails",),
    }


def test_nuget_lock_reads_dependencies_across_frameworks_in_any_case() -> None:
    lock = {
        "version": 1,
        "dependencies": {
            "net8.0": {
                "Serilog.Sinks.File": {
                    "type": "Direct",
                    "resolved": "5.0.0",
                    "dependencies": {"serilog": "2.10.0"},
                },
                "Serilog": {"type": "Transitive", "resolved": "2.10.0"},
            },
            "net6.0": {
                "Serilog.Extensions": {
                    "type": "Direct",
                    "resolved": "8.0.0",
                    "dependencies": {"Serilog": "2.10.0"},
                },
                "Serilog": {"type": "Transitive", "resolved": "2.10.0"},
            },
        },
    }
    deps, _ = parse_packages_lock("packages.lock.json", json.dumps(lock, indent=2).encode())
    assert required_by(deps)["Serilog"] == ("Serilog.Extensions", "Serilog.Sinks.File")


def dependency(name: str, *required: str, direct: bool = False, path: str = "x.lock") -> Dependency:
    return Dependency(
        f"pkg:npm/{name}", "npm", name, None, direct, Scope.RUNTIME, path, None, None, required
    )


def names(path: tuple[Dependency, ...]) -> list[str]:
    return [d.name for d in path]


def test_paths_are_shortest_from_a_direct_dependency() -> None:
    a, b = dependency("a", direct=True), dependency("b", direct=True)
    c = dependency("c", "a")
    d = dependency("d", "c", "b")  # a -> c -> d, or b -> d: b's is shorter
    paths = dependency_paths([d, c, b, a])
    assert names(paths[d]) == ["b", "d"]
    assert names(paths[c]) == ["a", "c"]
    assert names(paths[a]) == ["a"]


def test_cycles_end_and_an_undeclared_cycle_stands_alone() -> None:
    a = dependency("a", "c", direct=True)
    b, c = dependency("b", "a"), dependency("c", "b")
    x, y = dependency("x", "y"), dependency("y", "x")
    paths = dependency_paths([a, b, c, x, y])
    assert names(paths[c]) == ["a", "b", "c"]
    assert names(paths[x]) == ["x"]


def test_paths_stay_within_one_lockfile() -> None:
    a = dependency("a", direct=True, path="one/package-lock.json")
    b = dependency("b", "a", path="two/package-lock.json")
    assert names(dependency_paths([a, b])[b]) == ["b"]


def test_a_long_chain_is_cut_at_the_bound() -> None:
    chain = [dependency("p0", direct=True)]
    chain += [dependency(f"p{n}", f"p{n - 1}") for n in range(1, 5000)]
    paths = dependency_paths(chain)
    assert len(paths[chain[MAX_DEPTH - 1]]) == MAX_DEPTH
    assert names(paths[chain[-1]]) == ["p4999"]


def test_a_real_package_lock_gives_paths_through_its_graph() -> None:
    lock = {
        "lockfileVersion": 3,
        "packages": {
            "": {"dependencies": {"express": "^4"}},
            "node_modules/express": {"version": "4.19.2", "dependencies": {"qs": "^6"}},
            "node_modules/qs": {"version": "6.11.0", "dependencies": {"side-channel": "^1"}},
            "node_modules/side-channel": {"version": "1.0.6"},
        },
    }
    manifest = json.dumps({"dependencies": {"express": "^4"}})
    deps, _ = parse_package_lock(
        "package-lock.json", json.dumps(lock).encode(), reader({"package.json": manifest})
    )
    paths = dependency_paths(deps)
    deepest = next(d for d in deps if d.name == "side-channel")
    assert names(paths[deepest]) == ["express", "qs", "side-channel"]
