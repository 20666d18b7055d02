"""The catalog's search index, kept in sync by the database itself (docs/catalog-search.md).

Two tables that Django's models do not know, filled by triggers on catalog_project and
entities_entity, so that every write (services, admin, bulk_create, raw SQL) keeps them right:

- the text index: an FTS5 table `catalog_project_fts` on SQLite (rowid = project id; columns name,
  purpose, body), a `catalog_project_search` table with a weighted tsvector and a GIN index on
  PostgreSQL;
- `catalog_project_tag` (project_id, kind, value): one row per programming language and topic, so
  that those facets are index lookups instead of JSON parsing over every project.

Neither table has a foreign key: PostgreSQL's flush truncates catalog_project and would refuse. A
row left behind for a project that is gone matches nothing, because every read joins the projects.

On SQLite, a later migration that remakes catalog_project (most AlterField operations do) drops
its triggers: it must call `create_search_index` again. tests/catalog/test_search.py notices.
"""

# Every statement here is built from fixed table and column names, never from input.
# ruff: noqa: S608

from django.db import migrations

_SQLITE_JSON_TEXT = (
    "coalesce((SELECT group_concat(value, ' ') FROM json_each("
    "CASE WHEN json_valid({row}.{field}) THEN {row}.{field} ELSE '[]' END)), '')"
)


def _sqlite_body(row: str) -> str:
    parts = [f"coalesce({row}.description, '')"]
    for field in ("features", "topics", "languages"):
        parts.append(_SQLITE_JSON_TEXT.format(row=row, field=field))
    parts.append(
        "coalesce((SELECT acronym || ' ' || name FROM entities_entity "
        f"WHERE id = {row}.entity_id), '')"
    )
    return " || ' ' || ".join(parts)


def _sqlite_index_rows(row: str, tables: str = "", condition: str = "") -> list[str]:
    """Statements that index `row` (`new` in a trigger, or an alias of catalog_project in
    `tables`, filtered by `condition`)."""
    where = f"WHERE {condition} AND" if condition else "WHERE"
    statements = [
        f"INSERT INTO catalog_project_fts (rowid, name, purpose, body) "
        f"SELECT {row}.id, {row}.name, {row}.purpose, {_sqlite_body(row)} "
        + (f"FROM {tables} WHERE {condition}" if tables else "")
    ]
    for kind, field in (("language", "languages"), ("topic", "topics")):
        items = (
            f"json_each(CASE WHEN json_valid({row}.{field}) AND json_type({row}.{field}) = 'array' "
            f"THEN {row}.{field} ELSE '[]' END) AS item"
        )
        statements.append(
            f"INSERT OR IGNORE INTO catalog_project_tag (project_id, kind, value) "
            f"SELECT {row}.id, '{kind}', substr(trim(item.value), 1, 100) "
            f"FROM {tables + ', ' if tables else ''}{items} "
            f"{where} item.type = 'text' AND trim(item.value) <> ''"
        )
    return statements


def _sqlite_unindex(project_ids: str) -> list[str]:
    return [
        f"DELETE FROM catalog_project_fts WHERE rowid IN ({project_ids})",
        f"DELETE FROM catalog_project_tag WHERE project_id IN ({project_ids})",
    ]


def _sqlite_statements() -> list[str]:
    fields = "name, purpose, description, features, topics, languages, entity_id"
    on_insert = _sqlite_index_rows("new")
    on_update = _sqlite_unindex("old.id") + on_insert
    entity_projects = "SELECT id FROM catalog_project WHERE entity_id = new.id"
    on_entity = _sqlite_unindex(entity_projects) + _sqlite_index_rows(
        "p", "catalog_project AS p", "p.entity_id = new.id"
    )

    def body(statements: list[str]) -> str:
        return "".join(f"{statement}; " for statement in statements)

    return [
        "CREATE VIRTUAL TABLE catalog_project_fts USING fts5("
        "name, purpose, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
        "CREATE TABLE catalog_project_tag (project_id integer NOT NULL, kind varchar(8) NOT NULL, "
        "value varchar(100) NOT NULL, PRIMARY KEY (kind, value, project_id)) WITHOUT ROWID",
        "CREATE INDEX catalog_project_tag_project ON catalog_project_tag (project_id)",
        f"CREATE TRIGGER catalog_project_search_insert AFTER INSERT ON catalog_project "
        f"BEGIN {body(on_insert)}END",
        f"CREATE TRIGGER catalog_project_search_update AFTER UPDATE OF {fields} ON catalog_project "
        f"BEGIN {body(on_update)}END",
        f"CREATE TRIGGER catalog_project_search_delete AFTER DELETE ON catalog_project "
        f"BEGIN {body(_sqlite_unindex('old.id'))}END",
        f"CREATE TRIGGER catalog_entity_search_update AFTER UPDATE OF acronym, name "
        f"ON entities_entity BEGIN {body(on_entity)}END",
        *_sqlite_index_rows("p", "catalog_project AS p", "1"),
    ]


