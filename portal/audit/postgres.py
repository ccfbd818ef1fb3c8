"""The PostgreSQL side of the audit trail: one trigger function, one row trigger per audited
table (installed after every migrate), and a guard that keeps audit rows immutable."""

from django.db import connections

FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION portal_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ignored text[] := string_to_array(nullif(TG_ARGV[0], ''), ',');
  masked text[] := string_to_array(nullif(TG_ARGV[1], ''), ',');
  old_row jsonb;
  new_row jsonb;
  changes jsonb;
  actor text := nullif(current_setting('portal.audit_actor', true), '');
  ctx text := nullif(current_setting('portal.audit_context', true), '');
BEGIN
  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT coalesce(jsonb_object_agg(
             n.key,
             CASE WHEN n.key = ANY(coalesce(masked, '{}')) THEN '["***", "***"]'::jsonb
                  ELSE jsonb_build_array(o.value, n.value) END), '{}'::jsonb)
      INTO changes
      FROM jsonb_each(new_row) n JOIN jsonb_each(old_row) o ON o.key = n.key
     WHERE n.value IS DISTINCT FROM o.value AND NOT (n.key = ANY(coalesce(ignored, '{}')));
    IF changes = '{}'::jsonb THEN RETURN NULL; END IF;
  ELSE
    SELECT coalesce(jsonb_object_agg(
             r.key, CASE WHEN r.key = ANY(coalesce(masked, '{}')) THEN '"***"'::jsonb ELSE r.value END),
             '{}'::jsonb)
      INTO changes
      FROM jsonb_each(coalesce(new_row, old_row)) r
     WHERE NOT (r.key = ANY(coalesce(ignored, '{}')));
  END IF;
  INSERT INTO portal_auditevent (occurred_at, actor_id, action, table_name, object_id, changes, context)
  VALUES (clock_timestamp(), actor::bigint, lower(TG_OP), TG_TABLE_NAME,
          coalesce(new_row->>'id', old_row->>'id', ''), changes, coalesce(ctx::jsonb, '{}'::jsonb));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION portal_audit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events cannot be changed or deleted';
END $$;

DROP TRIGGER IF EXISTS portal_audit_immutable ON portal_auditevent;
CREATE TRIGGER portal_audit_immutable BEFORE UPDATE OR DELETE ON portal_auditevent
  FOR EACH ROW EXECUTE FUNCTION portal_audit_immutable();
"""


def trigger_name(table: str) -> str:
    return f"portal_audit_{table}"[:63]


def install_audit_triggers(*, using: str, models_options: dict) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for model, options in models_options.items():
            table = model._meta.db_table
            columns = {f.column for f in model._meta.concrete_fields}
            ignored = ",".join(c for c in options.ignore if c in columns)
            masked = ",".join(c for c in options.mask if c in columns)
            name = quote(trigger_name(table))
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}")
            cursor.execute(
                f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {quote(table)} "
                f"FOR EACH ROW EXECUTE FUNCTION portal_audit_row(%s, %s)",
                [ignored, masked],
            )


def installed_audit_triggers(*, using: str = "default") -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND starts_with(tgname, 'portal_audit_')")
        return {row[0] for row in cursor.fetchall()}
