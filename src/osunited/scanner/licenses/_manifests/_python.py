"""Python manifests: pyproject.toml, setup.cfg, setup.py, PKG-INFO / METADATA; Conan's conanfile.py.

setup.py and conanfile.py are read with `ast.parse`, which builds a syntax tree and runs nothing.
"""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from collections.abc import Iterable
from email.parser import HeaderParser

from osunited.scanner.licenses._manifests._model import (
    DeclaredLicense,
    Manifest,
    line_at,
    strings,
    table,
)


def _declared_by_python(raws: Iterable[str]) -> list[str]:
    # setuptools writes "UNKNOWN" when a project declares nothing.
    return [raw for raw in raws if raw.strip() != "UNKNOWN"]


def _is_license_classifier(classifier: str) -> bool:
    # "License :: OSI Approved" alone is the parent of the OSI classifiers and names no license.
    return classifier.startswith("License ::") and classifier != "License :: OSI Approved"


def _license_classifiers(
    manifest: Manifest, classifiers: list[str], key: str
) -> list[DeclaredLicense]:
    stripped = [classifier.strip() for classifier in classifiers]
    return [manifest.license(c, key) for c in stripped if _is_license_classifier(c)]


def read_pyproject(manifest: Manifest) -> list[DeclaredLicense]:
    data = tomllib.loads(manifest.text)
    project = table(data, "project")
    poetry = table(table(data, "tool"), "poetry")
    declared = _pep621_license(manifest, project.get("license"))
    declared += [
        manifest.license_file(file, "license-files")
        for file in _license_file_globs(project.get("license-files"))
    ]
    declared += [manifest.license(raw, "tool.poetry") for raw in strings(poetry.get("license"))]
    classifiers = strings(project.get("classifiers")) + strings(poetry.get("classifiers"))
    return declared + _license_classifiers(manifest, classifiers, "classifiers")


def _pep621_license(manifest: Manifest, value: object) -> list[DeclaredLicense]:
    """PEP 639 `license = "MIT"`, or PEP 621 `license = {text = ...}` / `{file = ...}`."""
    if isinstance(value, str):
        return manifest.licenses(strings(value), "license")
    if not isinstance(value, dict):
        return []
    text, file = value.get("text"), value.get("file")
    declared = manifest.licenses(strings(text), "license") if isinstance(text, str) else []
    if isinstance(file, str) and file.strip():
        declared.append(manifest.license_file(file, "license"))
    return declared


def _license_file_globs(value: object) -> list[str]:
    """PEP 639 `license-files = [...]`, or the earlier draft's `{paths = [...], globs = [...]}`."""
    if isinstance(value, dict):
        return strings(value.get("paths")) + strings(value.get("globs"))
    return strings(value)


def read_setup_cfg(manifest: Manifest) -> list[DeclaredLicense]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read_string(manifest.text)
    if not parser.has_section("metadata"):
        return []
    metadata = parser["metadata"]
    raws = _declared_by_python(
        [metadata.get("license_expression", ""), metadata.get("license", "")]
    )
    declared = manifest.licenses(strings(raws), "license")
    files = re.split(
        r"[,\s]+", metadata.get("license_files", "") + " " + metadata.get("license_file", "")
    )
    declared += [manifest.license_file(file, "license_file") for file in strings(files)]
    classifiers = metadata.get("classifiers", "").splitlines()
    return declared + _license_classifiers(manifest, classifiers, "classifiers")


