"""The package as users install it: one version, a fast import, every public name reachable."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import vnpolicy

ROOT = Path(__file__).resolve().parent.parent

# The public names of DESIGN.md's API table and data model.
DESIGN_NAMES = ["Article", "Correction", "Document", "Entity", "ModelError", "Pipeline", "ReadError",
                "VnpolicyError", "analyze", "analyze_folder", "classify", "correct", "extract_entities",
                "normalize", "read_articles", "sent_tokenize", "to_frames", "word_tokenize"]


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_version_has_one_home() -> None:
    from vnpolicy._version import __version__

    assert vnpolicy.__version__ == __version__ == version("vnpolicy")
    assert 'version = "' not in (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[project]")[1].split("[")[0]


def test_every_design_name_is_importable_and_listed() -> None:
    assert set(DESIGN_NAMES) <= set(dir(vnpolicy))
    assert set(DESIGN_NAMES) <= set(vnpolicy.__all__) == set(vnpolicy._EXPORTS)
    for name in DESIGN_NAMES:
        assert getattr(vnpolicy, name).__name__ == name
    from vnpolicy import Document, analyze  # the `from` form goes through __getattr__ too

    assert isinstance(analyze("Ủy ban nhân dân tỉnh họp phiên thường kỳ."), Document)


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        vnpolicy.Pipline  # noqa: B018 - a typo of Pipeline
    except AttributeError as error:
        assert "Pipline" in str(error)
    else:
        raise AssertionError("vnpolicy.Pipline should not exist")


def test_import_loads_neither_pandas_nor_the_cli() -> None:
    loaded = _modules_after("import vnpolicy")
    heavy = {"pandas", "numpy", "pyarrow", "dask", "sklearn", "underthesea", "vnpolicy.cli", "vnpolicy.batch",
             "vnpolicy.pipeline", "vnpolicy.entities"}
    assert not heavy & loaded


def test_help_and_table_columns_do_not_load_pandas() -> None:
    loaded = _modules_after("import vnpolicy.cli as cli\ncli.build_parser()\nimport vnpolicy.frames")
    assert not {"pandas", "numpy", "pyarrow", "dask", "sklearn"} & loaded


def test_lazy_loading_keeps_topics_explain_a_function() -> None:
    """Loading a submodule late must not shadow a function of the same name (topics.explain)."""
    probe = ("import vnpolicy.topics as t\n"
             "t.explain('Ban Dân vận Huyện ủy tổng kết phong trào Dân vận khéo', topics=1)\n"
             "t.load_model()\n"
             "print(callable(t.explain), t.TopicModel.__name__)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "TopicModel"]


def test_frames_still_build_tables() -> None:
    frames = vnpolicy.to_frames([vnpolicy.analyze("Ngày 19/8/2022, Ban Dân vận Tỉnh ủy làm việc với huyện.")])
    assert list(frames) == ["documents", "entities", "corrections", "topics"]
    assert frames["documents"].loc[0, "n_chars"] > 0


def test_core_works_without_the_optional_extras() -> None:
    """dask, pyarrow, pyvi and matplotlib are extras: the core must not need them."""
    probe = """
import sys
from importlib.abc import MetaPathFinder
OPTIONAL = {"dask", "distributed", "pyarrow", "pyvi", "matplotlib"}
class Absent(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in OPTIONAL:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Absent())
import vnpolicy
import vnpolicy.cli
vnpolicy.cli.build_parser()
doc = vnpolicy.analyze("Ngày 19/8/2022, Ban Dân vận Tỉnh ủy làm việc với Huyện ủy Tháp Mười.")
frames = vnpolicy.to_frames([doc])
print(doc.topic, len(doc.entities), len(frames["documents"]))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    topic, n_entities, n_rows = done.stdout.split()
    assert int(n_entities) >= 2 and n_rows == "1"
