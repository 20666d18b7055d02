"""PostgreSQL: the text index learns the words a search can narrow by, and the words it has.

1. Each project's document also holds its entity and SDGs, as reserved words `_e<entity id>` and
   `_g<goal>`. A search for words within an entity or an SDG then narrows inside the GIN index:
   one intersection of posting lists instead of every text match checked against the entity's
   or the SDG's projects. The words start with "_", which neither a visitor's search term
   (letters and digits only) nor PostgreSQL's parser (it splits at "_") ever produces, so no
   text can pose as one.
2. `catalog_search_word` lists every word of every document. A search term, a prefix, is
   spelled out as the words it begins (`data` → `data | dataset`): a GIN index intersects exact
   words by skipping through their posting lists, while a prefix makes it read them whole.

A BEFORE trigger on catalog_project_search does both for every document written, whoever writes
it (migration 0004's reindex function); statement triggers on catalog_projectsdg rewrite the
documents of the projects whose goals changed. Words are never removed from the list: one that
no document has any more matches nothing. SQLite is left as it is: its search meets its goal
without them. See docs/catalog-search.md.
"""

from django.db import migrations

# A statement trigger sees one transition table; an update moves goals from the projects of its
# old rows to those of its new rows, so it has one trigger for each.
_SDG_TRIGGERS = (
    ("insert", "INSERT", "NEW"),
    ("delete", "DELETE", "OLD"),
    ("update_old", "UPDATE", "OLD"),
    ("update_new", "UPDATE", "NEW"),
)

POSTGRESQL = [
    'CREATE TABLE catalog_search_word (word text COLLATE "C" PRIMARY KEY)',
    """CREATE FUNCTION catalog_project_facet_words(project bigint) RETURNS tsvector AS $$
    SELECT coalesce((
        SELECT array_to_tsvector(ARRAY['_e' || p.entity_id] || ARRAY(
            SELECT '_g' || s.goal FROM catalog_projectsdg AS s WHERE s.project_id = p.id))
        FROM catalog_project AS p WHERE p.id = project), ''::tsvector)
    $$ LANGUAGE sql STABLE""",
    """CREATE FUNCTION catalog_text_words(document tsvector) RETURNS tsvector AS $$
    SELECT ts_delete(document,
        ARRAY(SELECT lexeme FROM unnest(document) WHERE left(lexeme, 1) = '_'))
    $$ LANGUAGE sql IMMUTABLE""",
    """CREATE FUNCTION catalog_project_search_words() RETURNS trigger AS $$
    DECLARE text_words tsvector := catalog_text_words(NEW.document);
    BEGIN
    IF TG_OP = 'INSERT' OR text_words <> catalog_text_words(OLD.document) THEN
        INSERT INTO catalog_search_word (word) SELECT lexeme FROM unnest(text_words)
        ON CONFLICT DO NOTHING;
    END IF;
    NEW.document := text_words || catalog_project_facet_words(NEW.project_id);
    RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER catalog_project_search_words
    BEFORE INSERT OR UPDATE ON catalog_project_search
    FOR EACH ROW EXECUTE FUNCTION catalog_project_search_words()""",
    # Rewriting a row runs the trigger above, which reads the goals anew.
    """CREATE FUNCTION catalog_sdg_search_sync() RETURNS trigger AS $$
    BEGIN
    UPDATE catalog_project_search SET document = document
    WHERE project_id IN (SELECT project_id FROM changed);
    RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    *(
        f"""CREATE TRIGGER catalog_sdg_search_sync_{name}
        AFTER {event} ON catalog_projectsdg REFERENCING {rows} TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION catalog_sdg_search_sync()"""
        for name, event, rows in _SDG_TRIGGERS
    ),
    "INSERT INTO catalog_search_word (word) SELECT DISTINCT lexeme "
    "FROM catalog_project_search, unnest(catalog_text_words(document))",
    "UPDATE catalog_project_search SET document = document",
]

DROP_POSTGRESQL = [
    *(
        f"DROP TRIGGER catalog_sdg_search_sync_{name} ON catalog_projectsdg"
        for name, *_ in _SDG_TRIGGERS
    ),
    "DROP FUNCTION catalog_sdg_search_sync()",
    "DROP TRIGGER catalog_project_search_words ON catalog_project_search",
    "DROP FUNCTION catalog_project_search_words()",
    "DROP FUNCTION catalog_project_facet_words(bigint)",
    "DROP TABLE catalog_search_word",
    "UPDATE catalog_project_search SET document = catalog_text_words(document)",
    "DROP FUNCTION catalog_text_words(tsvector)",
]


def add_facet_words(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement, params=None)


def remove_facet_words(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP_POSTGRESQL:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_project_facets_index")]
    operations = [migrations.RunPython(add_facet_words, remove_facet_words)]
