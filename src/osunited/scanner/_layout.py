"""Where a file comes from, as far as its path tells: code written elsewhere and copied in
(vendored), or made by a tool (minified bundles, build output). Checks that judge the project's
own work (headers, copyright holders, secrets, file licenses) read these apart."""

from __future__ import annotations

import re

VENDORED_FOLDERS = frozenset(
    """node_modules vendor vendors third_party third-party thirdparty 3rdparty external extern
    bower_components site-packages pods .yarn deps""".split()
)
_GENERATED_FOLDERS = frozenset({"dist", "_site", "htmlcov"})
_MINIFIED = re.compile(r"[.-]min\.(?:js|mjs|cjs|css)$|\.(?:bundle|chunk)\.js$|\.map$")


# A folder named for a release of something ("gitbook-2.6.7", "jquery-ui-1.13.2") is a copy of it.
_RELEASE_FOLDER = re.compile(r"^[a-z][\w.+-]*?[-_]v?\d+(?:\.\d+){1,3}$")


def is_vendored(path: str) -> bool:
    """In a folder that holds code copied from other projects (node_modules, vendor ...)."""
    folders = path.lower().split("/")[:-1]
    if not VENDORED_FOLDERS.isdisjoint(folders):
        return True
    return any(_RELEASE_FOLDER.match(folder) for folder in folders)


# Folders of tests and of the data they read: not part of the program a project distributes.
TEST_FOLDERS = frozenset(
    """test tests testdata test_data test-data __tests__ fixtures __fixtures__""".split()
)


def is_test_material(path: str) -> bool:
    """In a folder of tests or test fixtures (tests/, testdata/, __fixtures__ ...)."""
    return not TEST_FOLDERS.isdisjoint(path.lower().split("/")[:-1])


_THIRD_PARTY_NAME = re.compile(r"third[-_]?party|3rd[-_]?party", re.IGNORECASE)


def is_third_party_listing(path: str) -> bool:
    """A file named for third-party code (LICENSES_THIRD_PARTY.properties,
    THIRD-PARTY-NOTICES.txt): it lists the licenses of others, not its own."""
    return bool(_THIRD_PARTY_NAME.search(path.rpartition("/")[2]))


def is_minified(path: str) -> bool:
    return bool(_MINIFIED.search(path.rpartition("/")[2].lower()))


def is_generated(path: str) -> bool:
    """Minified bundles, source maps and files under a build-output folder (dist ...)."""
    return is_minified(path) or not _GENERATED_FOLDERS.isdisjoint(path.lower().split("/")[:-1])


def is_elsewhere_made(path: str) -> bool:
    """Vendored or generated: not the project's own hand-written work."""
    return is_vendored(path) or is_generated(path)


_DOCUMENTATION_SUFFIXES = frozenset(
    ".md .markdown .rst .adoc .asciidoc .txt .tex .rd .rmd .html .htm .1 .man".split()
)
_MEDIA_SUFFIXES = frozenset(
    """.png .jpg .jpeg .gif .svg .ico .webp .bmp .tif .tiff .psd .xcf .eps .ai .mp3 .ogg .wav
    .flac .mp4 .webm .mov .avi .ttf .otf .woff .woff2 .eot .pdf""".split()
)
_DATA_SUFFIXES = frozenset(
    """.csv .tsv .parquet .geojson .topojson .shp .dbf .sqlite .sqlite3 .db .xlsx .xls .ods
    .rda .rdata .rds .feather .arrow .ndjson .jsonl .nc .h5 .hdf5""".split()
)
_CONFIGURATION_SUFFIXES = frozenset(
    """.toml .yaml .yml .ini .cfg .conf .json .lock .editorconfig .gitignore .gitattributes
    .properties .env .license""".split()
)
_DOCUMENTATION_FOLDERS = frozenset({"doc", "docs", "documentation", "man", "vignettes"})
_DATA_FOLDERS = frozenset({"data", "datasets", "dataset"})


def file_kind(path: str) -> str:
    """What a file is made of: `code`, `documentation`, `media`, `data` or `configuration`,
    by its name and folder; anything unknown counts as code."""
    lowered = path.lower()
    parts = lowered.split("/")
    name, folders = parts[-1], parts[:-1]
    suffix = name[name.rfind(".") :] if "." in name[1:] else ""
    if suffix in _MEDIA_SUFFIXES:
        return "media"
    if suffix in _DATA_SUFFIXES or (
        not _DATA_FOLDERS.isdisjoint(folders) and suffix in _CONFIGURATION_SUFFIXES
    ):
        return "data"
    if suffix in _DOCUMENTATION_SUFFIXES or not _DOCUMENTATION_FOLDERS.isdisjoint(folders):
        return "documentation"
    if suffix in _CONFIGURATION_SUFFIXES or name.startswith(".") or ".github" in folders:
        return "configuration"
    return "code"
