from __future__ import annotations

from osunited.scanner.deps._go import PARSERS, parse_go_mod
from osunited.scanner.deps._model import Scope

GO_MOD = b"""module example.com/unicef/app

go 1.22

require github.com/spf13/cobra v1.8.0

require (
\tgolang.org/x/text v0.14.0 // indirect
\tgithub.com/old/lib v1.0.0
\tgithub.com/local/thing v0.1.0
\tgopkg.in/yaml.v3 v3.0.1 // indirect; pulled by cobra
)

exclude github.com/spf13/cobra v1.7.0

replace github.com/old/lib => github.com/new/lib v1.2.0

replace (
\tgithub.com/local/thing => ../thing
)
"""


def by_name(text: bytes = GO_MOD):
    dependencies, problems = parse_go_mod("svc/go.mod", text)
    return {d.name: d for d in dependencies}, problems


def test_it_reads_single_and_block_requires_with_lines():
    deps, problems = by_name()
    assert problems == []
    cobra = deps["github.com/spf13/cobra"]
    assert cobra.purl == "pkg:golang/github.com/spf13/cobra@v1.8.0"
    assert cobra.version == "v1.8.0"
    assert cobra.line == 5
    assert cobra.path == "svc/go.mod"
    assert cobra.ecosystem == "Go"
    assert deps["golang.org/x/text"].line == 8


def test_indirect_comments_mark_transitive_modules():
    deps, _ = by_name()
    assert deps["github.com/spf13/cobra"].direct is True
    assert deps["golang.org/x/text"].direct is False
    assert deps["gopkg.in/yaml.v3"].direct is False


def test_every_go_module_is_runtime():
    deps, _ = by_name()
    assert {d.scope for d in deps.values()} == {Scope.RUNTIME}


def test_replace_with_a_module_reports_the_replacement():
    deps, _ = by_name()
    assert "github.com/old/lib" not in deps
    new = deps["github.com/new/lib"]
    assert new.version == "v1.2.0"
    assert new.purl == "pkg:golang/github.com/new/lib@v1.2.0"
    assert new.direct is True


def test_replace_with_a_local_directory_leaves_the_version_out():
    deps, _ = by_name()
    local = deps["github.com/local/thing"]
    assert local.version is None
    assert local.purl == "pkg:golang/github.com/local/thing"


def test_replace_of_one_version_only_applies_to_that_version():
    text = (
        b"module m\nrequire example.com/a v1.0.0\n"
        b"replace example.com/a v0.9.0 => example.com/b v2.0.0\n"
    )
    deps, _ = by_name(text)
    assert deps["example.com/a"].version == "v1.0.0"


def test_exclude_directives_are_ignored():
    deps, _ = by_name()
    assert deps["github.com/spf13/cobra"].version == "v1.8.0"
    assert len(deps) == 5


def test_a_malformed_require_is_a_problem_with_its_line():
    deps, problems = by_name(b"module m\n\nrequire (\n\tgithub.com/a\n\tgithub.com/b v1.0.0\n)\n")
    assert list(deps) == ["github.com/b"]
    assert len(problems) == 1
    assert problems[0].line == 4
    assert "malformed require" in problems[0].message


def test_an_unclosed_block_is_a_problem():
    _, problems = by_name(b"module m\nrequire (\n\tgithub.com/a v1.0.0\n")
    assert [(p.line, p.message) for p in problems] == [(2, "block opened here is never closed")]


def test_a_malformed_replace_is_a_problem():
    _, problems = by_name(b"module m\nreplace github.com/a github.com/b\n")
    assert problems[0].line == 2


def test_binary_content_is_a_problem_not_a_crash():
    deps, problems = by_name(b"\xff\xfe\x00require")
    assert deps == {}
    assert problems[0].message == "go.mod is not valid UTF-8"


def test_a_quoted_module_path_is_unquoted():
    deps, _ = by_name(b'module m\nrequire "example.com/q" v1.0.0\n')
    assert "example.com/q" in deps


def test_the_registry_is_keyed_by_file_name():
    assert {"go.mod": parse_go_mod} == PARSERS
