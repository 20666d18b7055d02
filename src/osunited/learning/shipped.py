"""The learning catalogue and paths the platform ships, read from data/catalogue.yaml and
data/paths.yaml and checked on reading: slugs unique, known kinds, levels and roles, https links,
every step naming a shipped module once. Whether competency ids are the OSEE engine's is checked
by the tests, so that a framework update never stops `migrate`.

The rows made from these files are edited on the site; their texts in other languages come from
the sidecars beside the files (`CATALOGUE_TEXTS`, `PATHS_TEXTS`) while a row keeps the shipped
English (docs/translations.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from osunited.learning.models import Level, ModuleKind, PathRole
from osunited.texts import DataTexts

DATA = Path(__file__).parent / "data"
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ShippedModule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Slug
    kind: str
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    summary: Text
    osee_module: str = ""
    competencies: tuple[str, ...] = ()
    provider: str = ""
    url: Annotated[str, StringConstraints(pattern=r"^(https://\S+)?$", max_length=500)] = ""
    language: Annotated[str, StringConstraints(pattern=r"^([a-z]{2,3}(-[A-Za-z0-9]{2,8})*)?$")]
    level: str
    duration_minutes: Annotated[int, Field(gt=0)] | None = None
    license: str = ""
    self_paced: bool

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in ModuleKind.values:
            raise ValueError(f"unknown kind {kind!r}")
        return kind

    @field_validator("level")
    @classmethod
    def _known_level(cls, level: str) -> str:
        if level not in Level.values:
            raise ValueError(f"unknown level {level!r}")
        return level

    def as_fields(self) -> dict[str, Any]:
        """The LearningModule fields of this entry."""
        fields = self.model_dump()
        fields["competencies"] = list(self.competencies)
        return fields


class ShippedStep(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    module: Slug
    why: Text


class ShippedPath(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Slug
    role: str
    title: Text
    summary: Text
    steps: Annotated[tuple[ShippedStep, ...], Field(min_length=1)]

    @field_validator("role")
    @classmethod
    def _known_role(cls, role: str) -> str:
        if role not in PathRole.values:
            raise ValueError(f"unknown role {role!r}")
        return role


class _CatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    modules: tuple[ShippedModule, ...]


class _PathsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    paths: tuple[ShippedPath, ...]


def _read(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def _unique(slugs: list[str], what: str) -> None:
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:
        raise ValueError(f"{what} listed twice: {', '.join(repeated)}")


@cache
def shipped_modules() -> tuple[ShippedModule, ...]:
    modules = _CatalogueFile.model_validate(_read("catalogue.yaml")).modules
    _unique([module.slug for module in modules], "catalogue.yaml: modules")
    return modules


@cache
def shipped_paths() -> tuple[ShippedPath, ...]:
    paths = _PathsFile.model_validate(_read("paths.yaml")).paths
    _unique([path.slug for path in paths], "paths.yaml: paths")
    known = {module.slug for module in shipped_modules()}
    for path in paths:
        slugs = [step.module for step in path.steps]
        _unique(slugs, f"paths.yaml: {path.slug}: modules")
        unknown = sorted(set(slugs) - known)
        if unknown:
            raise ValueError(f"paths.yaml: {path.slug}: no shipped module {', '.join(unknown)}")
    return paths


def module_key(slug: str, field: str) -> str:
    """The key of a catalogue module's text (`title`, `summary`) in the sidecars."""
    return f"modules[{slug}].{field}"


def path_key(slug: str, field: str) -> str:
    """The key of a path's text (`title`, `summary`) in the sidecars."""
    return f"paths[{slug}].{field}"


def step_key(path_slug: str, module_slug: str) -> str:
    """The key of why a module is a step of a path."""
    return f"paths[{path_slug}].steps[{module_slug}].why"


def _catalogue_texts() -> dict[str, str]:
    return {
        module_key(module.slug, field): getattr(module, field)
        for module in shipped_modules()
        for field in ("title", "summary")
    }


def _path_texts() -> dict[str, str]:
    texts = {}
    for path in shipped_paths():
        texts[path_key(path.slug, "title")] = path.title
        texts[path_key(path.slug, "summary")] = path.summary
        texts |= {step_key(path.slug, step.module): step.why for step in path.steps}
    return texts


CATALOGUE_TEXTS = DataTexts(DATA / "catalogue.yaml", _catalogue_texts)
PATHS_TEXTS = DataTexts(DATA / "paths.yaml", _path_texts)
