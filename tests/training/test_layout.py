"""The shape of the training app (README "How the code is laid out"): one package per capability,
dependencies pointing one way, no import cycle, no module a newcomer cannot read through.

The import rules are import-linter contracts in pyproject.toml; these tests run them on the code,
and on a copy of it with one wrong import added, to prove that they catch it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("training", "content", "assessments")
CAPABILITIES = ("teams", "audit", "tracks", "workflow", "certification", "reports", "dashboards", "people", "site",
                "api", "webhooks", "credentials", "checkins", "feedback", "metrics", "charts", "rota",
                "levels", "incidents", "assignments")


def lint_imports(root):
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory):
    """The Python packages and the contracts, copied where a test may break them."""
    root = tmp_path_factory.mktemp("layout")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def add_line(path, line):
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\n{line}  # noqa\n", encoding="utf-8")
    return text


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    # The workflow reaching up into certification (a sign-off issuing the certificate itself).
    ("training/workflow/services.py", "from training.certification import certificates",
     "training.workflow is not allowed to import training.certification"),
    # Two modules of one package importing each other.
    ("training/certification/certificates.py", "from training.certification import reviews",
     "No cycles are allowed in training.certification"),
    # The library learning about training.
    ("content/services.py", "import training.workflow.models", "content is not allowed to import training"),
    # Product code importing the benchmark.
    ("training/site/views.py", "from training.bench import PINNED_QUERIES",
     "training.site is not allowed to import training.bench"),
    # A model taken from the aggregate module instead of its package.
    ("training/reports/onboarding.py", "from training.models import Team",
     "training.reports is not allowed to import training.models"),
])
def test_a_wrong_way_import_breaks_a_contract(copy_of_the_code, module, line, broken):
    path = copy_of_the_code / module
    original = add_line(path, line)
    try:
        result = lint_imports(copy_of_the_code)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert broken in result.stdout


def test_every_capability_has_its_own_package():
    for name in CAPABILITIES:
        assert (ROOT / "training" / name / "__init__.py").is_file(), name


def test_at_most_a_dozen_modules_stand_directly_in_training():
    modules = sorted(path.name for path in (ROOT / "training").glob("*.py"))
    assert len(modules) <= 12, modules


def test_no_module_of_training_is_longer_than_about_500_lines():
    long = {}
    for path in (ROOT / "training").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 500:
            long[str(path.relative_to(ROOT))] = lines
    assert long == {}
