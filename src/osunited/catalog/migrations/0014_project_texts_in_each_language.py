"""A project's name, purpose and description in other UN languages (ProjectText), the language
of its own texts (Project.language), and a search index that holds them all
(docs/catalog-search.md).

The index of migration 0004 (and 0007 on PostgreSQL) is rewritten so that each project's entry
also holds its texts in other languages:

- **PostgreSQL**: each ProjectText is indexed twice: with the `simple` configuration (every word
  as written, for prefixes) and with its language's configuration (`catalog_search_config`:
  english, french, russian, spanish), whose stems a query in the reader's language meets.
  Arabic and Chinese have no stemming in PostgreSQL: `simple` only. The project's own texts stay
  `simple` only, as before: stemmed too, they made the index of a catalog of 100,000 projects
  40% bigger and every search slower (docs/catalog-search.md); a query's light stem, as on
  SQLite, finds their other forms.
- **SQLite**: FTS5's tokenizer has no stemming but English's; the texts are indexed as written
  and a query looks each word up by what it shares with its light stem in the reader's language
  (catalog/search_languages.py).
- **Both**: a run of Chinese characters is one token to either tokenizer, so every text also
  gives the pairs of adjacent Han characters (character bigrams) as words of their own, and a
  query of two characters finds a word inside a longer run.

Triggers on catalog_projecttext rewrite their project's entry, as those on catalog_project do.
On SQLite, adding Project.language rebuilds catalog_project: the triggers are dropped before and
created again after (migrations/_sqlite_search_triggers.py creates this version from now on).
"""

# Every statement here is built from fixed table and column names, never from input.
# ruff: noqa: S608

import importlib

import django.db.models.deletion
from django.db import migrations, models

LANGUAGES = [
    ("ar", "Arabic"),
    ("zh-hans", "Chinese"),
    ("en", "English"),
    ("fr", "French"),
    ("ru", "Russian"),
    ("es", "Spanish"),
]
_INDEX_0004 = importlib.import_module("osunited.catalog.migrations.0004_search_index")

# Han characters: the CJK unified ideographs with extension A, and the compatibility ideographs.
_HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
_SQLITE_HAN_GLOB = "*[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _HAN_RANGES) + "]*"


def _sqlite_is_han(character: str) -> str:
    return (
        "("
        + " OR ".join(f"unicode({character}) BETWEEN {low} AND {high}" for low, high in _HAN_RANGES)
        + ")"
    )


def _sqlite_bigrams(text: str) -> str:
    """SQL of the pairs of adjacent Han characters of `text`, separated by spaces ('' when it
    holds no Han character, without walking it)."""
    first, second = f"substr({text}, n, 1)", f"substr({text}, n + 1, 1)"
    pairs = (
        "(WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i "
        f"WHERE n < length({text}) - 1) SELECT group_concat(substr({text}, n, 2), ' ') FROM i "
        f"WHERE {_sqlite_is_han(first)} AND {_sqlite_is_han(second)})"
    )
    return f"CASE WHEN {text} GLOB '{_SQLITE_HAN_GLOB}' THEN coalesce({pairs}, '') ELSE '' END"


def _sqlite_searchable(text: str) -> str:
    return f"coalesce({text}, '') || ' ' || {_sqlite_bigrams(text)}"


def _sqlite_texts(row: str, field: str) -> str:
    """SQL of `field` of every ProjectText of the project `row`, with their bigrams."""
    return (
        f"coalesce((SELECT group_concat({_sqlite_searchable(f't.{field}')}, ' ') "
        f"FROM catalog_projecttext AS t WHERE t.project_id = {row}.id), '')"
    )


def _sqlite_index_rows(row: str, tables: str = "", condition: str = "") -> list[str]:
    """0004's statements indexing `row`, with its texts in every language in the text index."""
    name = f"{_sqlite_searchable(f'{row}.name')} || ' ' || {_sqlite_texts(row, 'name')}"
    purpose = f"{_sqlite_searchable(f'{row}.purpose')} || ' ' || {_sqlite_texts(row, 'purpose')}"
    body = (
        f"{_INDEX_0004._sqlite_body(row)} || ' ' || {_sqlite_bigrams(f'{row}.description')} "
        f"|| ' ' || {_sqlite_texts(row, 'description')}"
    )
    text_index = (
        f"INSERT INTO catalog_project_fts (rowid, name, purpose, body) "
        f"SELECT {row}.id, {name}, {purpose}, {body} "
        + (f"FROM {tables} WHERE {condition}" if tables else "")
    )
    tags = _INDEX_0004._sqlite_index_rows(row, tables, condition)[1:]
    return [text_index, *tags]