_PG_JSON_TEXT = (
    "coalesce((SELECT string_agg(item, ' ') FROM jsonb_array_elements_text("
    "CASE WHEN jsonb_typeof(p.{field}) = 'array' THEN p.{field} ELSE '[]'::jsonb END) AS item), '')"
)
_PG_TAGS = """
    INSERT INTO catalog_project_tag (project_id, kind, value)
    SELECT p.id, '{kind}', left(btrim(item #>> '{{}}'), 100)
    FROM catalog_project AS p, jsonb_array_elements(
        CASE WHEN jsonb_typeof(p.{field}) = 'array' THEN p.{field} ELSE '[]'::jsonb END) AS item
    WHERE p.id = project AND jsonb_typeof(item) = 'string' AND btrim(item #>> '{{}}') <> ''
    ON CONFLICT DO NOTHING;"""

POSTGRESQL = [
    "CREATE TABLE catalog_project_search "
    "(project_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX catalog_project_search_document ON catalog_project_search USING gin (document)",
    "CREATE TABLE catalog_project_tag (project_id bigint NOT NULL, kind varchar(8) NOT NULL, "
    "value varchar(100) NOT NULL, PRIMARY KEY (kind, value, project_id))",
    "CREATE INDEX catalog_project_tag_project ON catalog_project_tag (project_id)",
    f"""CREATE FUNCTION catalog_project_reindex(project bigint) RETURNS void AS $$
    BEGIN
    DELETE FROM catalog_project_search WHERE project_id = project;
    DELETE FROM catalog_project_tag WHERE project_id = project;
    INSERT INTO catalog_project_search (project_id, document)
    SELECT p.id,
        setweight(to_tsvector('simple', coalesce(p.name, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(p.purpose, '')), 'B')
        || setweight(to_tsvector('simple', concat_ws(' ', e.acronym, e.name,
            {_PG_JSON_TEXT.format(field="topics")},
            {_PG_JSON_TEXT.format(field="languages")})), 'C')
        || setweight(to_tsvector('simple', concat_ws(' ', p.description,
            {_PG_JSON_TEXT.format(field="features")})), 'D')
    FROM catalog_project AS p JOIN entities_entity AS e ON e.id = p.entity_id
    WHERE p.id = project;
    {_PG_TAGS.format(kind="language", field="languages")}
    {_PG_TAGS.format(kind="topic", field="topics")}
    END; $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION catalog_project_search_sync() RETURNS trigger AS $$
    BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM catalog_project_search WHERE project_id = OLD.id;
        DELETE FROM catalog_project_tag WHERE project_id = OLD.id;
        RETURN OLD;
    END IF;
    PERFORM catalog_project_reindex(NEW.id);
    RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER catalog_project_search_sync
    AFTER INSERT OR DELETE OR UPDATE OF name, purpose, description, features, topics, languages,
    entity_id ON catalog_project FOR EACH ROW EXECUTE FUNCTION catalog_project_search_sync()""",
    """CREATE FUNCTION catalog_entity_search_sync() RETURNS trigger AS $$
    BEGIN
    PERFORM catalog_project_reindex(id) FROM catalog_project WHERE entity_id = NEW.id;
    RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER catalog_entity_search_sync AFTER UPDATE OF acronym, name ON entities_entity
    FOR EACH ROW EXECUTE FUNCTION catalog_entity_search_sync()""",
    "SELECT catalog_project_reindex(id) FROM catalog_project",
]

DROP_SQLITE = [
    "DROP TRIGGER catalog_entity_search_update",
    "DROP TRIGGER catalog_project_search_delete",
    "DROP TRIGGER catalog_project_search_update",
    "DROP TRIGGER catalog_project_search_insert",
    "DROP TABLE catalog_project_tag",
    "DROP TABLE catalog_project_fts",
]
DROP_POSTGRESQL = [
    "DROP TRIGGER catalog_entity_search_sync ON entities_entity",
    "DROP TRIGGER catalog_project_search_sync ON catalog_project",
    "DROP FUNCTION catalog_entity_search_sync()",
    "DROP FUNCTION catalog_project_search_sync()",
    "DROP FUNCTION catalog_project_reindex(bigint)",
    "DROP TABLE catalog_project_tag",
    "DROP TABLE catalog_project_search",
]


# Indexes the ORM's model state does not list: the default order of the catalog (by name) and
# the license facet, each answered from an index instead of a scan of every project.
ORDER_INDEXES = [
    "CREATE INDEX catalog_project_name_order ON catalog_project (name, id)",
    "CREATE INDEX catalog_project_status_license ON catalog_project (status, licenses)",
]
DROP_ORDER_INDEXES = [
    "DROP INDEX catalog_project_status_license",
    "DROP INDEX catalog_project_name_order",
]


def create_search_index(apps, schema_editor):
    statements = {"sqlite": _sqlite_statements(), "postgresql": POSTGRESQL}
    for statement in ORDER_INDEXES + statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def drop_search_index(apps, schema_editor):
    statements = {"sqlite": DROP_SQLITE, "postgresql": DROP_POSTGRESQL}
    for statement in statements.get(schema_editor.connection.vendor, []) + DROP_ORDER_INDEXES:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_project_confirmation_reminder"),
        ("entities", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_search_index, drop_search_index)]
