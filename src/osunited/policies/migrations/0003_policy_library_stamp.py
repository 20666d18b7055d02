"""The library's stamp: one row whose token changes with every write to the policies or their
objectives, so that each process knows when its in-memory facet index (policies.facet_index)
is out of date. Triggers keep it, like the text index of 0002: bulk_create, queryset updates,
raw SQL and the test flush change it too, and a rolled-back write leaves it as it was.

- SQLite: row triggers (SQLite has no statement triggers); the UPDATE and the INSERT never
  conflict, so an outer `INSERT OR IGNORE` (bulk_create(ignore_conflicts=True)) cannot skip them.
- PostgreSQL: statement triggers (one new token per statement, not per row), TRUNCATE included.

On SQLite, a later migration that remakes policies_policy or policies_policyobjective drops
their triggers: it must call `create_stamp` again. tests/policies/test_facet_index.py notices.
"""

from django.db import migrations

STAMPED = ("policies_policy", "policies_policyobjective")
_CREATE = "CREATE TABLE IF NOT EXISTS policies_policy_stamp (id integer PRIMARY KEY, token text)"

_SQLITE_RENEW = (
    "UPDATE policies_policy_stamp SET token = hex(randomblob(16)) WHERE id = 1; "
    "INSERT INTO policies_policy_stamp (id, token) SELECT 1, hex(randomblob(16)) "
    "WHERE NOT EXISTS (SELECT 1 FROM policies_policy_stamp WHERE id = 1); "
)


def _sqlite_statements() -> list[str]:
    statements = [_CREATE]
    for table in STAMPED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_stamp_{event.lower()} AFTER {event} "
                f"ON {table} BEGIN {_SQLITE_RENEW}END"
            )
    return [
        *statements,
        "INSERT OR IGNORE INTO policies_policy_stamp (id, token) VALUES (1, 'new')",
    ]


_POSTGRESQL_FUNCTION = """CREATE FUNCTION policies_policy_stamp_renew() RETURNS trigger AS $$
    BEGIN
    INSERT INTO policies_policy_stamp (id, token)
    VALUES (1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
    END; $$ LANGUAGE plpgsql"""


def _postgresql_statements() -> list[str]:
    statements = [_CREATE, _POSTGRESQL_FUNCTION]
    for table in STAMPED:
        statements.append(
            f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION policies_policy_stamp_renew()"
        )
    first = "INSERT INTO policies_policy_stamp (id, token) VALUES (1, 'new') ON CONFLICT DO NOTHING"
    return [*statements, first]


def _drop(vendor: str) -> list[str]:
    if vendor == "postgresql":
        triggers = [f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}" for table in STAMPED]
        triggers.append("DROP FUNCTION IF EXISTS policies_policy_stamp_renew()")
    else:
        triggers = [
            f"DROP TRIGGER IF EXISTS {table}_stamp_{event}"
            for table in STAMPED
            for event in ("insert", "update", "delete")
        ]
    return [*triggers, "DROP TABLE IF EXISTS policies_policy_stamp"]


def create_stamp(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _postgresql_statements() if vendor == "postgresql" else _sqlite_statements()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_stamp(apps, schema_editor):
    for statement in _drop(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("policies", "0002_policy_search")]
    operations = [migrations.RunPython(create_stamp, drop_stamp)]