PROJECT_TRIGGERS = (
    "catalog_project_search_insert",
    "catalog_project_search_update",
    "catalog_project_search_delete",
    "catalog_entity_search_update",
)
TEXT_TRIGGERS = (
    "catalog_projecttext_search_insert",
    "catalog_projecttext_search_update",
    "catalog_projecttext_search_delete",
)


def sqlite_trigger_statements() -> list[str]:
    """The CREATE TRIGGER statements of the text index of this migration."""
    unindex = _INDEX_0004._sqlite_unindex
    fields = "name, purpose, description, features, topics, languages, entity_id"

    def reindex(project_id: str) -> list[str]:
        return unindex(project_id) + _sqlite_index_rows(
            "p", "catalog_project AS p", f"p.id = {project_id}"
        )

    entity_projects = "SELECT id FROM catalog_project WHERE entity_id = new.id"
    triggers = {
        "catalog_project_search_insert": ("AFTER INSERT ON catalog_project", reindex("new.id")),
        "catalog_project_search_update": (
            f"AFTER UPDATE OF {fields} ON catalog_project",
            unindex("old.id") + reindex("new.id"),
        ),
        "catalog_project_search_delete": ("AFTER DELETE ON catalog_project", unindex("old.id")),
        "catalog_entity_search_update": (
            "AFTER UPDATE OF acronym, name ON entities_entity",
            unindex(entity_projects)
            + _sqlite_index_rows("p", "catalog_project AS p", "p.entity_id = new.id"),
        ),
        "catalog_projecttext_search_insert": (
            "AFTER INSERT ON catalog_projecttext",
            reindex("new.project_id"),
        ),
        "catalog_projecttext_search_update": (
            "AFTER UPDATE ON catalog_projecttext",
            reindex("old.project_id") + reindex("new.project_id"),
        ),
        "catalog_projecttext_search_delete": (
            "AFTER DELETE ON catalog_projecttext",
            reindex("old.project_id"),
        ),
    }
    return [
        f"CREATE TRIGGER {name} {event} BEGIN {''.join(f'{s}; ' for s in statements)}END"
        for name, (event, statements) in triggers.items()
    ]


def _sqlite_rebuild(row_statements: list[str]) -> list[str]:
    return [
        "DELETE FROM catalog_project_fts",
        "DELETE FROM catalog_project_tag",
        *row_statements,
    ]


_PG_JSON_TEXT = _INDEX_0004._PG_JSON_TEXT
_PG_TAGS = _INDEX_0004._PG_TAGS
_PG_HAN = "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _HAN_RANGES) + "]"

