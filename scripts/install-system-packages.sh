#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only those missing: PostgreSQL, Redis,
# Chromium (for the browser tests), fonts (DejaVu has Latin, Cyrillic and Arabic; WenQuanYi Micro Hei
# Chinese: the pages and PDF reports in the six UN languages), Pango (WeasyPrint draws the PDF
# reports with it) and poppler-utils (pdftoppm: the tests rasterise a PDF report to check its colours), and nginx-light
# with openssl (a real TLS reverse proxy in front of `osu serve`, as docs/deploy.md sets it up),
# wrk (the load generator of benchmarks/load_bench.py), libmagic1 (for `reuse lint`) and gettext
# (xgettext: the test that the translation catalogues are in step with the code extracts them).
set -euo pipefail

wanted=(postgresql redis-server chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
  nginx-light openssl wrk libmagic1 gettext fonts-wqy-microhei)
missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
