"""The floors of the house, read from the source: a lower floor never imports a higher one.

    twlocale ← portal ← programs ← applications ← reviews and disbursements (beside each other) ← expenses (on
    disbursements), and carbon beside applications (on programs).

twlocale (floor zero) and the rule engine (programs/rules/) are pure Python: no Django, no portal (whose
package starts the Celery app). So are the carbon calculations that say so (carbon/calc/, the savings
calculation). Every import statement counts, at the top of a module or inside a function."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# each floor and what it may import of the project
MAY_IMPORT = {
    "twlocale": set(),
    "portal": {"twlocale"},
    "programs": {"twlocale", "portal"},
    "applications": {"twlocale", "portal", "programs"},
    "carbon": {"twlocale", "portal", "programs"},
    "reviews": {"twlocale", "portal", "programs", "applications"},
    "disbursements": {"twlocale", "portal", "programs", "applications"},
    "expenses": {"twlocale", "portal", "programs", "applications", "disbursements"},
}
PURE = ["twlocale", "programs/rules", "carbon/calc", "carbon/savings/calc.py"]
PURE_MAY_IMPORT = {"twlocale", "programs.rules", "carbon.calc"}  # besides the standard library and themselves


def modules(where: str) -> list[Path]:
    path = ROOT / where
    return [path] if path.is_file() else sorted(path.rglob("*.py"))


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import of the file (relative ones stay inside its package)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


@pytest.mark.parametrize("floor", list(MAY_IMPORT))
def test_a_floor_imports_only_the_floors_under_it(floor):
    assert (ROOT / floor).is_dir()
    higher = set(MAY_IMPORT) - MAY_IMPORT[floor] - {floor}
    wrong = [
        f"{where(path, line)} imports {module}"
        for path in modules(floor)
        for line, module in imports(path)
        if module.split(".")[0] in higher
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("part", PURE)
def test_the_pure_parts_import_no_django_and_no_portal(part):
    wrong = []
    for path in modules(part):
        for line, module in imports(path):
            top = module.split(".")[0]
            allowed = top in sys.stdlib_module_names or any(
                module == name or module.startswith(f"{name}.") for name in PURE_MAY_IMPORT
            )
            if not allowed:
                wrong.append(f"{where(path, line)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_the_walk_sees_imports_inside_functions(tmp_path):
    """The check itself: an import hidden in a function body is found too."""
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from carbon.models import Inventory\n    from . import sibling\n")
    assert imports(module) == [(1, "os"), (4, "carbon.models")]
