"""The CI configuration a provisioned repository starts with: `osu scan` on every push and merge
request, keeping the SARIF report and the CycloneDX SBOM as artefacts (CH3, CH4)."""

from __future__ import annotations

_GITLAB_CI = """\
# Added by the Open Source United Platform when the repository was provisioned (CH3, CH4):
# the platform's scanner on every push and merge request. See docs/ci.md of the platform.
osu-scan:
  image: python:3.11
  stage: test
  variables:
    GIT_DEPTH: "0"
  before_script:
    - pip install --quiet osunited
    - mkdir -p osu-reports && printf '/osu-reports/\\n' >> .git/info/exclude
  script:
    - osu scan . --format cyclonedx --output osu-reports/sbom.cdx.json --fail-on never --quiet
    - osu scan . --format sarif --output osu-reports/osu.sarif --fail-on error
  artifacts:
    when: always
    paths:
      - osu-reports/
    expire_in: 30 days
"""

_GITHUB_WORKFLOW = """\
# Added by the Open Source United Platform when the repository was provisioned (CH3, CH4):
# the platform's scanner on every push and pull request. See docs/ci.md of the platform.
name: osu-scan
on: [push, pull_request]
permissions:
  contents: read
jobs:
  osu-scan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          persist-credentials: false
      - run: pip install --quiet osunited
      - run: mkdir -p osu-reports && echo '/osu-reports/' >> .git/info/exclude
      - run: osu scan . --format cyclonedx -o osu-reports/sbom.cdx.json --fail-on never -q
      - run: osu scan . --format sarif --output osu-reports/osu.sarif --fail-on error
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: osu-reports
          path: osu-reports/
"""


def ci_files_for(kind: str) -> dict[str, bytes]:
    """Path -> content of the CI configuration for a forge kind."""
    if kind == "github":
        return {".github/workflows/osu-scan.yml": _GITHUB_WORKFLOW.encode()}
    return {".gitlab-ci.yml": _GITLAB_CI.encode()}
