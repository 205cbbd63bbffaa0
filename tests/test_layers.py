"""The layering promises, checked on the source (function-local imports included):
the core never imports Qt, the GUI never reaches TensorFlow or Keras (directly, or through
other modules: import-linter's contracts in pyproject.toml), and no two core modules need each
other (a cycle hidden by a local import is still a cycle)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "digitpad"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports anywhere in it, as absolute names."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import zoo`
    return found


def modules(folder: Path):
    return sorted(folder.rglob("*.py"))


def test_core_never_imports_qt():
    for path in modules(PACKAGE):
        if "gui" not in path.relative_to(PACKAGE).parts:
            assert not any(name.startswith("PySide6") for name in imports_of(path)), path


def test_gui_never_imports_tensorflow_or_keras():
    for path in modules(PACKAGE / "gui"):
        assert not any(name.split(".")[0] in ("tensorflow", "keras") for name in imports_of(path)), path


def test_the_import_contracts_hold():
    """pyproject.toml's [tool.importlinter] contracts: the window never reaches TensorFlow, Keras
    or tf2onnx, and the path to a prediction needs neither training, plotting nor Qt, counting
    imports through other modules and inside functions."""
    import subprocess
    import sys

    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(linter), "--config", "pyproject.toml", "--no-cache"],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_core_modules_have_no_import_cycles():
    core = {
        module_name(p): p
        for p in modules(PACKAGE)
        if "gui" not in p.relative_to(PACKAGE).parts and p.name != "__init__.py"
    }
    graph = {
        name: {other for other in imports_of(path) if other in core and other != name} for name, path in core.items()
    }

    def reaches(start: str, goal: str, seen: set) -> bool:
        return any(n == goal or (n not in seen and not seen.add(n) and reaches(n, goal, seen)) for n in graph[start])

    cycles = [(a, b) for a in graph for b in graph[a] if reaches(b, a, set())]
    assert not cycles, f"modules that need each other: {cycles}"


def test_the_path_to_a_prediction_never_imports_training_or_plotting_libraries(tmp_path):
    """Run, in a fresh process, what a user does to get answers (API and command line) and
    look at what got imported: ONNX Runtime only, never TensorFlow, Keras, tf2onnx, matplotlib or Qt;
    and SciPy only once a whole number is read."""
    import subprocess
    import sys

    import numpy as np
    from PIL import Image

    image = tmp_path / "seven.png"
    picture = np.full((60, 60), 240, np.uint8)
    picture[10:14, 12:48] = 10
    picture[14:50, 40:44] = 10
    Image.fromarray(picture).save(image)
    code = (
        "import sys\n"
        "import digitpad\n"
        "from digitpad.cli import main\n"
        "r = digitpad.load_recognizer(personal=True)\n"
        f"r.predict({str(image)!r}); r.predict_batch([{str(image)!r}]); list(r.iter_predictions([{str(image)!r}]))\n"
        f"main(['predict', '--json', {str(image)!r}])\n"
        "print('SCIPY FOR ONE DIGIT', 'scipy' in sys.modules)\n"  # only numbers need SciPy's components
        f"r.read({str(image)!r}); main(['read', '--json', {str(image)!r}])\n"
        "banned = ('tensorflow', 'keras', 'tf2onnx', 'matplotlib', 'PySide6')\n"
        "print('IMPORTED', sorted(m for m in sys.modules if m.split('.')[0] in banned))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "SCIPY FOR ONE DIGIT False" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "IMPORTED []"
