"""On PostgreSQL the database itself keeps every release within its instalment and of the same case, and refuses
any change or deletion of a release once made, whatever code or SQL attempts it (the services refuse first,
with a message). SQLite relies on the services alone."""

from django.db import migrations

INSTALL = r"""
CREATE OR REPLACE FUNCTION disbursements_release_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  planned bigint;
  owner bigint;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'release % of instalment % was made: it cannot be changed or deleted', OLD.id, OLD.instalment_id;
  END IF;
  SELECT planned_amount, case_id INTO planned, owner FROM disbursements_instalment WHERE id = NEW.instalment_id;
  IF owner IS DISTINCT FROM NEW.case_id THEN
    RAISE EXCEPTION 'release of instalment % belongs to case %, not %', NEW.instalment_id, owner, NEW.case_id;
  END IF;
  IF NEW.amount > planned THEN
    RAISE EXCEPTION 'release of % exceeds the % planned for instalment %', NEW.amount, planned, NEW.instalment_id;
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS disbursements_release_guard ON disbursements_release;
CREATE TRIGGER disbursements_release_guard BEFORE INSERT OR UPDATE OR DELETE ON disbursements_release
  FOR EACH ROW EXECUTE FUNCTION disbursements_release_guard();
"""

REMOVE = """
DROP TRIGGER IF EXISTS disbursements_release_guard ON disbursements_release;
DROP FUNCTION IF EXISTS disbursements_release_guard();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("disbursements", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
