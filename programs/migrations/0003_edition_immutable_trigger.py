"""On PostgreSQL the database itself refuses changes to published or retired editions (and their deletion),
whatever code or SQL attempts it. SQLite relies on the services alone."""

from django.db import migrations

INSTALL = r"""
CREATE OR REPLACE FUNCTION programs_edition_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'edition % v% is %: only drafts can be deleted', OLD.code, OLD.version, OLD.status;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (
       NEW.rules IS DISTINCT FROM OLD.rules OR NEW.code IS DISTINCT FROM OLD.code
       OR NEW.version IS DISTINCT FROM OLD.version OR NEW.programme_id IS DISTINCT FROM OLD.programme_id
       OR NEW.year IS DISTINCT FROM OLD.year OR NEW.track IS DISTINCT FROM OLD.track
       OR NEW.title IS DISTINCT FROM OLD.title OR NEW.application_opens IS DISTINCT FROM OLD.application_opens
       OR NEW.application_closes IS DISTINCT FROM OLD.application_closes
       OR NEW.legal_source IS DISTINCT FROM OLD.legal_source) THEN
    RAISE EXCEPTION 'edition % v% is %: published and retired editions cannot change', OLD.code, OLD.version, OLD.status;
  END IF;
  IF OLD.status = 'retired' AND NEW.status <> 'retired' THEN
    RAISE EXCEPTION 'edition % v% is retired for good', OLD.code, OLD.version;
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS programs_edition_guard ON programs_edition;
CREATE TRIGGER programs_edition_guard BEFORE UPDATE OR DELETE ON programs_edition
  FOR EACH ROW EXECUTE FUNCTION programs_edition_guard();
"""

REMOVE = """
DROP TRIGGER IF EXISTS programs_edition_guard ON programs_edition;
DROP FUNCTION IF EXISTS programs_edition_guard();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_load_editions")]

    operations = [migrations.RunPython(install, remove)]
