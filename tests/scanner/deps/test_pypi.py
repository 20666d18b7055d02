from __future__ import annotations

import posixpath
from fnmatch import fnmatch

import pytest

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope
from osunited.scanner.deps._pypi import (
    PARSERS,
    normalize,
    parse_pipfile_lock,
    parse_poetry_lock,
    parse_pyproject,
    parse_requirements,
    parse_uv_lock,
)


def reader(files: dict[str, str]):
    def read(path: str) -> bytes | None:
        text = files.get(path)
        return text.encode() if text is not None else None

    return read


def by_name(dependencies: list[Dependency]) -> dict[str, Dependency]:
    return {d.name: d for d in dependencies}


# --- requirements files ----------------------------------------------------------------------

REQUIREMENTS = """\
# runtime
Django==5.2.1
requests[socks,security] == 2.32.3 ; python_version >= "3.9"
celery>=5.5,<6
Flask_Login
gunicorn==23.0.0 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
-i https://pypi.org/simple
--only-binary :all:
git+https://github.com/unicef/lib.git@v1.0#egg=unicef-lib
mylib @ https://example.org/mylib-1.0.tar.gz
-e .
"""


def test_requirements_pins_give_versions_and_ranges_do_not():
    deps, problems = parse_requirements("requirements.txt", REQUIREMENTS.encode())
    assert problems == []
    deps_by_name = by_name(deps)
    assert deps_by_name["Django"].version == "5.2.1"
    assert deps_by_name["Django"].purl == "pkg:pypi/django@5.2.1"
    assert deps_by_name["requests"].version == "2.32.3"
    assert deps_by_name["celery"].version is None
    assert deps_by_name["celery"].purl == "pkg:pypi/celery"


def test_requirements_names_are_normalised_in_the_purl_only():
    deps = by_name(parse_requirements("requirements.txt", REQUIREMENTS.encode())[0])
    assert deps["Flask_Login"].purl == "pkg:pypi/flask-login"
    assert normalize("Foo.Bar__baz") == "foo-bar-baz"


def test_requirements_lines_count_from_one_and_continuations_keep_the_first_line():
    deps = by_name(parse_requirements("requirements.txt", REQUIREMENTS.encode())[0])
    assert deps["Django"].line == 2
    assert deps["gunicorn"].line == 6
    assert deps["gunicorn"].version == "23.0.0"


def test_requirements_urls_and_vcs_lines_have_no_version():
    deps = by_name(parse_requirements("requirements.txt", REQUIREMENTS.encode())[0])
    assert deps["unicef-lib"].version is None
    assert deps["unicef-lib"].purl == "pkg:pypi/unicef-lib"
    assert deps["mylib"].version is None
    assert set(deps) == {
        "Django",
        "requests",
        "celery",
        "Flask_Login",
        "gunicorn",
        "unicef-lib",
        "mylib",
    }


def test_a_url_without_a_package_name_is_a_problem():
    deps, problems = parse_requirements("requirements.txt", b"https://example.org/download\n")
    assert deps == []
    assert problems[0].line == 1
    assert "package name" in problems[0].message


def test_a_malformed_requirement_is_a_problem_with_its_line():
    deps, problems = parse_requirements("requirements.txt", b"django==5\n!!nonsense\nflask >> 2\n")
    assert [d.name for d in deps] == ["django"]
    assert [p.line for p in problems] == [2, 3]


def test_binary_requirements_are_a_problem_not_a_crash():
    deps, problems = parse_requirements("requirements.txt", b"\xff\xfe\x00\x81")
    assert deps == []
    assert problems[0].message == "requirements file is not valid UTF-8"


def test_wildcard_pins_are_not_exact_versions():
    deps, _ = parse_requirements("requirements.txt", b"django==5.2.*\n")
    assert deps[0].version is None


