"""The policy library's text index, kept in sync by the database itself (docs/policies.md, as the
catalog's migration 0004 does for projects).

One table that Django's models do not know, filled by triggers on policies_policy and
policies_policyclause, so that every write (services, the CSIS import, admin, bulk_create in the
benchmark) keeps it right:

- SQLite: an FTS5 table `policies_policy_fts` (rowid = policy id; columns title, issuer, summary,
  clauses);
- PostgreSQL: `policies_policy_search` (policy_id, a weighted tsvector) with a GIN index.

No foreign key: PostgreSQL's test flush truncates policies_policy and would refuse. A row left
behind for a policy that is gone matches nothing, because every read goes through the policies.

On SQLite, a later migration that remakes policies_policy or policies_policyclause (most
AlterField operations do) drops their triggers: it must call `create_search_index` again.
tests/policies/test_search_index.py notices.
"""

# Every statement here is built from fixed table and column names, never from input.
# ruff: noqa: S608

import unicodedata

from django.db import migrations


def _folded_letters() -> tuple[str, str]:
    """The Latin letters with diacritics and their plain letters ("ó" -> "o"), for PostgreSQL's
    translate(): FTS5's tokenizer folds them on SQLite, 'simple' text search does not (and the
    unaccent extension needs a superuser to install)."""
    accented, plain = [], []
    for code in range(0xC0, 0x250):
        letter = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", letter) if c.isascii())
        if len(base) == 1 and base.isalpha() and base != letter:
            accented.append(letter)
            plain.append(base)
    return "".join(accented), "".join(plain)


_ACCENTED, _PLAIN = _folded_letters()

_SQLITE_CLAUSES = (
    "coalesce((SELECT group_concat(coalesce(c.reference, '') || ' ' || c.text, ' ') "
    "FROM policies_policyclause AS c WHERE c.policy_id = {row}.id), '')"
)


def _sqlite_index(row: str, tables: str = "", condition: str = "") -> str:
    """The statement that indexes `row` (`new` in a trigger, or an alias in `tables`)."""
    source = f" FROM {tables} WHERE {condition}" if tables else ""
    return (
        "INSERT INTO policies_policy_fts (rowid, title, issuer, summary, clauses) "
        f"SELECT {row}.id, {row}.title, {row}.issuer, {row}.summary, "
        f"{_SQLITE_CLAUSES.format(row=row)}{source}"
    )


def _sqlite_reindex(policy_id: str) -> list[str]:
    return [
        f"DELETE FROM policies_policy_fts WHERE rowid = {policy_id}",
        _sqlite_index("p", "policies_policy AS p", f"p.id = {policy_id}"),
    ]


def _body(statements: list[str]) -> str:
    return "".join(f"{statement}; " for statement in statements)


def _sqlite_statements() -> list[str]:
    on_delete = ["DELETE FROM policies_policy_fts WHERE rowid = old.id"]
    return [
        "CREATE VIRTUAL TABLE IF NOT EXISTS policies_policy_fts USING fts5("
        "title, issuer, summary, clauses, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
        "DELETE FROM policies_policy_fts",
        "CREATE TRIGGER IF NOT EXISTS policies_policy_search_insert AFTER INSERT "
        f"ON policies_policy BEGIN {_body([_sqlite_index('new')])}END",
        "CREATE TRIGGER IF NOT EXISTS policies_policy_search_update AFTER UPDATE OF "
        "title, issuer, summary ON policies_policy "
        f"BEGIN {_body([*on_delete, _sqlite_index('new')])}END",
        "CREATE TRIGGER IF NOT EXISTS policies_policy_search_delete AFTER DELETE "
        f"ON policies_policy BEGIN {_body(on_delete)}END",
        "CREATE TRIGGER IF NOT EXISTS policies_clause_search_insert AFTER INSERT "
        f"ON policies_policyclause BEGIN {_body(_sqlite_reindex('new.policy_id'))}END",
        "CREATE TRIGGER IF NOT EXISTS policies_clause_search_update AFTER UPDATE "
        "ON policies_policyclause BEGIN "
        f"{_body(_sqlite_reindex('old.policy_id') + _sqlite_reindex('new.policy_id'))}END",
        "CREATE TRIGGER IF NOT EXISTS policies_clause_search_delete AFTER DELETE "
        f"ON policies_policyclause BEGIN {_body(_sqlite_reindex('old.policy_id'))}END",
        _sqlite_index("p", "policies_policy AS p", "1"),
    ]


