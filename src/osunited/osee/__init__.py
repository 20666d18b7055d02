"""The Open Source Ecosystem Enabler (OSEE) framework as data (public draft, October 2024), its
alignment with the CPF's guidelines, and its export as a 1EdTech CASE 1.1 package. Pure Python;
knows nothing of Django. See docs/learning.md."""

from osunited.osee._case import case_identifier, case_package
from osunited.osee._load import OseeError, competency_id, load_osee, osee_data_texts, parse_osee
from osunited.osee._recommend import (
    Activity,
    ActivityKind,
    Gap,
    Offer,
    Recommendation,
    evidence_for,
    level_for_stage,
    recommend,
)
from osunited.osee._types import (
    CATEGORY_IDS,
    MODULE_IDS,
    Alignment,
    Audience,
    Category,
    Competency,
    Dependency,
    Module,
    Osee,
    OspoRole,
    TrainingMaterial,
)

__all__ = [
    "CATEGORY_IDS",
    "MODULE_IDS",
    "Activity",
    "ActivityKind",
    "Alignment",
    "Audience",
    "Category",
    "Competency",
    "Dependency",
    "Gap",
    "Module",
    "Offer",
    "Osee",
    "OseeError",
    "OspoRole",
    "Recommendation",
    "TrainingMaterial",
    "case_identifier",
    "case_package",
    "competency_id",
    "evidence_for",
    "level_for_stage",
    "load_osee",
    "osee_data_texts",
    "parse_osee",
    "recommend",
]