def test_includes_are_read_relative_to_the_including_file():
    files = {"app/base.txt": "django==5.2.1\n", "app/requirements-dev.txt": "-r base.txt\npytest\n"}
    deps, problems = parse_requirements(
        "app/requirements-dev.txt", files["app/requirements-dev.txt"].encode(), reader(files)
    )
    assert problems == []
    deps_by_name = by_name(deps)
    assert deps_by_name["django"].path == "app/base.txt"
    assert deps_by_name["django"].line == 1
    assert deps_by_name["pytest"].path == "app/requirements-dev.txt"


def test_scope_comes_from_the_name_of_the_file_that_lists_the_requirement():
    files = {
        "requirements.txt": "django==5.2.1\n",
        "requirements/test.txt": "-r ../requirements.txt\npytest\n",
    }
    deps = by_name(
        parse_requirements(
            "requirements/test.txt", files["requirements/test.txt"].encode(), reader(files)
        )[0]
    )
    assert deps["django"].scope == Scope.RUNTIME
    assert deps["pytest"].scope == Scope.DEVELOPMENT


def test_constraints_pin_versions_but_add_no_dependencies():
    files = {
        "constraints.txt": "django==5.2.1\nsqlparse==0.5.0\n",
        "requirements.txt": "-c constraints.txt\ndjango\n",
    }
    deps, problems = parse_requirements(
        "requirements.txt", files["requirements.txt"].encode(), reader(files)
    )
    assert problems == []
    assert [(d.name, d.version, d.purl) for d in deps] == [
        ("django", "5.2.1", "pkg:pypi/django@5.2.1")
    ]


def test_constraints_do_not_give_url_requirements_a_version():
    files = {"constraints.txt": "mylib==1.0.0\n"}
    content = b"-c constraints.txt\nhttps://example.org/mylib-2.0.tar.gz\n"
    deps, _ = parse_requirements("requirements.txt", content, reader(files))
    assert [(d.name, d.version) for d in deps] == [("mylib", None)]


def test_an_include_cycle_is_a_problem_and_each_file_is_read_once():
    files = {"a.txt": "-r b.txt\nflask==3.0.0\n", "b.txt": "-r a.txt\ndjango==5.2.1\n"}
    deps, problems = parse_requirements("a.txt", files["a.txt"].encode(), reader(files))
    assert sorted(d.name for d in deps) == ["django", "flask"]
    assert len(problems) == 1
    assert problems[0].path == "b.txt"
    assert problems[0].line == 1
    assert "include cycle: a.txt -> b.txt -> a.txt" in problems[0].message


def test_an_include_leaving_the_tree_is_a_problem_and_not_read():
    asked: list[str] = []

    def read(path: str) -> bytes | None:
        asked.append(path)
        return b"django\n"

    _, problems = parse_requirements("requirements.txt", b"-r ../../etc/passwd\n", read)
    assert asked == []
    assert "leaves the tree" in problems[0].message


def test_a_missing_include_is_a_problem():
    _, problems = parse_requirements("requirements.txt", b"--requirement=missing.txt\n", reader({}))
    assert problems[0].message == "included file 'missing.txt' not found"


def test_pip_compile_via_notes_tell_transitive_from_direct():
    compiled = """\
asgiref==3.8.1
    # via django
django==5.2.1
    # via -r requirements.in
sqlparse==0.5.0
    # via
    #   django
    #   -r requirements.in
tzdata==2025.1  # via django
"""
    deps = by_name(parse_requirements("requirements.txt", compiled.encode())[0])
    assert deps["asgiref"].direct is False
    assert deps["django"].direct is True
    assert deps["sqlparse"].direct is True
    assert deps["tzdata"].direct is False


@pytest.mark.parametrize(
    "path",
    ["requirements.txt", "requirements-dev.txt", "dev-requirements.in", "requirements/base.in"],
)
def test_requirements_files_match_a_registry_pattern(path):
    assert any(fnmatch(path if "/" in key else posixpath.basename(path), key) for key in PARSERS)