POSTGRESQL = [
    "CREATE FUNCTION policies_fold(value text) RETURNS text AS $$ "
    f"SELECT translate(value, '{_ACCENTED}', '{_PLAIN}') $$ LANGUAGE sql IMMUTABLE",
    "CREATE TABLE policies_policy_search "
    "(policy_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX policies_policy_search_document ON policies_policy_search USING gin (document)",
    """CREATE FUNCTION policies_policy_reindex(policy bigint) RETURNS void AS $$
    BEGIN
    DELETE FROM policies_policy_search WHERE policy_id = policy;
    INSERT INTO policies_policy_search (policy_id, document)
    SELECT p.id,
        setweight(to_tsvector('simple', policies_fold(coalesce(p.title, ''))), 'A')
        || setweight(to_tsvector('simple', policies_fold(coalesce(p.issuer, ''))), 'B')
        || setweight(to_tsvector('simple', policies_fold(coalesce(p.summary, ''))), 'C')
        || setweight(to_tsvector('simple', policies_fold(coalesce((
            SELECT string_agg(concat_ws(' ', c.reference, c.text), ' ')
            FROM policies_policyclause AS c WHERE c.policy_id = p.id), ''))), 'D')
    FROM policies_policy AS p WHERE p.id = policy;
    END; $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION policies_policy_search_sync() RETURNS trigger AS $$
    BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM policies_policy_search WHERE policy_id = OLD.id;
        RETURN OLD;
    END IF;
    PERFORM policies_policy_reindex(NEW.id);
    RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER policies_policy_search_sync
    AFTER INSERT OR DELETE OR UPDATE OF title, issuer, summary ON policies_policy
    FOR EACH ROW EXECUTE FUNCTION policies_policy_search_sync()""",
    """CREATE FUNCTION policies_clause_search_sync() RETURNS trigger AS $$
    BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM policies_policy_reindex(OLD.policy_id); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM policies_policy_reindex(NEW.policy_id); END IF;
    RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER policies_clause_search_sync
    AFTER INSERT OR DELETE OR UPDATE ON policies_policyclause
    FOR EACH ROW EXECUTE FUNCTION policies_clause_search_sync()""",
    "SELECT policies_policy_reindex(id) FROM policies_policy",
]

DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS policies_clause_search_delete",
    "DROP TRIGGER IF EXISTS policies_clause_search_update",
    "DROP TRIGGER IF EXISTS policies_clause_search_insert",
    "DROP TRIGGER IF EXISTS policies_policy_search_delete",
    "DROP TRIGGER IF EXISTS policies_policy_search_update",
    "DROP TRIGGER IF EXISTS policies_policy_search_insert",
    "DROP TABLE IF EXISTS policies_policy_fts",
]
DROP_POSTGRESQL = [
    "DROP TRIGGER policies_clause_search_sync ON policies_policyclause",
    "DROP TRIGGER policies_policy_search_sync ON policies_policy",
    "DROP FUNCTION policies_clause_search_sync()",
    "DROP FUNCTION policies_policy_search_sync()",
    "DROP FUNCTION policies_policy_reindex(bigint)",
    "DROP TABLE policies_policy_search",
    "DROP FUNCTION policies_fold(text)",
]

# The facets' columns by id, narrow: the facet counts read these instead of the wide policy rows,
# already grouped in this order (search._CUBE_COLUMNS).
FACET_INDEXES = [
    "CREATE INDEX IF NOT EXISTS policies_policy_facets ON policies_policy "
    "(region, policy_type, status, issuer_kind, action, published, year, id)",
]
DROP_FACET_INDEXES = ["DROP INDEX IF EXISTS policies_policy_facets"]


def create_search_index(apps, schema_editor):
    statements = {"sqlite": _sqlite_statements(), "postgresql": POSTGRESQL}
    for statement in FACET_INDEXES + statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def drop_search_index(apps, schema_editor):
    statements = {"sqlite": DROP_SQLITE, "postgresql": DROP_POSTGRESQL}
    for statement in statements.get(schema_editor.connection.vendor, []) + DROP_FACET_INDEXES:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_policy_library")]
    operations = [migrations.RunPython(create_search_index, drop_search_index)]
