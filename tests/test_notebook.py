"""The analysis notebook runs top to bottom in a fresh kernel, so it cannot rot.

The kernel is this interpreter (``sys.executable``), declared in a throw-away kernelspec, so the
test uses the project's own environment whatever kernels the machine has installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat", reason="the notebook extra (nbformat) is not installed")
nbclient = pytest.importorskip("nbclient", reason="the notebook extra (nbclient) is not installed")
pytest.importorskip("ipykernel", reason="the notebook extra (ipykernel) is not installed")
pytest.importorskip("matplotlib", reason="the notebook extra (matplotlib) is not installed")

NOTEBOOK = ROOT / "notebooks" / "analysis.ipynb"
KERNEL = "vnpolicy-test"


def _kernel_manager(tmp_path: Path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    spec_dir = tmp_path / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "vnpolicy test kernel",
        "language": "python",
        # Inline figures even where CI sets MPLBACKEND=Agg.
        "env": {"MPLBACKEND": "module://matplotlib_inline.backend_inline"},
    }), encoding="utf-8")
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
    return AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=specs)


def test_outputs_are_cleared_in_git() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_notebook_runs_and_draws_real_charts(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    before = set(NOTEBOOK.parent.rglob("*"))
    client = nbclient.NotebookClient(
        nb,
        km=_kernel_manager(tmp_path),
        timeout=600,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the traceback, on any failing cell

    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "the topic distribution and topics-by-month charts"
    html_outputs = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert 'class="vnp-doc"' in html_outputs, "the seed document is displayed"
    assert "Tháp Mười" in html_outputs
    # The corpus tables show the real articles, not an empty frame.
    assert "000_c9ab4d96580aabf9" in html_outputs
    for call in ("analysis.topic_counts(frames)", "analysis.top_legal_documents(frames", "analysis.top_organizations(frames"):
        cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith(call))
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        assert shown and "Empty DataFrame" not in shown, f"{call} showed nothing"
    created = sorted(set(NOTEBOOK.parent.rglob("*")) - before)
    assert created == [], f"the notebook wrote beside itself: {created}"
