"""Check the design's boundaries: which modules may import which libraries."""

from __future__ import annotations

import ast

from tests.conftest import REPO

COMPILER = REPO / "compiler"


def imported_roots(path) -> set[str]:
    """Return the top-level names of every module `path` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_pdf_renderer_imports_weasyprint_and_only_the_docx_renderer_python_docx():
    for path in COMPILER.rglob("*.py"):
        relative = path.relative_to(REPO).as_posix()
        roots = imported_roots(path)
        if "weasyprint" in roots:
            assert relative == "compiler/render/pdf.py", relative
        if "docx" in roots:
            assert relative.startswith("compiler/render/docx/"), relative


def test_the_document_model_imports_no_library_and_does_no_io():
    roots = imported_roots(COMPILER / "document" / "model.py")
    assert roots <= {"__future__", "datetime", "dataclasses", "typing"}, roots
    text = (COMPILER / "document" / "model.py").read_text(encoding="utf-8")
    assert "open(" not in text and "read_text" not in text


def test_renderers_never_look_up_the_store():
    for path in (COMPILER / "render").rglob("*.py"):
        roots_text = path.read_text(encoding="utf-8")
        assert "compiler.store" not in roots_text and "compiler.selection" not in roots_text, path


# --- imports between the compiler's modules -------------------------------------------------


def module_name(path) -> str:
    """Return the dotted name of a module file of the compiler."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in COMPILER.rglob("*.py")}


def compiler_imports(path) -> set[str]:
    """Return the compiler modules `path` imports anywhere in it (module level, in functions, for type checks alone excepted).

    A function-level import counts: it defers loading, not the dependency. `from
    package import name` counts the submodule `package.name` when there is one, else the
    package. Imports under `if TYPE_CHECKING:` do not count: they are never run.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and ast.unparse(block.test) == "TYPE_CHECKING" for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in MODULES}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module in MODULES:
            for alias in node.names:
                found.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module)
    return found - {module_name(path)}


def import_cycles() -> list[list[str]]:
    """Return every cycle of the compiler's import graph (as its strongly connected components of more than one module)."""
    graph = {name: compiler_imports(path) for name, path in MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(name: str) -> None:  # Tarjan's algorithm
        index[name] = low[name] = len(index)
        stack.append(name)
        for other in graph[name]:
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return cycles


def test_no_import_cycles_under_compiler_even_through_function_level_imports():
    assert import_cycles() == []


def test_the_cycle_finder_finds_a_cycle(monkeypatch):
    real = compiler_imports
    monkeypatch.setitem(globals(), "compiler_imports",
                        lambda path: real(path) | ({"compiler.cli"} if module_name(path) == "compiler.workspace" else set()))
    assert any({"compiler.cli", "compiler.workspace"} <= set(cycle) for cycle in import_cycles())


def test_citations_are_parsed_below_the_stages_that_read_them():
    for stage in ("brief/load.py", "selection/select.py", "document/markdown.py"):
        imported = compiler_imports(COMPILER / stage)
        assert "compiler.citations" in imported, stage
        assert "compiler.document.markdown" not in imported or stage.startswith("document/"), stage
    assert "@([A-Za-z0-9_]" not in (COMPILER / "brief" / "load.py").read_text(encoding="utf-8")
    assert not compiler_imports(COMPILER / "citations.py") - {"compiler.document.model"}


# --- state and the environment ---------------------------------------------------------------

MUTATING_METHODS = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "clear",
                    "remove", "discard", "sort", "reverse", "__setitem__"}
CACHES = {"lru_cache", "cache", "functools.lru_cache", "functools.cache"}


def module_state(path) -> list[str]:
    """Return what in `path` is state kept by the module: `global` statements, cached functions, mutated module values."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"line {node.lineno}: global {', '.join(node.names)}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:  # a called decorator is seen as a call below
                if not isinstance(decorator, ast.Call) and ast.unparse(decorator) in CACHES:
                    found.append(f"line {node.lineno}: {node.name} is cached ({ast.unparse(decorator)})")
        if isinstance(node, ast.Call) and ast.unparse(node.func) in CACHES:
            found.append(f"line {node.lineno}: a cached function ({ast.unparse(node)})")
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    for node in ast.walk(tree):
        target = None
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            for item in getattr(node, "targets", None) or [node.target]:
                if isinstance(item, ast.Subscript) and isinstance(item.value, ast.Name):
                    target = item.value.id
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING_METHODS:
            if isinstance(node.func.value, ast.Name):
                target = node.func.value.id
        if target in names:
            found.append(f"line {node.lineno}: module value {target} is changed")
    return found


def test_no_module_level_mutable_state_outside_the_server():
    found = {module_name(path): module_state(path) for path in COMPILER.rglob("*.py")
             if "server" not in path.relative_to(COMPILER).parts}
    assert {name: state for name, state in found.items() if state} == {}


def test_the_state_finder_sees_globals_caches_and_changed_values(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import functools\n_SEEN = {}\n_N = 0\n\n@functools.lru_cache(maxsize=1)\ndef f():\n"
                      "    global _N\n    _SEEN['a'] = 1\n    _SEEN.setdefault('b', 2)\n", encoding="utf-8")
    assert len(module_state(sample)) == 4


ENVIRONMENT_READERS = ("os.environ", "os.getenv", "environ.get", "getenv(", "from os import environ", "from os import getenv")


def test_renderers_read_no_environment():
    for path in (COMPILER / "render").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not [reader for reader in ENVIRONMENT_READERS if reader in text], path
