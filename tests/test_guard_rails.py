"""Rough edges of the CLI and the library, each with the sentence a user should see."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import vnpolicy
from vnpolicy.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# -- "did you mean" -------------------------------------------------------------------------

def test_misspelt_command_gets_a_suggestion(capsys) -> None:
    code, _, err = _run(["analyse", "x.txt"], capsys)
    assert code == 2 and "did you mean analyze?" in err


def test_misspelt_flag_gets_a_suggestion(capsys) -> None:
    code, _, err = _run(["analyze", "x.txt", "--no-corect"], capsys)
    assert code == 2 and "unrecognized arguments: --no-corect" in err and "did you mean --no-correct" in err


def test_misspelt_choice_gets_a_suggestion(capsys) -> None:
    code, _, err = _run(["analyze", "x.txt", "--format", "xslx"], capsys)
    assert code == 2 and "did you mean xlsx?" in err


# -- one flag name for one switch -----------------------------------------------------------

def test_normalize_and_analyze_share_no_correct_and_keep_the_old_name_hidden(tmp_path: Path, capsys) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12 .\n", encoding="utf-8")
    assert _run(["normalize", str(text), "--no-correct"], capsys)[0] == 0
    code, out, _ = _run(["normalize", str(text), "--no-typos"], capsys)  # the old name still works
    assert code == 0 and out == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12.\n"
    _, help_text, _ = _run(["normalize", "--help"], capsys)
    assert "--no-correct" in help_text and "--no-typos" not in help_text


# -- normalize FOLDER ---------------------------------------------------------------------

@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "xa").mkdir(parents=True)
    (root / "a.txt").write_text("Uỷ ban nhân dân  tỉnh họp .\n", encoding="utf-8")
    (root / "xa" / "b.txt").write_text("Đảng uỷ xã  tổ chức hội nghị.\n", encoding="utf-8")
    (root / "c.json").write_text("{not json", encoding="utf-8")
    return root


def test_normalize_folder_names_each_file_and_goes_on_after_a_bad_one(folder: Path, capsys) -> None:
    code, out, err = _run(["normalize", str(folder)], capsys)
    assert code == 1  # the broken .json is reported, the others are still written
    assert out.splitlines() == [f"==> {folder / 'a.txt'} <==", "Ủy ban nhân dân tỉnh họp.",
                                f"==> {folder / 'xa' / 'b.txt'} <==", "Đảng ủy xã tổ chức hội nghị."]
    assert "c.json" in err


def test_normalize_folder_with_output_writes_one_file_per_input(folder: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code, stdout, err = _run(["normalize", str(folder), "-o", str(out)], capsys)
    assert code == 1 and stdout == ""
    assert (out / "a.txt").read_text(encoding="utf-8") == "Ủy ban nhân dân tỉnh họp.\n"
    assert (out / "xa" / "b.txt").read_text(encoding="utf-8") == "Đảng ủy xã tổ chức hội nghị.\n"
    assert "2 normalized, 1 failed" in err


def test_normalize_one_file_with_output_writes_that_file(folder: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "clean.txt"
    assert _run(["normalize", str(folder / "a.txt"), "-o", str(target)], capsys)[0] == 0
    assert target.read_text(encoding="utf-8") == "Ủy ban nhân dân tỉnh họp.\n"


# -- analyze summary ----------------------------------------------------------------------

def test_summary_of_a_normal_run_says_nothing_about_resume(tmp_path: Path, capsys) -> None:
    from vnpolicy.batch.command import Stats

    plain = Stats().summary(1.0, "out.jsonl", "1 local worker")
    assert "skipped" not in plain and "resume" not in plain
    resumed = Stats(skipped=3, resume=True).summary(1.0, "out.jsonl", "1 local worker")
    assert "3 skipped (resume)" in resumed


# -- train / evaluate -----------------------------------------------------------------------

def _labelled(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "label": lab}, ensure_ascii=False) + "\n" for t, lab in rows),
                    encoding="utf-8")
    return path


TINY = [("Hội nghị sơ kết phong trào Dân vận khéo của Ban Dân vận Huyện ủy", "dan_van"),
        ("Lễ giao nhận quân, thanh niên lên đường nhập ngũ", "quoc_phong_an_ninh"),
        ("Trạm y tế xã tổ chức tiêm chủng cho trẻ em", "y_te")]


def test_train_warns_when_there_are_too_few_texts_per_label(tmp_path: Path, capsys) -> None:
    data = _labelled(tmp_path / "tiny.jsonl", TINY)
    code, _, err = _run(["train", str(data), "-o", str(tmp_path / "m.zip"), "--quiet"], capsys)
    assert code == 0
    assert "warning: only 3 labelled texts" in err
    assert "too few texts for 3 labels: dan_van (1), quoc_phong_an_ninh (1), y_te (1)" in err


def test_evaluate_warns_about_labels_the_model_lacks(tmp_path: Path, capsys) -> None:
    data = _labelled(tmp_path / "test.jsonl", [*TINY, ("Trận chung kết bóng đá nam kết thúc 2-1", "bong_da")])
    code, _, err = _run(["evaluate", str(data)], capsys)
    assert code == 0 and "warning: the model does not know the label bong_da (1 text)" in err


def test_evaluate_json_with_errors_is_one_valid_json_with_ids(tmp_path: Path, capsys) -> None:
    data = _labelled(tmp_path / "test.jsonl", [*TINY, ("Trạm y tế xã tổ chức tiêm chủng cho trẻ em", "giao_duc")])
    code, out, _ = _run(["evaluate", str(data), "--json", "--errors"], capsys)
    report = json.loads(out)  # the whole output, not just its first line
    assert code == 0 and report["n"] == 4
    assert report["errors"] == [{"id": f"{data}:4", "gold": "giao_duc", "predicted": "y_te"}]


# -- library ------------------------------------------------------------------------------

def test_a_path_given_to_analyze_as_text_is_warned_about(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match=r"looks like a file path.*read_articles"):
        vnpolicy.analyze("bai-viet/hoi-nghi-dan-van.txt")
    article = tmp_path / "bai viet.md"
    article.write_text("Ban Dân vận Tỉnh ủy họp.", encoding="utf-8")
    with pytest.warns(UserWarning, match="looks like a file path"):
        vnpolicy.analyze(str(article))  # an existing file, whatever its name
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vnpolicy.analyze("Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết.txt")  # a sentence, not a path


def test_pipe_without_main_guard_says_so_in_one_line(tmp_path: Path) -> None:
    script = tmp_path / "no_guard.py"
    script.write_text("import vnpolicy\n"
                      "nlp = vnpolicy.Pipeline(entities=False, topics=False)\n"
                      "print(len(list(nlp.pipe(['Ủy ban nhân dân tỉnh họp.'] * 4, n_process=2, batch_size=2))))\n",
                      encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode != 0
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("vnpolicy.errors.VnpolicyError: pipe(n_process=2)")
    assert 'if __name__ == "__main__":' in last
    assert len(run.stderr.splitlines()) < 40  # not pages of multiprocessing tracebacks
