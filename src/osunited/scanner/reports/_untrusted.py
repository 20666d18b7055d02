"""Text that comes from the scanned repository (file names, license texts, manifest values) is
hostile input for every report. Each format escapes it for its own medium; this is the common part.
"""

from __future__ import annotations

import re

# Control characters could rewrite a terminal or break a line-based format; bidirectional
# overrides could hide or reorder text for a reader ("Trojan Source"). Both are shown escaped.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t]")


def one_line(text: str) -> str:
    """`text` on a single line (line breaks and tabs become spaces), with the characters that
    could take over a terminal or hide text written as `\\uXXXX`."""
    text = _LINE_BREAKS.sub(" ", text)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
