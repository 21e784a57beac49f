"""The import layers of pyproject.toml hold: no module imports from a layer above its own.

data model -> text/read/tokenize -> entities/topics -> pipeline -> batch/display/analysis -> cli.
The few back-edges that remain are listed in pyproject's ``ignore_imports``, each with why; any
new one fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

importlinter_cli = pytest.importorskip("importlinter.cli", reason="import-linter (the test extra) is not installed")

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def _lint(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = importlinter_cli.lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    return code, capsys.readouterr().out


def test_layers_are_one_way(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _lint(PYPROJECT, capsys)
    assert code == 0, report
    assert "0 broken" in report


def test_contract_catches_a_back_edge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without its ignore list the contract finds the known back-edges, so it has teeth."""
    text = PYPROJECT.read_text(encoding="utf-8")
    stripped = re.sub(r"(?ms)^ignore_imports = \[.*?^\]\n", "", text)
    assert stripped != text
    config = tmp_path / "pyproject.toml"
    config.write_text(stripped, encoding="utf-8")
    code, report = _lint(config, capsys)
    assert code != 0
    assert "vnpolicy.pipeline is not allowed to import vnpolicy.batch" in report
    assert "vnpolicy.document is not allowed to import vnpolicy.display" in report
