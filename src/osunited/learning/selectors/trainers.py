"""Reads of Train the Trainer (CPF 4.5.6): the public list of trainers, a trainer's sessions, and
an entity's cascade of who trained whom, with the names only for those who manage the entity's
learning."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from osunited.accounts.roles import CAPACITY_TEAM, is_learning_focal_point_of
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity
from osunited.learning.models import Attendance, EventSession, Trainer
from osunited.learning.selectors.osee_topics import Topic, topics_named


def may_see_entity_people(viewer: Viewer, entity: Entity) -> bool:
    """The capacity team, and the entity's representatives and learning focal points, see who of
    the entity's people learned what; everyone else sees counts."""
    return bool(viewer.is_authenticated and CAPACITY_TEAM.allows(viewer)) or (
        is_learning_focal_point_of(viewer, entity)
    )


@dataclass(frozen=True)
class TrainerRow:
    trainer: Trainer
    topics: list[Topic]
    sessions_led: int


_PUBLISHED_SESSIONS = Q(user__sessions_led__event__published=True)


def active_trainers() -> list[TrainerRow]:
    """Active trainers with the sessions they led at published events, by name."""
    trainers = (
        Trainer.objects.filter(active=True)
        .select_related("user", "entity")
        .annotate(led=Count("user__sessions_led", filter=_PUBLISHED_SESSIONS, distinct=True))
        .order_by("user__display_name", "user__email")
    )
    return [TrainerRow(t, topics_named(t.topics), t.led) for t in trainers]


def get_trainer_for_viewer(viewer: Viewer, pk: int) -> Trainer:
    """An active trainer; an inactive one only for the capacity team (404 for others)."""
    trainer = Trainer.objects.select_related("user", "entity", "qualified_by").filter(pk=pk).first()
    if trainer is None or not (trainer.active or CAPACITY_TEAM.allows(viewer)):
        raise Http404
    return trainer


def sessions_led(trainer: Trainer) -> QuerySet[EventSession]:
    """The trainer's sessions at published events, latest first, with attendance counted."""
    return (
        EventSession.objects.filter(trainers=trainer.user_id, event__published=True)
        .select_related("event")
        .annotate(attended=Count("attendance", distinct=True))
        .order_by("-starts_at", "-pk")
    )


@dataclass
class CascadeNode:
    """A person in the cascade. `repeated`: trained by several trainers, their own trainees are
    listed under one of them only."""

    user_id: int
    name: str
    generation: int
    is_trainer: bool
    repeated: bool = False
    trainees: list[CascadeNode] = field(default_factory=list)


@dataclass(frozen=True)
class Cascade:
    """Generation 1 is the entity's trainers nobody of the cascade trained; generation n + 1 the
    people trained by generation n. Everyone is counted once, in their earliest generation."""

    entity: Entity
    roots: list[CascadeNode]
    generation_counts: tuple[int, ...]

    @property
    def people(self) -> int:
        return sum(self.generation_counts)


@dataclass
class _Graph:
    names: dict[int, str] = field(default_factory=dict)
    trainers: set[int] = field(default_factory=set)
    trained: dict[int, list[int]] = field(default_factory=dict)


def entity_cascade(entity: Entity) -> Cascade:
    """Who trained whom among the entity's people: a trainer led a session (EventSession.trainers),
    the entity's people who attended it were trained by them. One query for the trainers, then
    one per generation reached through trainers of no or another entity."""
    entity_trainers = list(
        Trainer.objects.filter(entity=entity).select_related("user").order_by("pk")
    )
    graph = _Graph(
        names={t.user_id: _name(t.user.display_name, t.user.email) for t in entity_trainers},
        trainers={t.user_id for t in entity_trainers},
    )
    _read_edges(graph, entity, [t.user_id for t in entity_trainers])
    depth, roots = _generations(graph, [t.user_id for t in entity_trainers])
    counts = Counter(depth.values())
    generation_counts = tuple(counts[level] for level in range(len(counts)))
    expanded: set[int] = set()
    nodes = [_node(graph, depth, root, expanded) for root in roots]
    return Cascade(entity=entity, roots=nodes, generation_counts=generation_counts)


def _read_edges(graph: _Graph, entity: Entity, first: list[int]) -> None:
    """Trainer -> trainees, one query per frontier of trainers not yet read; a person is read once,
    which ends any cycle."""
    frontier, read = set(first), set()
    while frontier:
        read |= frontier
        following: set[int] = set()
        for trainer_id, trainee_id, display_name, email, trainer_pk in _attendees_of(
            frontier, entity
        ):
            if trainer_id not in frontier or trainee_id == trainer_id:
                continue
            trainees = graph.trained.setdefault(trainer_id, [])
            if trainee_id not in trainees:
                trainees.append(trainee_id)
            graph.names[trainee_id] = _name(display_name, email)
            if trainer_pk is not None:
                graph.trainers.add(trainee_id)
                following.add(trainee_id)
        frontier = following - read


def _attendees_of(
    trainer_ids: Iterable[int], entity: Entity
) -> list[tuple[int, int, str, str, int | None]]:
    of_entity = Q(entity=entity) | Q(entity__isnull=True, user__entity=entity)
    return list(
        Attendance.objects.filter(of_entity, session__trainers__in=trainer_ids, user__isnull=False)
        .values_list(
            "session__trainers", "user_id", "user__display_name", "user__email", "user__trainer"
        )
        .order_by("session__starts_at", "user__display_name", "user_id")
        .distinct()
    )


def _generations(graph: _Graph, entity_trainers: list[int]) -> tuple[dict[int, int], list[int]]:
    """Each person's earliest generation (0-based). Roots are the entity's trainers nobody of the
    cascade trained; trainers only reachable from a cycle among themselves become roots too."""
    trained_by_someone = {t for trainees in graph.trained.values() for t in trainees}
    roots = [t for t in entity_trainers if t not in trained_by_someone]
    depth: dict[int, int] = {}
    _walk(graph, roots, depth)
    for trainer_id in entity_trainers:
        if trainer_id not in depth:
            roots.append(trainer_id)
            _walk(graph, [trainer_id], depth)
    return depth, roots


def _walk(graph: _Graph, starts: list[int], depth: dict[int, int]) -> None:
    queue = deque(starts)
    for start in starts:
        depth.setdefault(start, 0)
    while queue:
        person = queue.popleft()
        for trainee in graph.trained.get(person, ()):
            if trainee not in depth:
                depth[trainee] = depth[person] + 1
                queue.append(trainee)


def _node(graph: _Graph, depth: dict[int, int], person: int, expanded: set[int]) -> CascadeNode:
    node = CascadeNode(
        user_id=person,
        name=graph.names.get(person, ""),
        generation=depth[person] + 1,
        is_trainer=person in graph.trainers,
    )
    expanded.add(person)
    for trainee in graph.trained.get(person, ()):
        if depth[trainee] == depth[person] + 1 and trainee not in expanded:
            node.trainees.append(_node(graph, depth, trainee, expanded))
        else:
            node.trainees.append(
                CascadeNode(
                    user_id=trainee,
                    name=graph.names.get(trainee, ""),
                    generation=depth[trainee] + 1,
                    is_trainer=trainee in graph.trainers,
                    repeated=True,
                )
            )
    return node


def _name(display_name: str | None, email: str | None) -> str:
    return display_name or email or ""
