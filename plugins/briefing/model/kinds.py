"""The kinds of entity, each declared once: validation, templates, JSON-LD and the JSON Schema read this."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityKind:
    name: str  # as written in front matter: kind: person
    label: str
    plural: str
    schema_type: str  # schema.org type for JSON-LD


# In display order (the entity index lists kinds in this order).
ENTITY_KINDS: tuple[EntityKind, ...] = (
    EntityKind("state", "State", "States", "Country"),
    EntityKind("person", "Person", "People", "Person"),
    EntityKind("organization", "Organisation", "Organisations", "Organization"),
    EntityKind("place", "Place", "Places", "Place"),
    EntityKind("event", "Event", "Events", "Event"),
)
KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in ENTITY_KINDS)
KINDS_BY_NAME: dict[str, EntityKind] = {kind.name: kind for kind in ENTITY_KINDS}
# The kinds listed as "people and organisations" beside a briefing.
PEOPLE_AND_ORGANISATIONS = frozenset({"person", "organization"})
