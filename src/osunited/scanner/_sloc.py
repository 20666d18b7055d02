"""Physical source lines of code, as cloc and tokei count them: each line of a file is blank,
a comment (it holds nothing but comments) or code (anything else). A small state machine per
file follows each language's line comments, block comments and strings; nothing is executed.

What it does not follow may be miscounted: a comment marker inside a string form it does not
know (a heredoc, a regular expression literal, a raw string with hashes) is taken for a comment,
and a string left open at the end of a line ends there (except the long strings below). Python's
triple-quoted strings that open a line (docstrings) are comments, as cloc counts them, unless code
follows them on the line that closes them (then they were an argument, and their lines are
code)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["LANGUAGES", "Language", "count_lines", "language_of", "looks_generated"]


@dataclass(frozen=True)
class Language:
    """A language's name and its comment and string syntax."""

    name: str
    line_comments: tuple[str, ...] = ()
    block_comments: tuple[tuple[str, str], ...] = ()
    nested: bool = False  # block comments nest (Rust, Swift, Haskell ...)
    quotes: str = "\"'"  # one-line strings, with backslash escapes
    long_strings: tuple[str, ...] = ()  # delimiters of strings that may span lines
    docstrings: bool = False  # a long string that opens a line is a comment (Python)


def _c_like(
    name: str, *, nested: bool = False, quotes: str = "\"'", long_strings: tuple[str, ...] = ()
) -> Language:
    return Language(name, ("//",), (("/*", "*/"),), nested, quotes, long_strings)


def _hash(name: str, *, blocks: tuple[tuple[str, str], ...] = (), nested: bool = False) -> Language:
    return Language(name, ("#",), blocks, nested)


# Each language with its file extensions (lower case) and file names. Markup and data (HTML,
# XML, JSON, YAML) are not code here; `.m` (Objective-C or MATLAB), assembly and fixed-form
# Fortran are left out, their comment syntax being ambiguous by extension.
LANGUAGES: tuple[tuple[Language, str, str], ...] = (
    (
        Language("Python", ("#",), long_strings=('"""', "'''"), docstrings=True),
        "py pyi pyw",
        "",
    ),
    (_c_like("JavaScript", long_strings=("`",)), "js mjs cjs jsx", ""),
    (_c_like("TypeScript", long_strings=("`",)), "ts tsx mts cts", ""),
    (_c_like("Java", long_strings=('"""',)), "java", ""),
    (_c_like("Kotlin", nested=True, long_strings=('"""',)), "kt kts", ""),
    (_c_like("Scala", nested=True, long_strings=('"""',)), "scala sc", ""),
    (_c_like("Groovy", long_strings=('"""', "'''")), "groovy gvy gradle", "jenkinsfile"),
    (_c_like("Go", long_strings=("`",)), "go", ""),
    (_c_like("Rust", nested=True, quotes='"'), "rs", ""),
    (_c_like("C"), "c", ""),
    (_c_like("C/C++ header"), "h", ""),
    (_c_like("C++"), "cc cpp cxx c++ hpp hh hxx h++ ipp tpp ino", ""),
    (_c_like("C#", long_strings=('"""',)), "cs", ""),
    (_c_like("Objective-C++"), "mm", ""),
    (_c_like("Swift", nested=True, quotes='"', long_strings=('"""',)), "swift", ""),
    (_c_like("Dart", nested=True, long_strings=('"""', "'''")), "dart", ""),
    (_c_like("Zig"), "zig", ""),
    (_c_like("Solidity"), "sol", ""),
    (_c_like("Protocol Buffers"), "proto", ""),
    (_c_like("SCSS"), "scss", ""),
    (_c_like("Less"), "less", ""),
    (_c_like("Sass"), "sass", ""),
    (Language("CSS", (), (("/*", "*/"),)), "css", ""),
    (Language("PHP", ("//", "#"), (("/*", "*/"),)), "php", ""),
    (
        Language("Vue", ("//",), (("<!--", "-->"), ("/*", "*/"))),
        "vue",
        "",
    ),
    (
        Language("Svelte", ("//",), (("<!--", "-->"), ("/*", "*/"))),
        "svelte",
        "",
    ),
    (_hash("Ruby"), "rb rake gemspec ru", "rakefile"),
    (_hash("Shell"), "sh bash zsh ksh fish", ""),
    (_hash("PowerShell", blocks=(("<#", "#>"),)), "ps1 psm1 psd1", ""),
    (_hash("R"), "r", ""),
    (_hash("Elixir"), "ex exs", ""),
    (_hash("Perl"), "pl pm", ""),
    (_hash("Julia", blocks=(("#=", "=#"),), nested=True), "jl", ""),
    (_hash("Nim"), "nim", ""),
    (_hash("Crystal"), "cr", ""),
    (_hash("Tcl"), "tcl", ""),
    (_hash("GraphQL"), "graphql gql", ""),
    (_hash("Make"), "mk", "makefile gnumakefile"),
    (_hash("Dockerfile"), "dockerfile", "dockerfile containerfile"),
    (
        Language("Terraform", ("#", "//"), (("/*", "*/"),), quotes='"'),
        "tf hcl",
        "",
    ),
    (Language("SQL", ("--",), (("/*", "*/"),)), "sql", ""),
    (Language("Lua", ("--",), (("--[[", "]]"),)), "lua", ""),
    (Language("Haskell", ("--",), (("{-", "-}"),), nested=True, quotes='"'), "hs", ""),
    (Language("Elm", ("--",), (("{-", "-}"),), nested=True, quotes='"'), "elm", ""),
    (Language("Erlang", ("%",)), "erl hrl", ""),
    (Language("Clojure", (";",), quotes='"'), "clj cljs cljc", ""),
    (Language("Scheme", (";",), (("#|", "|#"),), nested=True, quotes='"'), "scm ss rkt", ""),
    (Language("OCaml", (), (("(*", "*)"),), nested=True, quotes='"'), "ml mli", ""),
    (Language("F#", ("//",), (("(*", "*)"),), quotes='"'), "fs fsi fsx", ""),
    (Language("Pascal", ("//",), (("{", "}"), ("(*", "*)")), quotes="'"), "pas dpr", ""),
    (Language("Visual Basic", ("'",), quotes='"'), "vb vbs", ""),
    (Language("Fortran", ("!",)), "f90 f95 f03 f08", ""),
)
_BY_EXTENSION = {ext: lang for lang, exts, _ in LANGUAGES for ext in exts.split()}
_BY_NAME = {name: lang for lang, _, names in LANGUAGES for name in names.split()}


