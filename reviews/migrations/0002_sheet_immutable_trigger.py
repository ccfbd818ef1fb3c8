"""On PostgreSQL the database itself refuses any change to a submitted score sheet and its deletion, whatever
code or SQL attempts it (the service refuses first, with a message). SQLite relies on the service alone."""

from django.db import migrations

INSTALL = r"""
CREATE OR REPLACE FUNCTION reviews_scoresheet_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.submitted_at IS NOT NULL THEN
    RAISE EXCEPTION 'score sheet % was submitted on %: it cannot change', OLD.id, OLD.submitted_at;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS reviews_scoresheet_guard ON reviews_scoresheet;
CREATE TRIGGER reviews_scoresheet_guard BEFORE UPDATE OR DELETE ON reviews_scoresheet
  FOR EACH ROW EXECUTE FUNCTION reviews_scoresheet_guard();
"""

REMOVE = """
DROP TRIGGER IF EXISTS reviews_scoresheet_guard ON reviews_scoresheet;
DROP FUNCTION IF EXISTS reviews_scoresheet_guard();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