@pytest.mark.parametrize("path", ["MANIFEST.in", "Makefile.in", "docs/notes.txt"])
def test_other_in_and_txt_files_match_no_registry_pattern(path):
    assert not any(fnmatch(posixpath.basename(path), key) for key in PARSERS if "/" not in key)
    assert not any(fnmatch("/".join(path.split("/")[-2:]), key) for key in PARSERS if "/" in key)


# --- pyproject.toml --------------------------------------------------------------------------

PYPROJECT = """\
[project]
name = "app"
dependencies = [
    "django>=5.2,<5.3",
    "click==8.1.7",
]

[project.optional-dependencies]
docs = ["sphinx"]

[dependency-groups]
dev = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff==0.8.0"]
"""


def test_pyproject_declares_direct_dependencies_with_scopes_and_lines():
    deps, problems = parse_pyproject("pyproject.toml", PYPROJECT.encode())
    assert problems == []
    deps_by_name = by_name(deps)
    assert all(d.direct for d in deps)
    assert deps_by_name["django"].version is None
    assert deps_by_name["django"].line == 4
    assert deps_by_name["click"].version == "8.1.7"
    assert deps_by_name["click"].scope == Scope.RUNTIME
    assert deps_by_name["sphinx"].scope == Scope.DEVELOPMENT
    assert deps_by_name["pytest"].scope == Scope.DEVELOPMENT
    assert deps_by_name["ruff"].version == "0.8.0"
    assert deps_by_name["ruff"].line == 13


def test_pyproject_poetry_tables_are_direct_and_a_bare_poetry_version_is_exact():
    deps, problems = parse_pyproject("pyproject.toml", POETRY_PYPROJECT.encode())
    assert problems == []
    assert {d.name: (d.version, d.direct, d.scope, d.line) for d in deps} == {
        "django": ("5.2.1", True, Scope.RUNTIME, 3),
        "requests": (None, True, Scope.RUNTIME, 4),
        "pytest": (None, True, Scope.DEVELOPMENT, 7),
    }


def test_a_byte_order_mark_does_not_stop_toml():
    deps, problems = parse_pyproject("pyproject.toml", b"\xef\xbb\xbf" + PYPROJECT.encode())
    assert problems == []
    assert len(deps) == 5


def test_invalid_toml_is_a_problem_with_its_line():
    deps, problems = parse_pyproject("pyproject.toml", b"[project]\nname = \ndependencies = []\n")
    assert deps == []
    assert problems[0].message.startswith("invalid TOML")
    assert problems[0].line == 2


def test_a_malformed_pep508_string_is_a_problem():
    deps, problems = parse_pyproject("pyproject.toml", b'[project]\ndependencies = ["!bad", 3]\n')
    assert deps == []
    assert len(problems) == 2


# --- poetry.lock -----------------------------------------------------------------------------

POETRY_PYPROJECT = """\
[tool.poetry.dependencies]
python = "^3.11"
django = "5.2.1"
requests = {version = "^2.32", extras = ["socks"]}

[tool.poetry.group.dev.dependencies]
pytest = "^8.3"
"""

POETRY_LOCK = """\
# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.

[[package]]
name = "asgiref"
version = "3.8.1"
description = "ASGI specs"
optional = false
python-versions = ">=3.8"
files = []

[[package]]
name = "django"
version = "5.2.1"
description = "Django"
optional = false
python-versions = ">=3.10"
files = []

[package.dependencies]
asgiref = ">=3.8.1"

[[package]]
name = "iniconfig"
version = "2.0.0"
description = ""
optional = false
python-versions = ">=3.7"
files = []

[[package]]
name = "pytest"
version = "8.3.3"
description = ""
optional = false
python-versions = ">=3.8"
files = []

[package.dependencies]
iniconfig = "*"

[[package]]
name = "requests"
version = "2.32.3"
description = ""
optional = false
python-versions = ">=3.8"
files = []

[metadata]
lock-version = "2.0"
python-versions = "^3.11"
content-hash = "abc"
"""


