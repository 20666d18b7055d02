"""Small git repositories for the demo catalog, generated on this machine (no network).

Each repository gets a history dated relative to today, so that the scanner's health checks read
an active project as active and an abandoned one as unmaintained on every first start.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from osunited.scanner._git import git_executable

APACHE_NOTICE = "# SPDX-License-Identifier: Apache-2.0\n"
MIT_NOTICE = "// SPDX-License-Identifier: MIT\n"


@dataclass(frozen=True)
class Commit:
    days_ago: int
    author: str  # "Name <email>"
    message: str
    files: Mapping[str, str]  # path -> new content; "" removes the file


@dataclass(frozen=True)
class DemoRepository:
    name: str
    commits: tuple[Commit, ...]
    tags: Mapping[str, int] = field(default_factory=dict)  # tag -> index of the commit


def _readme(title: str, body: str) -> str:
    return (
        f"# {title}\n\n{body}\n\n## Installation\n\nSee `docs/install.md`. The project runs on "
        "any Linux server with Python 3.11 or Node 20.\n\n## Usage\n\nStart the service, open "
        "the web page and sign in with your organisation account. Every screen has help.\n\n"
        "## Contributing\n\nRead CONTRIBUTING.md. We welcome issues and pull requests.\n"
    )


CONTRIBUTING = (
    "# Contributing\n\nOpen an issue first, then a pull request with tests. Every contribution "
    "is reviewed by a maintainer. By contributing you agree to the project's CLA.\n"
)
CODE_OF_CONDUCT = (
    "# Code of conduct\n\nThis project follows the Contributor Covenant, version 2.1. Report "
    "unacceptable behaviour to the maintainers at conduct@example.org.\n"
)
SECURITY = (
    "# Security policy\n\nReport vulnerabilities privately to security@example.org. We answer "
    "within three working days and publish an advisory when a fix is released.\n"
)


_LICENSE_KEYS = {"Apache-2.0": "apache-2.0", "MIT": "mit", "GPL-3.0-only": "gpl-3.0"}


def _license_text(spdx_id: str) -> str:
    """The license's full text, from the license data the scanner ships with."""
    from osunited.scanner.licenses._data import data_root

    document = (data_root() / "licenses" / f"{_LICENSE_KEYS[spdx_id]}.LICENSE").read_text()
    return document.split("---\n", 2)[-1].lstrip()


def _publiccode(name: str, url: str, license_id: str, description: str) -> str:
    return (
        'publiccodeYmlVersion: "0.4"\n'
        f"name: {name}\n"
        f"url: {url}\n"
        "releaseDate: '2026-01-15'\n"
        "softwareVersion: 1.4.0\n"
        "platforms: [web]\n"
        "categories: [data-collection]\n"
        "developmentStatus: stable\n"
        "softwareType: standalone/web\n"
        "description:\n"
        "  en:\n"
        f"    shortDescription: {description}\n"
        "    longDescription: >\n"
        f"      {description} It is used by field offices to collect, check and publish data "
        "with full audit trails. The software works offline and synchronises when a connection "
        "is available, and it is translated into the six official UN languages.\n"
        "    features:\n"
        "      - Offline data collection\n"
        "      - Audit trail\n"
        "legal:\n"
        f"  license: {license_id}\n"
        "maintenance:\n"
        "  type: internal\n"
        "  contacts:\n"
        "    - name: Demo Focal Point\n"
        "      email: focalpoint@wfp.org\n"
        "localisation:\n"
        "  localisationReady: true\n"
        "  availableLanguages: [en, fr, es]\n"
    )


ANA = "Ana Pereira <ana.pereira@wfp.org>"
KOFI = "Kofi Mensah <kofi.mensah@unicef.org>"
LIN = "Lin Wei <lin.wei@example.org>"
SARA = "Sara Haddad <sara.haddad@who.int>"


