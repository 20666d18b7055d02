"""Hypothesis strategies that break valid documents the way real files break: cut short, bytes
inserted or dropped, a value of the wrong type, markup of another format, invalid UTF-8."""

from __future__ import annotations

import re

from hypothesis import strategies as st

# Bytes that open, close or separate something in one of the formats read.
TOKENS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b"[[",
    b'"',
    b"'",
    b"\n",
    b"\r",
    b"\t",
    b" ",
    b":",
    b"=",
    b",",
    b"- ",
    b"#",
    b"//",
    b"\\",
    b"<",
    b">",
    b"</",
    b"&",
    b"&amp;",
    b"@",
    b"(",
    b")",
    b"${",
    b"*",
    b"|",
    b"!!python/object:os.system",
    b"&a ",
    b"*a",
    b"\xff",
    b"\xc3",
    b"\0",
    b"\xef\xbb\xbf",
]
# What a value becomes when its type is wrong.
VALUES = [
    b"null",
    b"~",
    b"true",
    b"0",
    b"-1",
    b"1e999",
    b"99999999999999999999999",
    b"[]",
    b"{}",
    b"[1]",
    b'["a", 2]',
    b'{"a": 1}',
    b"{a = 1}",
    b'""',
    b'"x"',
    b"'x'",
    b"nan",
    b"2025-01-01",
    b"<x/>",
]
_WORD = re.compile(rb'"[^"\n]*"|[\w.^~<>=*@/:-]+')


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """`seed` with one to six edits."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        data = draw(_edit(bytes(data)))
    return bytes(data)


def _edit(data: bytes) -> st.SearchStrategy[bytearray]:
    size = len(data)
    position = st.integers(0, size)
    return st.one_of(
        st.tuples(position, st.sampled_from(TOKENS)).map(lambda e: _insert(data, *e)),
        st.tuples(position, st.binary(min_size=1, max_size=8)).map(lambda e: _insert(data, *e)),
        st.tuples(position, position).map(lambda e: _delete(data, *e)),
        st.tuples(position, position, position).map(lambda e: _copy(data, *e)),
        position.map(lambda at: bytearray(data[:at])),
        st.tuples(st.integers(0, 200), st.sampled_from(VALUES)).map(lambda e: _retype(data, *e)),
    )


def _insert(data: bytes, at: int, piece: bytes) -> bytearray:
    return bytearray(data[:at] + piece + data[at:])


def _delete(data: bytes, start: int, end: int) -> bytearray:
    start, end = sorted((start, end))
    return bytearray(data[:start] + data[min(end, start + 40) :])


def _copy(data: bytes, start: int, end: int, at: int) -> bytearray:
    start, end = sorted((start, end))
    return bytearray(data[:at] + data[start:end] + data[at:])


def _retype(data: bytes, index: int, value: bytes) -> bytearray:
    """The index-th word or quoted string (modulo their number) replaced by `value`."""
    words = list(_WORD.finditer(data))
    if not words:
        return bytearray(data + value)
    word = words[index % len(words)]
    return bytearray(data[: word.start()] + value + data[word.end() :])


def garbage() -> st.SearchStrategy[bytes]:
    """Content owing nothing to any format: random bytes or text, deep nesting, huge lines."""
    return st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.sampled_from(VALUES),
        st.builds(
            lambda start, token, n: start + token * n,
            st.sampled_from([b"", b"a = ", b'{"a": ', b"a: ", b"<a>"]),
            st.sampled_from(TOKENS),
            st.integers(1, 20000),
        ),
    )


def damaged(seed: bytes) -> st.SearchStrategy[bytes]:
    """`seed` as it is, mutated, or replaced by garbage."""
    return st.one_of(st.just(seed), mutated(seed), mutated(seed), garbage())