def language_of(path: str) -> Language | None:
    """The language of a file by its name or extension; None when it is not one counted."""
    name = path.rpartition("/")[2].lower()
    by_name = _BY_NAME.get(name)
    if by_name is not None:
        return by_name
    stem, dot, extension = name.rpartition(".")
    return _BY_EXTENSION.get(extension) if dot and stem else None


# Longer lines are minified or generated text: code, not read for comments or strings.
LONG_LINE = 10_000
_STRING_PREFIX = re.compile(r"[rRbBuUfF]{0,2}")  # before a docstring: r"""A raw docstring."""


@dataclass(frozen=True)
class _Syntax:
    """A language's tokens as one expression, and what each literal token opens."""

    tokens: re.Pattern[str]
    opens: dict[str, tuple[str, str]]  # literal token -> (kind, closing delimiter)
    nesting: dict[str, re.Pattern[str]]  # block start -> its start or end, for nested comments


@cache
def _syntax(language: Language) -> _Syntax:
    opens: dict[str, tuple[str, str]] = dict.fromkeys(language.line_comments, ("line", ""))
    opens |= {start: ("block", end) for start, end in language.block_comments}
    opens |= {delimiter: ("long", delimiter) for delimiter in language.long_strings}
    literals = sorted(opens, key=len, reverse=True)  # "--[[" before "--", "#=" before "#"
    strings = [_one_line_string(quote) for quote in language.quotes]
    tokens = re.compile("|".join([*map(re.escape, literals), *strings]))
    nesting = {
        start: re.compile(f"{re.escape(start)}|{re.escape(end)}")
        for start, end in language.block_comments
        if language.nested
    }
    return _Syntax(tokens, opens, nesting)


