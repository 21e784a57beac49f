"""The command line: ``vnpolicy analyze`` behaviour, and bad input handled the same way everywhere
(one clear line on stderr, never a traceback; exit 1 for bad input, 2 for usage errors)."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vnpolicy.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
SEED = ARTICLES / "000_c9ab4d96580aabf9.txt"
VNPOLICY = [sys.executable, "-m", "vnpolicy.cli"]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# -- usage errors: exit 2 ----------------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    ([], None),
    (["analyze"], "no input"),
    (["analyze", str(SEED), "--workers", "0"], "--workers"),
    (["analyze", str(SEED), "--workers", "hai"], "--workers"),
    (["analyze", str(SEED), "--format", "xml"], "--format"),
    (["analyze", str(SEED), "--format", "csv"], "-o DIR"),
    (["analyze", str(SEED), "--resume"], "--resume"),
    (["analyze", str(SEED), "--timeout", "-3"], "--timeout"),
    (["analyze", str(SEED), "--engine", "local", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),
    (["analyze", "-", "--from-list", "-"], "stdin"),
    (["analyze", str(SEED), "--bogus"], "--bogus"),
    (["frobnicate"], "frobnicate"),
])
def test_usage_errors_exit_2(argv: list[str], message: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(argv, capsys)
    assert code == 2
    assert "Traceback" not in err
    if message:
        assert message in err


@pytest.mark.parametrize("command", ["analyze", "normalize", "entities", "classify", "train", "evaluate"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run([command, "--help"], capsys)
    assert code == 0 and f"vnpolicy {command}" in out


def test_top_level_help_lists_every_command_and_loads_no_command_module() -> None:
    """`vnpolicy --help` is answered from the CLI's table: no command module (and so no
    recognizer, model or pandas) is imported, and every command is still listed with its line."""
    from vnpolicy.cli import COMMANDS

    probe = ("import json, sys\nfrom vnpolicy.cli import main\ntry:\n    main(['--help'])\n"
             "except SystemExit:\n    pass\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('vnpolicy', 'pandas', 'numpy')))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    help_text, loaded = done.stdout.rsplit("\n", 2)[0], json.loads(done.stdout.splitlines()[-1])
    assert loaded == ["vnpolicy", "vnpolicy._version", "vnpolicy.cli", "vnpolicy.errors"]
    for name, (_, line) in COMMANDS.items():
        assert name in help_text and line.split()[0] in help_text


def test_every_registered_command_is_in_the_table_with_its_line() -> None:
    """The full parser (every module's register()) has exactly the table's commands and helps."""
    import argparse

    from vnpolicy.cli import COMMANDS, build_parser

    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert {c.dest: c.help for c in action._choices_actions} == {n: line for n, (_, line) in COMMANDS.items()}


def test_a_command_loads_only_its_own_module() -> None:
    probe = ("import sys\nfrom vnpolicy.cli import main\ntry:\n    main(['report', '--help'])\n"
             "except SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.endswith('commands')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "['vnpolicy.report.commands']"


# -- bad inputs: one clear line, exit 1 ------------------------------------------------------------

@pytest.mark.parametrize("command", ["analyze", "normalize", "entities", "classify"])
def test_missing_file_is_one_line_for_every_command(command: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "không_có.txt"
    code, out, err = _run([command, str(missing)], capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"vnpolicy {command}: ")
    assert "Traceback" not in err and out == ""


def test_train_missing_data_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["train", str(tmp_path / "nhãn.jsonl"), "-o", str(tmp_path / "m.zip")], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_analyze_inputs_naming_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "trống"
    empty.mkdir()
    (empty / "ghi_chú.md").write_text("không phải bài viết", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = _run(["analyze", str(empty), "-o", str(out)], capsys)
    assert code == 1 and "no article files" in err and str(empty) in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()
    code, _, err = _run(["analyze", str(tmp_path / "*.txt"), "-o", str(out)], capsys)
    assert code == 1 and "no file matches this pattern" in err and not out.exists()
    code, _, err = _run(["analyze", str(tmp_path / "a"), str(tmp_path / "b")], capsys)
    assert code == 1 and "no article files to analyse" in err and "Traceback" not in err
    code, _, err = _run(["analyze", "--from-list", str(tmp_path / "danh_sách.txt")], capsys)
    assert code == 1 and "no such list file" in err


def test_missing_topic_model_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["analyze", str(SEED), "--model", str(tmp_path / "mô_hình.zip")], capsys)
    assert code == 1 and "no such model file" in err and len(err.strip().splitlines()) == 1


# -- analyze: inputs, stdin, outputs ---------------------------------------------------------------

def test_analyze_stdin_text_and_path_list(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Đại hội Đoàn\n\nSáng 19/8/2022, Ban Dân vận Tỉnh ủy làm việc với Huyện ủy Tháp Mười."
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, err = _run(["analyze", "-", "--workers", "1"], capsys)
    assert code == 0, err
    (line,) = [json.loads(x) for x in out.splitlines()]
    assert line["status"] == "ok" and line["source"] == "<stdin>" and line["input"] == "<stdin>"
    assert "Ban Dân vận Tỉnh ủy" in line["text"]
    assert "1 done, 0 failed" in err
    # the same file named three ways is analysed once; order is kept
    second = ARTICLES / "002_nong-thon-moi-nghi-loc.txt"
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{second}\n\n{SEED}\n"))
    result = tmp_path / "sub" / "list.jsonl"
    code, _, err = _run(["analyze", "--from-list", "-", str(SEED), str(ARTICLES / "000_*.txt"), "-o", str(result),
                         "--workers", "1", "--quiet"], capsys)
    assert code == 0, err
    assert err == ""  # --quiet: no summary when all went well
    inputs = [json.loads(x)["input"] for x in result.read_text(encoding="utf-8").splitlines()]
    assert inputs == [str(SEED), str(second)]  # PATH arguments first, then the list


def test_interrupted_run_says_how_to_resume(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    # Enough files that the run is still going when Ctrl-C arrives, even when a busy machine
    # lets this test poll the journal late (with 60 the run sometimes ended first).
    for i in range(200):
        (folder / f"bai_{i:03d}.txt").write_text(text.replace("01", f"{i:03d}"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [*VNPOLICY, "analyze", str(folder), "-o", str(out), "--workers", "1"]
    # A terminal's Ctrl-C reaches a program whose SIGINT is at its default. Whatever this test
    # process inherited (a test runner's worker, or an earlier test, may leave SIGINT ignored, and
    # a child then keeps it ignored and Python raises no KeyboardInterrupt), the child starts so.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    partial = tmp_path / "out.jsonl.partial"
    deadline = time.monotonic() + 120
    while (not partial.exists() or partial.read_bytes().count(b"\n") < 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)  # Ctrl-C
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "--resume" in err and "Traceback" not in err
    assert not out.exists() and partial.exists()
    done = subprocess.run([*command, "--resume", "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    inputs = [json.loads(x)["input"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert inputs == [str(p) for p in sorted(folder.iterdir())]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_corrupt_model_stops_the_run_with_one_line_and_no_litter(fmt: str, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "hỏng.zip"
    model.write_bytes(b"not a model")
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
    code, _, err = _run(["analyze", str(SEED), "--model", str(model), "--workers", "1", "--format", fmt,
                         "-o", str(out)], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and str(model) in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [model]  # no output, no journal left behind
