"""Imports in training/ run one way (data <- loop <- sources <- evaluate/sample/export <- __main__): no cycle, counting
imports inside functions too, and evaluate, sample, blind and export never import each other."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "training"
STAGES = {"training.evaluate", "training.sample", "training.blind", "training.export"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every training module this file imports, at any depth of the file (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n in modules}
    return found


def graph() -> dict[str, set[str]]:
    files = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts]
    modules = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, modules) - {module_name(p)} for p in files}


def test_no_import_cycle_in_training():
    g = graph()
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in g.get(m, ()):
            if n == "training" or m == "training.__main__":
                continue
            assert state.get(n) != 1, "import cycle: " + " -> ".join(path + [m, n])
            if n not in state:
                visit(n, path + [m])
        state[m] = 2

    for m in g:
        if m not in state:
            visit(m, [])


def test_stage_modules_do_not_import_each_other():
    g = graph()
    for stage in STAGES:
        assert not (g[stage] & (STAGES - {stage})), f"{stage} imports {g[stage] & STAGES}"