def _one_line_string(quote: str) -> str:
    """A string to its closing quote or to the end of the line. Every quote matches, so the
    search never starts again inside a string: linear even on a line of megabytes."""
    q = re.escape(quote)
    return rf"{q}[^{q}\\]*(?:\\.[^{q}\\]*)*(?:{q}|\\?$)"


class _File:
    """The state of the count of one file: in code, or inside a block comment, a docstring or
    a string that spans lines (with what closes it, and the depth of nested comments)."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.syntax = _syntax(language)
        self.open = ""  # "block", "docstring" or "string" while one spans lines; "" in code
        self.start = ""  # the open block comment's start, for nesting
        self.close = ""  # what closes it
        self.depth = 0
        self.held = 0  # lines of the open docstring, counted as comments so far
        # Lines counted as comments that were a string argument, not a docstring: the string
        # closed before code (`""",`).
        self.reclassified = 0

    def is_code(self, line: str) -> bool:
        """Whether a stripped, non-blank line holds code (else it holds only comments)."""
        if not self.open and len(line) > LONG_LINE:
            return True
        code = closed_docstring = False
        position = 0
        while position < len(line):
            if self.open:
                code = code or self.open == "string"
                was_docstring = self.open == "docstring"
                position = self._leave(line, position)
                closed_docstring = closed_docstring or (was_docstring and not self.open)
                continue
            match = self.syntax.tokens.search(line, position)
            if match is None:
                code = True
                break
            before, position = line[position : match.start()], match.end()
            kind, close = self.syntax.opens.get(match.group(), ("string", ""))
            if kind == "long" and not code and self._opens_docstring(before):
                kind = "docstring"
            else:
                code = code or (bool(before) and not before.isspace())
            if kind == "line":
                break
            if kind == "string":
                code = True
            else:
                self._enter(match.group(), close, "string" if kind == "long" else kind)
        self._hold(code, closed_docstring)
        return code

    def _opens_docstring(self, before: str) -> bool:
        return self.language.docstrings and _STRING_PREFIX.fullmatch(before) is not None

    def _enter(self, start: str, close: str, kind: str) -> None:
        self.open, self.start, self.close, self.depth = kind, start, close, 1
        self.held = 0

    def _hold(self, code: bool, closed_docstring: bool) -> None:
        if self.open == "docstring":
            self.held += 1
        elif closed_docstring:
            self.reclassified = self.held if code else 0
            self.held = 0

    def _leave(self, line: str, position: int) -> int:
        """The position after what closes the open comment or string, or the line's end."""
        nesting = self.syntax.nesting.get(self.start) if self.open == "block" else None
        if nesting is None:
            end = line.find(self.close, position)
            if end < 0:
                return len(line)
            self.open = ""
            return end + len(self.close)
        for match in nesting.finditer(line, position):
            self.depth += 1 if match.group() == self.start else -1
            if self.depth == 0:
                self.open = ""
                return match.end()
        return len(line)


def count_lines(text: str, language: Language) -> tuple[int, int, int]:
    """(code, comment, blank) lines of a file's text."""
    code = comments = blank = 0
    state = _File(language)
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            blank += 1
        elif state.is_code(line):
            code += 1 + state.reclassified
            comments -= state.reclassified
            state.reclassified = 0
        else:
            comments += 1
    return code, comments, blank


# Markers tools write in a comment at the top of what they generate: "Code generated ... DO NOT
# EDIT." (Go), "@generated" (Meta's tools), "# Generated by Django 5.2 on ..." (migrations).
_GENERATED = re.compile(
    r"@generated\b|\bdo not edit\b|\bauto-?generated\b|^\W*generated (?:by|from)\b",
    re.IGNORECASE,
)
_HEADER_LINES = 5
_HEADER_CHARACTERS = 2000


def looks_generated(text: str, language: Language) -> bool:
    """Whether a comment in the first lines of a file says a tool made it (a marker in a
    string, as in a test's sample, does not count)."""
    state = _File(language)
    for raw in text[:_HEADER_CHARACTERS].splitlines()[:_HEADER_LINES]:
        line = raw.strip()
        if line and not state.is_code(line) and _GENERATED.search(line):
            return True
    return False