def _syntax_tree(text: str) -> ast.Module | None:
    """The syntax tree of Python source, built without running it; None if it does not parse."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, MemoryError):  # MemoryError: the parser's nesting limit
        return None


def read_setup_py(manifest: Manifest) -> list[DeclaredLicense]:
    """`setup(license=..., classifiers=[...])` found in the syntax tree; nothing is executed."""
    tree = _syntax_tree(manifest.text)
    if tree is None:  # e.g. Python 2: fall back to plain text
        return _setup_py_by_text(manifest)
    constants = _module_constants(tree)
    return [
        declared
        for call in _setup_calls(tree)
        for keyword in call.keywords
        for declared in _setup_keyword_licenses(manifest, keyword, constants)
    ]


def _setup_keyword_licenses(
    manifest: Manifest, keyword: ast.keyword, constants: dict[str, ast.expr]
) -> list[DeclaredLicense]:
    values = _string_nodes(keyword.value, constants)
    if keyword.arg in ("license", "license_expression"):
        return [manifest.license(raw, "license", line=line) for raw, line in values]
    if keyword.arg == "classifiers":
        classifiers = [(raw.strip(), line) for raw, line in values]
        return [
            manifest.license(raw, "classifiers", line=line)
            for raw, line in classifiers
            if _is_license_classifier(raw)
        ]
    if keyword.arg in ("license_file", "license_files"):
        return [manifest.license_file(raw, "license_file", line=line) for raw, line in values]
    return []


def _setup_calls(tree: ast.AST) -> list[ast.Call]:
    def is_setup(node: ast.expr) -> bool:
        return (isinstance(node, ast.Name) and node.id == "setup") or (
            isinstance(node, ast.Attribute) and node.attr == "setup"
        )

    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and is_setup(node.func)]


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level `NAME = <expression>`, so `setup(license=LICENSE)` can be followed."""
    constants: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name):
            constants[target.id] = value
    return constants


def _string_nodes(node: ast.expr, constants: dict[str, ast.expr]) -> list[tuple[str, int]]:
    """The string constants of `node` (a string, or a list or tuple of strings) with their lines."""
    if isinstance(node, ast.Name) and node.id in constants:
        node = constants[node.id]
    elements = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
    return [
        (element.value, element.lineno)
        for element in elements
        if isinstance(element, ast.Constant)
        and isinstance(element.value, str)
        and element.value.strip()
        and element.value.strip() != "UNKNOWN"  # what setuptools writes for nothing declared
    ]


_SETUP_LICENSE = re.compile(r"""\blicense\s*=\s*(?P<q>['"])(?P<raw>[^'"\n]+)(?P=q)""")
_SETUP_CLASSIFIER = re.compile(r"""(?P<q>['"])(?P<raw>License ::[^'"\n]+)(?P=q)""")


def _setup_py_by_text(manifest: Manifest) -> list[DeclaredLicense]:
    return [
        manifest.license(found["raw"], "license", line=line_at(manifest.text, found.start()))
        for pattern in (_SETUP_LICENSE, _SETUP_CLASSIFIER)
        for found in pattern.finditer(manifest.text)
        if found["raw"].strip() != "UNKNOWN"
    ]


def read_core_metadata(manifest: Manifest) -> list[DeclaredLicense]:
    """PKG-INFO and METADATA: the core metadata headers of a Python distribution."""
    headers = HeaderParser().parsestr(manifest.text)
    if headers.get("Metadata-Version") is None:  # another kind of file named METADATA
        return []
    expressions = strings(headers.get_all("License-Expression", []))
    declared = manifest.licenses(expressions, "License-Expression:")
    declared += manifest.licenses(
        _declared_by_python(strings(headers.get_all("License", []))), "License:"
    )
    files = strings(headers.get_all("License-File", []))
    declared += [manifest.license_file(file, "License-File:") for file in files]
    classifiers = strings(headers.get_all("Classifier", []))
    return declared + _license_classifiers(manifest, classifiers, "Classifier:")


def read_conanfile(manifest: Manifest) -> list[DeclaredLicense]:
    """`license = "MIT"` (or a tuple) in a ConanFile class body, found in the syntax tree."""
    tree = _syntax_tree(manifest.text)
    classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)] if tree else []
    values = [
        statement.value
        for node in classes
        for statement in node.body
        if isinstance(statement, ast.Assign)
        and any(
            isinstance(target, ast.Name) and target.id == "license" for target in statement.targets
        )
    ]
    return [
        manifest.license(raw, "license", line=line)
        for value in values
        for raw, line in _string_nodes(value, {})
    ]