def demo_repositories(base_url: str) -> list[DemoRepository]:
    """The demo repositories; `base_url` is where they will live (for publiccode.yml)."""
    field_survey = DemoRepository(
        name="field-survey",
        commits=(
            Commit(
                120,
                ANA,
                "Start the field survey service",
                {
                    "README.md": _readme("Field Survey", "Offline-first household surveys."),
                    "LICENSE": _license_text("Apache-2.0"),
                    "requirements.txt": "django==4.2.1\nrequests==2.25.0\npyyaml==6.0.1\n",
                    "survey/__init__.py": APACHE_NOTICE,
                    "survey/forms.py": APACHE_NOTICE + "def questions():\n    return []\n",
                },
            ),
            Commit(
                60,
                KOFI,
                "Add contribution guide and code of conduct",
                {
                    "CONTRIBUTING.md": CONTRIBUTING,
                    "CODE_OF_CONDUCT.md": CODE_OF_CONDUCT,
                },
            ),
            Commit(
                20,
                LIN,
                "Export answers as CSV",
                {
                    "survey/export.py": APACHE_NOTICE + "def export(rows):\n    return rows\n",
                    "CHANGELOG.md": "# Changelog\n\n## 1.4.0\n- CSV export\n",
                },
            ),
            Commit(
                3,
                SARA,
                "Describe the project in publiccode.yml",
                {
                    "publiccode.yml": _publiccode(
                        "Field Survey",
                        f"{base_url}/field-survey",
                        "Apache-2.0",
                        "Offline-first household surveys for field offices.",
                    ),
                },
            ),
        ),
        tags={"v1.3.0": 1, "v1.4.0": 2},
    )
    school_connect = DemoRepository(
        name="school-connect",
        commits=(
            Commit(
                90,
                KOFI,
                "School connectivity map",
                {
                    "README.md": _readme("School Connect", "Maps the connectivity of schools."),
                    "LICENSE": _license_text("MIT"),
                    "package.json": '{"name": "school-connect", "version": "2.0.0", '
                    '"license": "MIT", '
                    '"dependencies": {"lodash": "4.17.15", "leaflet": "1.9.4"}}\n',
                    "src/map.js": MIT_NOTICE + "export function draw() { return null; }\n",
                },
            ),
            Commit(30, ANA, "Security policy", {"SECURITY.md": SECURITY}),
            Commit(
                5,
                LIN,
                "Show schools without a connection in red",
                {
                    "src/colours.js": MIT_NOTICE + "export const OFFLINE = 'red';\n",
                },
            ),
        ),
        tags={"v2.0.0": 0},
    )
    crop_forecast = DemoRepository(
        name="crop-forecast",
        commits=(
            Commit(
                1500,
                SARA,
                "Crop yield forecasting",
                {
                    "README.md": _readme("Crop Forecast", "Forecasts crop yields from rainfall."),
                    "LICENSE": _license_text("GPL-3.0-only"),
                    "forecast.py": "# SPDX-License-Identifier: GPL-3.0-only\ndef predict():\n"
                    "    return 0\n",
                },
            ),
            Commit(
                1400,
                SARA,
                "Rainfall import",
                {
                    "rainfall.py": "# SPDX-License-Identifier: GPL-3.0-only\n",
                },
            ),
        ),
    )
    supply_tracker = DemoRepository(
        name="supply-tracker",
        commits=(
            Commit(
                40,
                ANA,
                "Track supplies from warehouse to clinic",
                {
                    "README.md": _readme("Supply Tracker", "Follows supplies to the last mile."),
                    "LICENSE": _license_text("Apache-2.0"),
                    "pyproject.toml": '[project]\nname = "supply-tracker"\nversion = "0.3.0"\n'
                    'license = "Apache-2.0"\ndependencies = ["flask==2.0.0"]\n',
                    "tracker/app.py": APACHE_NOTICE + "def app():\n    return None\n",
                    "CONTRIBUTING.md": CONTRIBUTING,
                },
            ),
            Commit(
                10,
                KOFI,
                "Barcode scanning",
                {
                    "tracker/barcode.py": APACHE_NOTICE + "def read():\n    return ''\n",
                },
            ),
        ),
    )
    cash_ledger = DemoRepository(
        name="cash-ledger",
        commits=(
            Commit(
                6,
                ANA,
                "Ledger of cash transfers",
                {
                    "README.md": _readme("Cash Ledger", "Reconciles cash transfers to households."),
                    "go.mod": "module example.org/cash-ledger\n\ngo 1.22\n",
                    "main.go": "package main\n\nfunc main() {}\n",
                },
            ),
        ),
    )
    return [field_survey, school_connect, crop_forecast, supply_tracker, cash_ledger]


# A change made between the two demo scans of one project: what the catalog shows as changed.
SECOND_SCAN_CHANGE = Commit(
    1,
    LIN,
    "Add a security policy; drop the old changelog",
    {
        "SECURITY.md": SECURITY,
        "CHANGELOG.md": "",
    },
)


def build_repository(root: Path, repository: DemoRepository, *, now: datetime) -> Path:
    """Create (or re-create) the repository under `root` and return its path."""
    path = root / repository.name
    if path.exists():
        subprocess.run(["rm", "-rf", str(path)], check=True)  # noqa: S603, S607
    path.mkdir(parents=True)
    _git(path, ["init", "--quiet", "--initial-branch=main"], now=now)
    for index, commit in enumerate(repository.commits):
        apply_commit(path, commit, now=now)
        for tag, at in repository.tags.items():
            if at == index:
                _git(path, ["tag", tag], now=now - timedelta(days=commit.days_ago))
    return path


def apply_commit(path: Path, commit: Commit, *, now: datetime) -> None:
    for name, content in commit.files.items():
        file = path / name
        if content:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(content)
        elif file.exists():
            file.unlink()
    _git(path, ["add", "--all"], now=now)
    name, email = commit.author.rstrip(">").split(" <")
    when = now - timedelta(days=commit.days_ago)
    _git(path, ["commit", "--quiet", "-m", commit.message], now=when, author=(name, email))


def _git(path: Path, args: list[str], *, now: datetime, author: tuple[str, str] = ("", "")) -> None:
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S+0000")
    name, email = author if author[0] else ("Demo", "demo@example.org")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(  # noqa: S603 - fixed executable, our own arguments
        [git_executable(), *args], cwd=path, env=env, check=True, capture_output=True
    )
