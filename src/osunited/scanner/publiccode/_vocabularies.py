"""Controlled vocabularies of the publiccode.yml standard and of the codes it refers to.

Sources: the standard's docs/standard/categories-list.rst and scope-list.rst
(github.com/publiccodeyml/publiccode.yml), as the reference Go validator
(github.com/italia/publiccode-parser-go, validators/v0.go) lists them; ISO 639-1; ISO 639-2 and
639-3, and ISO 3166-1 alpha-2, in data/ (from Debian's iso-codes 4.15); the UN M.49 region codes
of the IANA language subtag registry; the codes of Italian public administrations in data/
(github.com/publiccodeyml/italian-organizations-ipa-vocabulary, CC0-1.0).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DEVELOPMENT_STATUSES = frozenset({"concept", "development", "beta", "stable", "obsolete"})

SOFTWARE_TYPES = frozenset(
    {
        "standalone/mobile",
        "standalone/iot",
        "standalone/desktop",
        "standalone/web",
        "standalone/backend",
        "standalone/other",
        "addon",
        "library",
        "configurationFiles",
    }
)

MAINTENANCE_TYPES = frozenset({"internal", "contract", "community", "none"})

# Predefined platforms; the standard allows other human-readable values too.
PLATFORMS = ("web", "windows", "mac", "linux", "ios", "android")

CATEGORIES = _words(
    """
    accounting agile-project-management applicant-tracking application-development
    appointment-scheduling backup billing-and-invoicing blog budgeting business-intelligence
    business-process-management cad call-center-management cloud-management collaboration
    communications compliance-management contact-management content-management crm
    customer-service-and-support data-analytics data-collection data-visualization design
    design-system digital-asset-management digital-citizenship document-management
    donor-management e-commerce e-signature educational-content email-management
    email-marketing employee-management enterprise-project-management
    enterprise-social-networking erp event-management facility-management
    feedback-and-reviews-management financial-reporting fleet-management fundraising
    gamification geographic-information-systems grant-management graphic-design help-desk hr
    ide identity-management instant-messaging integrated-library-system inventory-management
    it-asset-management it-development it-management it-security it-service-management
    knowledge-management learning-management-system marketing mind-mapping mobile-marketing
    mobile-payment network-management office online-booking online-community payment-gateway
    payroll predictive-analysis procurement productivity-suite project-collaboration
    project-management property-management real-estate-management regulations-and-directives
    remote-support resource-management sales-management seo service-desk
    social-media-management survey talent-management task-management taxes-management
    test-management time-management time-tracking translation video-conferencing video-editing
    visitor-management voip warehouse-management web-collaboration web-conferencing
    whistleblowing website-builder workflow-management other
    """
)

SCOPES = _words(
    """
    agriculture culture defence education emergency-services employment energy environment
    finance-and-economic-development foreign-affairs government healthcare infrastructures
    justice local-authorities manufacturing research science-and-technology security society
    sport tourism transportation welfare
    """
)

ISO_639_1 = _words(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
    """
)

# Region subtags of BCP 47 beyond ISO 3166-1: UN M.49 areas, and the EU/UN groupings.
EXTRA_REGIONS = _words(
    """
    001 002 003 005 009 011 013 014 015 017 018 019 021 029 030 034 035 039 053 054 057 061
    142 143 145 150 151 154 155 202 419 EU EZ UN
    """
)

# supports[].id may be "alias:<name>" with one of these names (the standard's aliases-list.rst).
SUPPORTS_ALIASES = _words("gdpr eidas nis2 cra spid cie anpr pagopa io")

# The IT section's versions (the Italian extension of the standard).
IT_EXTENSION_VERSIONS = frozenset({"0.2", "1.0"})


@lru_cache(maxsize=1)
def iso_639_three_letter() -> frozenset[str]:
    """Three-letter language codes of ISO 639-2 and ISO 639-3, from Debian's iso-codes
    (data/third_party/iso-codes/)."""
    return _words(_data("third_party", "iso-codes", "iso-639-3-letter.txt").decode("ascii"))


@lru_cache(maxsize=1)
def iso_3166_1_countries() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 country code with its English short name, from Debian's
    iso-codes (data/third_party/iso-codes/)."""
    text = _data("third_party", "iso-codes", "iso-3166-1.tsv").decode("utf-8")
    rows = (row.partition("\t") for row in text.splitlines()[1:] if row)
    return {code: name for code, _tab, name in rows}


@lru_cache(maxsize=1)
def italian_ipa_codes() -> frozenset[str]:
    """Codes of Italian public administrations (codici IPA), lowercased
    (data/it-ipa-codes.txt.gz)."""
    return _words(gzip.decompress(_data("it-ipa-codes.txt.gz")).decode("ascii"))


def _data(*names: str) -> bytes:
    return resources.files("osunited.scanner.publiccode").joinpath("data", *names).read_bytes()
