"""The schema of the OSEE data files: `osee-2024-10.yaml` (the framework, `OseeFile`) and
`cpf-alignment.yaml` (the CPF guidelines mapped to it, `AlignmentFile`). Strict: an unknown or
missing key is an error."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Notes = list[Text]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class AudienceEntry(_Strict):
    role: Text
    description: str = ""
    organisation: str = ""


class CompetencyEntry(_Strict):
    name: Text
    description: Text


class DependencyEntry(_Strict):
    text: Text
    module: Slug | None = None  # the module the text names, if it names one


class TrainingMaterialEntry(_Strict):
    activity: Text
    contents: list[Text]
    user_group: str = ""
    licensing: str = ""
    listed_under: str = ""


class ModuleEntry(_Strict):
    id: Slug
    category: Slug
    title: Text
    scope: Text
    audience_summary: str = ""
    audiences: list[AudienceEntry] = []
    competencies: list[CompetencyEntry] = []
    dependencies: list[DependencyEntry] = []
    training_materials: list[TrainingMaterialEntry] = []
    notes: Notes = []


class CategoryEntry(_Strict):
    id: Slug
    title: Text
    summary: Text
    complete: bool = True
    relevant_components: list[Text] = []
    notes: Notes = []


class OspoRoleEntry(_Strict):
    role: Text
    profiles: Annotated[list[Text], Field(min_length=1)]
    composition: Text
    strategic: bool


class OseeFile(_Strict):
    schema_version: Literal[1] = Field(alias="schema")
    id: Slug
    title: Text
    version: Text
    date: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    creator: Text
    source: Text
    overview: Text
    notes: Notes = []
    categories: Annotated[list[CategoryEntry], Field(min_length=1)]
    modules: Annotated[list[ModuleEntry], Field(min_length=1)]
    ospo_roles: list[OspoRoleEntry]


class AlignmentEntry(_Strict):
    guideline: Annotated[str, StringConstraints(pattern=r"^[A-Z]+[0-9]+$")]
    modules: Annotated[list[Slug], Field(min_length=1)]
    competencies: list[Text] = []
    reason: Text


class AlignmentFile(_Strict):
    schema_version: Literal[1] = Field(alias="schema")
    framework: Slug  # the CPF file the guideline ids are of (cpf-rc1)
    osee: Slug  # the OSEE file the module and competency ids are of
    alignments: Annotated[list[AlignmentEntry], Field(min_length=1)]