POSTGRESQL = [
    # The configuration a text in `language` is indexed with, and a query in it parsed with.
    """CREATE FUNCTION catalog_search_config(language text) RETURNS regconfig AS $$
    SELECT CASE split_part(lower(language), '-', 1)
        WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'ru' THEN 'russian'
        WHEN 'es' THEN 'spanish' ELSE 'simple' END::regconfig
    $$ LANGUAGE sql STABLE""",
    f"""CREATE FUNCTION catalog_han_bigrams(body text) RETURNS text AS $$
    SELECT CASE WHEN body ~ '{_PG_HAN}' THEN (
        SELECT coalesce(string_agg(substr(body, n, 2), ' ' ORDER BY n), '')
        FROM generate_series(1, length(body) - 1) AS n
        WHERE substr(body, n, 2) ~ '^{_PG_HAN}{{2}}$') ELSE '' END
    $$ LANGUAGE sql IMMUTABLE""",
    """CREATE FUNCTION catalog_searchable(body text) RETURNS text AS $$
    SELECT coalesce(body, '') || ' ' || catalog_han_bigrams(coalesce(body, ''))
    $$ LANGUAGE sql IMMUTABLE""",
    # One text: every word as written (simple), and the stems of its language's configuration.
    """CREATE FUNCTION catalog_text_vector(language text, name text, purpose text,
        description text) RETURNS tsvector AS $$
    SELECT setweight(to_tsvector('simple', catalog_searchable(name)), 'A')
        || setweight(to_tsvector('simple', catalog_searchable(purpose)), 'B')
        || setweight(to_tsvector('simple', catalog_searchable(description)), 'D')
        || CASE WHEN config = 'simple'::regconfig THEN ''::tsvector ELSE
            setweight(to_tsvector(config, coalesce(name, '')), 'A')
            || setweight(to_tsvector(config, coalesce(purpose, '')), 'B')
            || setweight(to_tsvector(config, coalesce(description, '')), 'D') END
    FROM (SELECT catalog_search_config(language) AS config) AS chosen
    $$ LANGUAGE sql STABLE""",
    """CREATE AGGREGATE catalog_tsvector_agg(tsvector) (
        SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')""",
    f"""CREATE OR REPLACE FUNCTION catalog_project_reindex(project bigint) RETURNS void AS $$
    BEGIN
    DELETE FROM catalog_project_search WHERE project_id = project;
    DELETE FROM catalog_project_tag WHERE project_id = project;
    INSERT INTO catalog_project_search (project_id, document)
    SELECT p.id,
        catalog_text_vector('', p.name, p.purpose, p.description)
        || setweight(to_tsvector('simple', concat_ws(' ', e.acronym, e.name,
            {_PG_JSON_TEXT.format(field="topics")},
            {_PG_JSON_TEXT.format(field="languages")})), 'C')
        || setweight(to_tsvector('simple', {_PG_JSON_TEXT.format(field="features")}), 'D')
        || coalesce((SELECT catalog_tsvector_agg(
            catalog_text_vector(t.language, t.name, t.purpose, t.description))
            FROM catalog_projecttext AS t WHERE t.project_id = p.id), ''::tsvector)
    FROM catalog_project AS p JOIN entities_entity AS e ON e.id = p.entity_id
    WHERE p.id = project;
    {_PG_TAGS.format(kind="language", field="languages")}
    {_PG_TAGS.format(kind="topic", field="topics")}
    END; $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION catalog_projecttext_search_sync() RETURNS trigger AS $$
    BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM catalog_project_reindex(OLD.project_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM catalog_project_reindex(NEW.project_id); END IF;
    RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER catalog_projecttext_search_sync
    AFTER INSERT OR DELETE OR UPDATE ON catalog_projecttext
    FOR EACH ROW EXECUTE FUNCTION catalog_projecttext_search_sync()""",
    "SELECT catalog_project_reindex(id) FROM catalog_project",
]

DROP_POSTGRESQL = [
    "DROP TRIGGER catalog_projecttext_search_sync ON catalog_projecttext",
    "DROP FUNCTION catalog_projecttext_search_sync()",
    # 0004's function, as it was.
    next(s for s in _INDEX_0004.POSTGRESQL if "catalog_project_reindex(project" in s).replace(
        "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1
    ),
    "DROP AGGREGATE catalog_tsvector_agg(tsvector)",
    "DROP FUNCTION catalog_text_vector(text, text, text, text)",
    "DROP FUNCTION catalog_searchable(text)",
    "DROP FUNCTION catalog_han_bigrams(text)",
    "DROP FUNCTION catalog_search_config(text)",
    "SELECT catalog_project_reindex(id) FROM catalog_project",
]


def _execute(schema_editor, statements: list[str]) -> None:  # type: ignore[no-untyped-def]
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_sqlite_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        _execute(schema_editor, [f"DROP TRIGGER IF EXISTS {name}" for name in PROJECT_TRIGGERS])


def create_0004_sqlite_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        statements = _INDEX_0004._sqlite_statements()
        triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
        rows = _INDEX_0004._sqlite_index_rows("p", "catalog_project AS p", "1")
        _execute(schema_editor, triggers + _sqlite_rebuild(rows))


def index_texts(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        rows = _sqlite_index_rows("p", "catalog_project AS p", "1")
        _execute(schema_editor, sqlite_trigger_statements() + _sqlite_rebuild(rows))
    elif vendor == "postgresql":
        _execute(schema_editor, POSTGRESQL)


def unindex_texts(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        names = PROJECT_TRIGGERS + TEXT_TRIGGERS
        _execute(schema_editor, [f"DROP TRIGGER IF EXISTS {name}" for name in names])
    elif vendor == "postgresql":
        _execute(schema_editor, DROP_POSTGRESQL)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0013_scan_showcase"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(choices=LANGUAGES, max_length=10, verbose_name="language"),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("purpose", models.CharField(max_length=300, verbose_name="purpose")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="texts",
                        to="catalog.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "project text in another language",
                "verbose_name_plural": "project texts in other languages",
                "ordering": ("language",),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "language"), name="catalog_projecttext_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(drop_sqlite_triggers, create_0004_sqlite_triggers),
        migrations.AddField(
            model_name="project",
            name="language",
            field=models.CharField(
                blank=True,
                choices=LANGUAGES,
                default="en",
                max_length=10,
                verbose_name="language of its texts",
            ),
        ),
        migrations.RunPython(index_texts, unindex_texts),
    ]
