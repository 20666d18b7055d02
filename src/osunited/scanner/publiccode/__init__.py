"""publiccode.yml: validate a file as the reference validator does, and draft one for a project.

The standard is published at https://yml.publiccode.tools; its rules live as data in
`_schema.py`, as the reference validator (italia/publiccode-parser-go) applies them.
"""

from osunited.scanner.publiccode._draft import draft_publiccode
from osunited.scanner.publiccode._facts import facts_from_directory, facts_with_scan
from osunited.scanner.publiccode._files import FileReader, files_in_directory
from osunited.scanner.publiccode._types import (
    PublicCodeFacts,
    PublicCodeProblem,
    PublicCodeValidation,
)
from osunited.scanner.publiccode._validate import validate_publiccode
from osunited.scanner.publiccode._vocabularies import iso_3166_1_countries
from osunited.scanner.publiccode._yaml import MAX_BYTES

__all__ = [
    "MAX_BYTES",
    "FileReader",
    "PublicCodeFacts",
    "PublicCodeProblem",
    "PublicCodeValidation",
    "draft_publiccode",
    "facts_from_directory",
    "facts_with_scan",
    "files_in_directory",
    "iso_3166_1_countries",
    "validate_publiccode",
]