def test_poetry_lock_uses_pyproject_groups_for_direct_and_dev():
    files = {"svc/pyproject.toml": POETRY_PYPROJECT}
    deps, problems = parse_poetry_lock("svc/poetry.lock", POETRY_LOCK.encode(), reader(files))
    assert problems == []
    summary = {d.name: (d.version, d.direct, d.scope) for d in by_name(deps).values()}
    assert summary == {
        "asgiref": ("3.8.1", False, Scope.RUNTIME),
        "django": ("5.2.1", True, Scope.RUNTIME),
        "iniconfig": ("2.0.0", False, Scope.DEVELOPMENT),
        "pytest": ("8.3.3", True, Scope.DEVELOPMENT),
        "requests": ("2.32.3", True, Scope.RUNTIME),
    }


def test_poetry_lock_lines_point_at_each_package_header():
    deps = by_name(parse_poetry_lock("poetry.lock", POETRY_LOCK.encode())[0])
    assert deps["asgiref"].line == 3
    assert deps["django"].line == 11
    assert deps["django"].purl == "pkg:pypi/django@5.2.1"


def test_old_poetry_lock_categories_give_the_scope():
    lock = '[[package]]\nname = "black"\nversion = "24.1.0"\ncategory = "dev"\n'
    deps, _ = parse_poetry_lock("poetry.lock", lock.encode())
    assert deps[0].scope == Scope.DEVELOPMENT
    assert deps[0].direct is False


def test_poetry_2_lock_groups_give_the_scope():
    lock = '[[package]]\nname = "click"\nversion = "8.1.7"\ngroups = ["main", "dev"]\n'
    deps, _ = parse_poetry_lock("poetry.lock", lock.encode())
    assert deps[0].scope == Scope.RUNTIME


def test_a_malformed_poetry_lock_is_a_problem():
    deps, problems = parse_poetry_lock("poetry.lock", b'[[package]]\nversion = "1"\n[[package\n')
    assert deps == []
    assert problems[0].message.startswith("invalid TOML")


def test_a_poetry_lock_package_without_a_name_is_a_problem():
    deps, problems = parse_poetry_lock("poetry.lock", b'[[package]]\nversion = "1"\n')
    assert deps == []
    assert problems[0].line == 1


# --- uv.lock ---------------------------------------------------------------------------------

UV_LOCK = """\
version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "django" },
]

[package.optional-dependencies]
docs = [
    { name = "sphinx" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

[[package]]
name = "asgiref"
version = "3.8.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "django"
version = "5.2.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "asgiref" },
]

[[package]]
name = "iniconfig"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "iniconfig" },
]

[[package]]
name = "sphinx"
version = "8.1.3"
source = { registry = "https://pypi.org/simple" }
"""


def test_uv_lock_direct_dependencies_are_those_of_the_editable_project():
    deps, problems = parse_uv_lock("uv.lock", UV_LOCK.encode())
    assert problems == []
    summary = {d.name: (d.version, d.direct, d.scope) for d in deps}
    assert summary == {
        "asgiref": ("3.8.1", False, Scope.RUNTIME),
        "django": ("5.2.1", True, Scope.RUNTIME),
        "iniconfig": ("2.0.0", False, Scope.DEVELOPMENT),
        "pytest": ("8.3.3", True, Scope.DEVELOPMENT),
        "sphinx": ("8.1.3", True, Scope.DEVELOPMENT),
    }


def test_uv_lock_lines_point_at_each_package_header():
    deps = by_name(parse_uv_lock("uv.lock", UV_LOCK.encode())[0])
    assert deps["asgiref"].line == 22


def test_a_uv_lock_with_a_malformed_dependency_is_a_problem():
    lock = '[[package]]\nname = "app"\nsource = { virtual = "." }\ndependencies = ["django"]\n'
    deps, problems = parse_uv_lock("uv.lock", lock.encode())
    assert deps == []
    assert problems == [
        ParseProblem("uv.lock", "package 'app' lists a dependency that is not a table", 1)
    ]


