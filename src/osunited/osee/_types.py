"""The OSEE framework's types: categories, modules, audiences, competencies, dependencies,
training materials and the OSPO roles table, as the October 2024 public draft has them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Audience:
    """One row of a module's target-audience table ("Role", "Description"); `organisation` is the
    kind of organisation where the seed's table has that column (Strategy)."""

    role: str
    description: str
    organisation: str = ""


@dataclass(frozen=True)
class Competency:
    """An acquired competency. `id` is `<module id>/<slug of the name>`, stable across versions."""

    id: str
    module_id: str
    name: str
    description: str

    @property
    def slug(self) -> str:
        """The id without its module: the competency's anchor on its module's page."""
        return self.id.rpartition("/")[2]


@dataclass(frozen=True)
class Dependency:
    """A dependency or overlap: on another module (`module_id`) or on something outside the
    framework (`module_id` empty: laws, cultural norms, a category)."""

    text: str
    module_id: str = ""


@dataclass(frozen=True)
class TrainingMaterial:
    """One row of a module's "Examples of Training Materials" table."""

    activity: str
    contents: tuple[str, ...]
    user_group: str = ""
    licensing: str = ""
    listed_under: str = ""  # the table's "OSEE Framework" column, worded as the draft has it


@dataclass(frozen=True)
class Module:
    id: str
    category_id: str
    title: str
    scope: str
    audiences: tuple[Audience, ...] = ()
    competencies: tuple[Competency, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    training_materials: tuple[TrainingMaterial, ...] = ()
    audience_summary: str = ""  # the text around the target-audience table
    notes: tuple[str, ...] = ()  # the transcriber's notes on the draft (copy slips, gaps)


@dataclass(frozen=True)
class Category:
    """Technical, Organisational and programmatic, Ecosystemic and societal."""

    id: str
    title: str
    summary: str
    module_ids: tuple[str, ...] = ()
    relevant_components: tuple[str, ...] = ()
    complete: bool = True  # the draft leaves the Technical category "to be completed"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class OspoRole:
    """A row of the Digital Public Goods Management Program's table of OSPO roles."""

    role: str
    profiles: tuple[str, ...]
    composition: str
    strategic: bool = True


@dataclass(frozen=True)
class Alignment:
    """How a CPF guideline (CB1-CB4, G1-G10) maps to OSEE modules and competencies."""

    guideline_id: str
    module_ids: tuple[str, ...]
    competency_ids: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Osee:
    version: str
    title: str
    date: str  # the draft's date, "2024-10"
    categories: tuple[Category, ...]
    modules: tuple[Module, ...]
    ospo_roles: tuple[OspoRole, ...]
    alignments: tuple[Alignment, ...] = ()
    source: str = ""
    creator: str = ""
    overview: str = ""
    notes: tuple[str, ...] = ()
    _modules: dict[str, Module] = field(default_factory=dict, repr=False, compare=False)
    _competencies: dict[str, Competency] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._modules.update({module.id: module for module in self.modules})
        self._competencies.update({c.id: c for module in self.modules for c in module.competencies})

    def module(self, module_id: str) -> Module:
        """KeyError on an unknown id."""
        return self._modules[module_id]

    def competency(self, competency_id: str) -> Competency:
        """KeyError on an unknown id."""
        return self._competencies[competency_id]

    def competencies(self) -> tuple[Competency, ...]:
        return tuple(self._competencies.values())

    def alignment(self, guideline_id: str) -> Alignment | None:
        return next((a for a in self.alignments if a.guideline_id == guideline_id), None)


# The module ids every part of the platform uses (learning catalogue, recommendations, CASE).
MODULE_IDS = (
    "dpg-management-program",
    "strategy",
    "community-management",
    "procurement-and-legal",
    "requirements-and-specifications",
    "digital-inclusion",
    "resource-mobilisation",
    "capacity-building",
    "digital-governance-and-sovereignty",
)
CATEGORY_IDS = ("organisational-and-programmatic", "ecosystemic-and-societal", "technical")
