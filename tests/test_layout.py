"""How the code is laid out (#14): the shared app (filmsite.content) imports
neither content app, and no module imports another that imports it back,
however indirectly, function-level imports included. Read from the source
with `ast`, so an import inside a function counts as much as one at the top."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["films", "reviews", "filmsite"]


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    """{module name: path} of every project module, migrations included."""
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def imported_names(name, path):
    """Every module name `name` imports, relative imports resolved; for
    `from x import y`, both x and x.y (y may be a module)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return found


def import_graph():
    """{module: the project modules it imports}. Importing a.b.c imports the
    packages a and a.b as well, which counts: their __init__ runs."""
    modules = project_modules()
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(name, path):
            parts = imported.split(".")
            for end in range(1, len(parts) + 1):
                candidate = ".".join(parts[:end])
                if candidate in modules and candidate != name:
                    targets.add(candidate)
        graph[name] = targets
    return graph


def find_cycle(graph):
    """One import cycle as a list of modules (first == last), or None."""
    state = {}  # 1: on the current path, 2: done
    path = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def is_package_parent(importer, imported):
    # A module "imports" its own package's __init__ by being in it; only
    # count an edge to the package when it is written out.
    return importer.startswith(f"{imported}.")


def test_the_shared_app_imports_neither_content_app():
    graph = import_graph()
    offending = {
        name: sorted(t for t in targets if t.split(".")[0] in ("films", "reviews"))
        for name, targets in graph.items()
        if name == "filmsite.content" or name.startswith("filmsite.content.")
    }
    offending = {name: targets for name, targets in offending.items() if targets}
    assert offending == {}


def test_no_module_imports_itself_through_others():
    graph = import_graph()
    graph = {
        name: {t for t in targets if not is_package_parent(name, t)}
        for name, targets in graph.items()
    }
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_checker_sees_function_level_and_relative_imports(tmp_path):
    module = tmp_path / "mod.py"
    module.write_text("def f():\n    from .sibling import thing\n    import films.models\n")
    found = imported_names("films.mod", module)
    assert {"films.sibling", "films.sibling.thing", "films.models"} <= found


def test_the_checker_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
