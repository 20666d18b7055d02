"""The OSEE framework as a 1EdTech CASE 1.1 package (the CFPackage of the JSON binding), so that
learning systems can align their courses to its categories, modules and competencies.

- Items: each category, module and competency is a CFItem of type Category, Module or Competency
  (the CFItemTypes of CFDefinitions), linked by `isChildOf` associations (a category to the
  document, a module to its category, a competency to its module), in the framework's order.
- A module's dependencies on other modules are `isRelatedTo` associations, grouped as
  "Dependencies and overlaps"; the CPF guidelines aligned to a module or a competency are
  `isRelatedTo` associations to the guideline, grouped as "Alignment with the CPF", with the
  reason in the association's notes.
- Identifiers are UUID 5 of a fixed namespace and the object's id: the same in every export and
  every version of the data. `lastChangeDateTime` is the first day of the draft's month (UTC).
- URIs point at the framework's pages under `base_uri`: a module at `<base_uri><module id>/`, a
  competency at the anchor of its slug there, a category and a CPF guideline at anchors of the
  index page (`#<category id>`, `#cpf-<guideline id>`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from osunited.osee._types import Category, Competency, Module, Osee

# Never change: every identifier of the export derives from it.
CASE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:osunited:osee")
CASE_VERSION = "1.1"
ITEM_TYPES = (
    ("Category", "A general category of the framework", "1"),
    ("Module", "A module of a category: scope, audiences, competencies, training materials", "2"),
    ("Competency", "A competency acquired in a module", "3"),
)
DEPENDENCIES = "Dependencies and overlaps"
CPF_ALIGNMENT = "Alignment with the CPF"
GROUPINGS = {
    DEPENDENCIES: "A module depends on or overlaps with another module.",
    CPF_ALIGNMENT: (
        "What an entity's people could learn to meet a guideline of the UN Open Source United "
        "Common Policy Framework (CPF)."
    ),
}

Json = dict[str, Any]


def case_package(
    osee: Osee, base_uri: str, *, guideline_titles: Mapping[str, str] | None = None
) -> Json:
    """The framework as a CASE 1.1 CFPackage (a JSON-ready dict).

    `base_uri` is the address of the framework's index page; `guideline_titles` names the CPF
    guidelines by id (a guideline without a title is named by its id)."""
    export = _Export(osee, base_uri.rstrip("/") + "/", dict(guideline_titles or {}))
    return {
        "CFDocument": export.document(),
        "CFItems": list(export.items()),
        "CFAssociations": list(export.associations()),
        "CFDefinitions": export.definitions(),
    }


def case_identifier(key: str) -> str:
    """The stable identifier of an object of the export (`module:strategy`, `competency:<id>`)."""
    return str(uuid.uuid5(CASE_NAMESPACE, key))


class _Export:
    def __init__(self, osee: Osee, base: str, guideline_titles: dict[str, str]) -> None:
        self.osee = osee
        self.base = base
        self.guideline_titles = guideline_titles
        self.changed = f"{osee.date}-01T00:00:00+00:00"

    # -- the document and its items --------------------------------------------------------

    def document(self) -> Json:
        notes = " ".join(
            (f"Transcribed from: {self.osee.source}.", *self.osee.notes)
            if self.osee.source
            else self.osee.notes
        )
        document: Json = {
            "identifier": case_identifier("document:osee"),
            "uri": self.base,
            "caseVersion": CASE_VERSION,
            "creator": self.osee.creator or self.osee.title,
            "title": self.osee.title,
            "lastChangeDateTime": self.changed,
            "description": self.osee.overview,
            "language": "en",
            "version": self.osee.version,
            "adoptionStatus": "Draft",
            "notes": notes,
        }
        return {key: value for key, value in document.items() if value}

    def items(self) -> Iterator[Json]:
        for category in self.osee.categories:
            yield self._category_item(category)
        for module in self.osee.modules:
            yield self._module_item(module)
            for competency in module.competencies:
                yield self._competency_item(competency)

    def _category_item(self, category: Category) -> Json:
        notes = category.summary
        if category.notes:
            notes = " ".join((notes, *category.notes))
        return self._item(
            f"category:{category.id}",
            f"{self.base}#{category.id}",
            "Category",
            full=category.title,
            code=category.id,
            notes=notes,
        )

    def _module_item(self, module: Module) -> Json:
        return self._item(
            f"module:{module.id}",
            self._module_uri(module.id),
            "Module",
            full=module.title,
            code=module.id,
            notes=module.scope,
        )

    def _competency_item(self, competency: Competency) -> Json:
        return self._item(
            f"competency:{competency.id}",
            self._competency_uri(competency),
            "Competency",
            full=competency.description,
            code=competency.id,
            abbreviated=competency.name,
        )

    def _item(
        self, key: str, uri: str, item_type: str, *, full: str, code: str, **optional: str
    ) -> Json:
        item: Json = {
            "identifier": case_identifier(key),
            "uri": uri,
            "fullStatement": full,
            "humanCodingScheme": code,
            "CFItemType": item_type,
            "CFItemTypeURI": self._item_type_link(item_type),
            "language": "en",
            "lastChangeDateTime": self.changed,
        }
        if optional.get("abbreviated"):
            item["abbreviatedStatement"] = optional["abbreviated"]
        if optional.get("notes"):
            item["notes"] = optional["notes"]
        return item

    # -- associations ----------------------------------------------------------------------

    def associations(self) -> Iterator[Json]:
        document = self._link("document:osee", self.osee.title, self.base)
        for number, category in enumerate(self.osee.categories, start=1):
            yield self._child(self._category_link(category), document, number)
        for module in self.osee.modules:
            yield from self._module_associations(module)
        yield from self._alignment_associations()

    def _module_associations(self, module: Module) -> Iterator[Json]:
        category = self._category(module.category_id)
        number = category.module_ids.index(module.id) + 1
        module_link = self._module_link(module)
        yield self._child(module_link, self._category_link(category), number)
        for number, competency in enumerate(module.competencies, start=1):
            yield self._child(self._competency_link(competency), module_link, number)
        for dependency in module.dependencies:
            if dependency.module_id:
                target = self._module_link(self.osee.module(dependency.module_id))
                yield self._related(module_link, target, DEPENDENCIES, dependency.text)

    def _alignment_associations(self) -> Iterator[Json]:
        for alignment in self.osee.alignments:
            guideline = self._guideline_link(alignment.guideline_id)
            for module_id in alignment.module_ids:
                origin = self._module_link(self.osee.module(module_id))
                yield self._related(origin, guideline, CPF_ALIGNMENT, alignment.reason)
            for competency_id in alignment.competency_ids:
                origin = self._competency_link(self.osee.competency(competency_id))
                yield self._related(origin, guideline, CPF_ALIGNMENT, alignment.reason)

    def _child(self, origin: Json, destination: Json, number: int) -> Json:
        return self._association("isChildOf", origin, destination) | {"sequenceNumber": number}

    def _related(self, origin: Json, destination: Json, grouping: str, notes: str) -> Json:
        association = self._association("isRelatedTo", origin, destination)
        association["CFAssociationGroupingURI"] = self._grouping_link(grouping)
        association["notes"] = notes
        return association

    def _association(self, kind: str, origin: Json, destination: Json) -> Json:
        identifier = case_identifier(
            f"association:{kind}:{origin['identifier']}:{destination['identifier']}"
        )
        return {
            "identifier": identifier,
            "associationType": kind,
            "uri": f"{self.base}case.json#{identifier}",
            "originNodeURI": origin,
            "destinationNodeURI": destination,
            "lastChangeDateTime": self.changed,
        }

    # -- links -----------------------------------------------------------------------------

    def _link(self, key: str, title: str, uri: str) -> Json:
        return {"title": title, "identifier": case_identifier(key), "uri": uri}

    def _category_link(self, category: Category) -> Json:
        return self._link(f"category:{category.id}", category.title, f"{self.base}#{category.id}")

    def _module_link(self, module: Module) -> Json:
        return self._link(f"module:{module.id}", module.title, self._module_uri(module.id))

    def _competency_link(self, competency: Competency) -> Json:
        uri = self._competency_uri(competency)
        return self._link(f"competency:{competency.id}", competency.name, uri)

    def _guideline_link(self, guideline_id: str) -> Json:
        title = self.guideline_titles.get(guideline_id, "")
        link = self._link(
            f"cpf-guideline:{guideline_id}",
            f"{guideline_id}: {title}" if title else guideline_id,
            f"{self.base}#cpf-{guideline_id}",
        )
        return link | {"targetType": "ext:CPFGuideline"}

    def _item_type_link(self, item_type: str) -> Json:
        return self._link(f"item-type:{item_type}", item_type, self._item_type_uri(item_type))

    def _grouping_link(self, grouping: str) -> Json:
        return self._link(f"grouping:{grouping}", grouping, self._grouping_uri(grouping))

    def _module_uri(self, module_id: str) -> str:
        return f"{self.base}{module_id}/"

    def _competency_uri(self, competency: Competency) -> str:
        return f"{self._module_uri(competency.module_id)}#{competency.slug}"

    def _item_type_uri(self, item_type: str) -> str:
        return f"{self.base}case.json#item-type-{item_type.lower()}"

    def _grouping_uri(self, grouping: str) -> str:
        return f"{self.base}case.json#grouping-{case_identifier(f'grouping:{grouping}')}"

    def _category(self, category_id: str) -> Category:
        return next(c for c in self.osee.categories if c.id == category_id)

    # -- definitions -----------------------------------------------------------------------

    def definitions(self) -> Json:
        item_types = [
            {
                "identifier": case_identifier(f"item-type:{title}"),
                "uri": self._item_type_uri(title),
                "title": title,
                "description": description,
                "hierarchyCode": code,
                "typeCode": title.lower(),
                "lastChangeDateTime": self.changed,
            }
            for title, description, code in ITEM_TYPES
        ]
        groupings = [
            {
                "identifier": case_identifier(f"grouping:{title}"),
                "uri": self._grouping_uri(title),
                "title": title,
                "description": description,
                "lastChangeDateTime": self.changed,
            }
            for title, description in GROUPINGS.items()
        ]
        return {"CFItemTypes": item_types, "CFAssociationGroupings": groupings}
