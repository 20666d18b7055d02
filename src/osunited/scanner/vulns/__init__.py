"""Known vulnerabilities of dependencies, looked up offline in a local copy of OSV records
(https://ossf.github.io/osv-schema/).

    with VulnDB() as db:
        import_osv(Path("PyPI-all.zip"), db)  # or a folder or tar archive of JSON/YAML records
        print(provenance(db).date)  # the database's date: its newest record's
        for vulnerability in vulnerabilities_for(db, "PyPI", "django", "4.2.0"):
            print(vulnerability.id, vulnerability.severity, vulnerability.suggested_fix)
"""

from osunited.scanner.vulns._db import (
    DBStatus,
    ImportStats,
    Provenance,
    VulnDB,
    default_db_path,
    import_osv,
    provenance,
    status,
)
from osunited.scanner.vulns._ecosystems import ECOSYSTEMS, canonical_ecosystem
from osunited.scanner.vulns._match import Vulnerability, vulnerabilities_for

__all__ = [
    "ECOSYSTEMS",
    "DBStatus",
    "ImportStats",
    "Provenance",
    "VulnDB",
    "Vulnerability",
    "canonical_ecosystem",
    "default_db_path",
    "import_osv",
    "provenance",
    "status",
    "vulnerabilities_for",
]
