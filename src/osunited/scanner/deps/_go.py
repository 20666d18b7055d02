"""Go modules: the `require` directives of go.mod, with `replace` applied and `exclude` ignored.

`// indirect` marks a module the build needs but the project does not import itself: transitive.
Go has no development dependencies, so every module is runtime.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope

Reader = Callable[[str], bytes | None]

_BLOCK_START = re.compile(r"^(\w+)\s*\(\s*$")
_VERSION = re.compile(r"^v\d")


@dataclass(frozen=True)
class _Require:
    module: str
    version: str
    indirect: bool
    line: int


@dataclass(frozen=True)
class _Target:
    module: str
    version: str | None  # None for a local directory


def parse_go_mod(
    path: str, content: bytes, read: Reader | None = None
) -> tuple[list[Dependency], list[ParseProblem]]:
    """Read the modules a go.mod requires; `read` is unused (go.mod stands alone)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return [], [ParseProblem(path, "go.mod is not valid UTF-8")]
    requires: list[_Require] = []
    replaces: dict[tuple[str, str | None], _Target] = {}
    problems: list[ParseProblem] = []
    directives, unclosed = _directives(text)
    if unclosed is not None:
        problems.append(ParseProblem(path, "block opened here is never closed", unclosed))
    for verb, args, comment, number in directives:
        if verb == "require":
            _read_require(path, args, comment, number, requires, problems)
        elif verb == "replace":
            _read_replace(path, args, number, replaces, problems)
    return [_dependency(path, require, replaces) for require in requires], problems


def _directives(text: str) -> tuple[list[tuple[str, list[str], str, int]], int | None]:
    """Each directive as (verb, arguments, comment, line), blocks flattened; and the line of a
    block left open, if any."""
    directives = []
    block: str | None = None
    block_line: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        code, _, comment = raw.partition("//")
        code = code.strip()
        if not code:
            continue
        if block is not None:
            if code == ")":
                block, block_line = None, None
            else:
                directives.append((block, code.split(), comment.strip(), number))
            continue
        match = _BLOCK_START.match(code)
        if match:
            block, block_line = match.group(1), number
            continue
        verb, *args = code.split()
        directives.append((verb, args, comment.strip(), number))
    return directives, block_line


def _read_require(
    path: str,
    args: list[str],
    comment: str,
    number: int,
    requires: list[_Require],
    problems: list[ParseProblem],
) -> None:
    if len(args) != 2 or not _VERSION.match(args[1]):
        problems.append(ParseProblem(path, f"malformed require: {' '.join(args)!r}", number))
        return
    indirect = comment.split(";")[0].strip() == "indirect"
    requires.append(_Require(_unquote(args[0]), args[1], indirect, number))


def _read_replace(
    path: str,
    args: list[str],
    number: int,
    replaces: dict[tuple[str, str | None], _Target],
    problems: list[ParseProblem],
) -> None:
    if "=>" not in args:
        problems.append(ParseProblem(path, f"malformed replace: {' '.join(args)!r}", number))
        return
    arrow = args.index("=>")
    old, new = args[:arrow], args[arrow + 1 :]
    if len(old) not in (1, 2) or len(new) not in (1, 2):
        problems.append(ParseProblem(path, f"malformed replace: {' '.join(args)!r}", number))
        return
    old_version = old[1] if len(old) == 2 else None
    new_version = new[1] if len(new) == 2 else None
    replaces[(_unquote(old[0]), old_version)] = _Target(_unquote(new[0]), new_version)


def _dependency(
    path: str, require: _Require, replaces: dict[tuple[str, str | None], _Target]
) -> Dependency:
    target = replaces.get((require.module, require.version)) or replaces.get((require.module, None))
    module: str = require.module
    version: str | None = require.version
    if target is not None and _is_local(target.module):
        version = None  # replaced by a directory in the tree: no published version
    elif target is not None:
        module, version = target.module, target.version or require.version
    return Dependency(
        purl=_purl(module, version),
        ecosystem="Go",
        name=module,
        version=version,
        direct=not require.indirect,
        scope=Scope.RUNTIME,
        path=path,
        line=require.line,
    )


def _is_local(module: str) -> bool:
    return module.startswith(("./", "../", "/"))


def _unquote(module: str) -> str:
    return module.strip('"`')


def _purl(module: str, version: str | None) -> str:
    namespace, _, name = module.rpartition("/")
    return PackageURL(
        type="golang", namespace=namespace or None, name=name, version=version
    ).to_string()


PARSERS: dict[str, Callable[..., tuple[list[Dependency], list[ParseProblem]]]] = {
    "go.mod": parse_go_mod,
}