def test_invalid_uv_lock_is_a_problem():
    _, problems = parse_uv_lock("uv.lock", b"version = \n")
    assert problems[0].line == 1


# --- Pipfile.lock ----------------------------------------------------------------------------

PIPFILE = """\
[packages]
django = "==5.2.1"

[dev-packages]
pytest = "*"
"""

PIPFILE_LOCK = """\
{
    "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6},
    "default": {
        "asgiref": {"hashes": [], "version": "==3.8.1"},
        "django": {"hashes": [], "index": "pypi", "version": "==5.2.1"},
        "mylib": {"git": "https://github.com/unicef/mylib.git", "ref": "abc"}
    },
    "develop": {
        "pytest": {"hashes": [], "version": "==8.3.3"}
    }
}
"""


def test_pipfile_lock_default_is_runtime_and_develop_is_development():
    deps, problems = parse_pipfile_lock(
        "Pipfile.lock", PIPFILE_LOCK.encode(), reader({"Pipfile": PIPFILE})
    )
    assert problems == []
    summary = {d.name: (d.version, d.direct, d.scope, d.line) for d in deps}
    assert summary == {
        "asgiref": ("3.8.1", False, Scope.RUNTIME, 4),
        "django": ("5.2.1", True, Scope.RUNTIME, 5),
        "mylib": (None, False, Scope.RUNTIME, 6),
        "pytest": ("8.3.3", True, Scope.DEVELOPMENT, 9),
    }


def test_invalid_pipfile_lock_is_a_problem_with_its_line():
    deps, problems = parse_pipfile_lock("Pipfile.lock", b'{\n  "default": {,\n}')
    assert deps == []
    assert problems[0].line == 2


def test_a_pipfile_lock_that_is_not_an_object_is_a_problem():
    _, problems = parse_pipfile_lock("Pipfile.lock", b"[]")
    assert problems[0].message == "Pipfile.lock is not a JSON object"


def test_a_pipfile_lock_section_that_is_not_an_object_is_a_problem():
    deps, problems = parse_pipfile_lock("Pipfile.lock", b'{"default": [], "develop": {}}')
    assert deps == []
    assert problems == [ParseProblem("Pipfile.lock", "'default' is not a JSON object")]


def test_registry_keys_are_lowercase_file_names_or_patterns():
    assert set(PARSERS) == {
        "*requirements*.txt",
        "*requirements*.in",
        "requirements/*.txt",
        "requirements/*.in",
        "pyproject.toml",
        "poetry.lock",
        "pipfile.lock",
        "uv.lock",
    }


ODD_TOML_VALUES = ['"x"', "1", "[1]", '["a", 2]', "{a = 1}", "[{a = 1}]", "{a = {version = 1}}"]


@pytest.mark.parametrize("value", ODD_TOML_VALUES)
def test_toml_files_of_unexpected_shape_never_raise(value):
    sections = ["project", "tool.poetry", "tool.poetry.group.dev", "project.optional-dependencies"]
    for section in sections:
        for key in ("dependencies", "dev-dependencies", "group", "source", "package", "name"):
            text = f"[{section}]\n{key} = {value}\n".encode()
            read = reader({"pyproject.toml": text.decode(), "Pipfile": text.decode()})
            lock = f'[[package]]\nname = "a"\nsource = {{ editable = "." }}\n{key} = {value}\n'
            for parse, content in (
                (parse_pyproject, text),
                (parse_poetry_lock, lock.encode()),
                (parse_uv_lock, lock.encode()),
                (parse_uv_lock, f"package = {value}\n".encode()),
                (parse_pipfile_lock, b'{"default": {"a": 1}}'),
            ):
                deps, problems = parse("x/poetry.lock", content, read)
                assert isinstance(deps, list)
                assert isinstance(problems, list)
