"""Batch analysis: the process pool, same results in every format, kill-and-resume, bad files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import vnpolicy
from vnpolicy.batch.output import JOURNAL_NAME, read_jsonl, scan_journal
from vnpolicy.batch.pool import OrderedPool, TaskFailure
from vnpolicy.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
VNPOLICY = [sys.executable, "-m", "vnpolicy.cli"]


# -- the pool: a bad item fails alone ---------------------------------------------------------

def _init() -> str:
    return "ready"


def _task(state: str, item: int) -> tuple[str, int]:
    if item == 3:
        os._exit(7)  # a worker that dies (as a segfault in a C extension would)
    if item == 5:
        time.sleep(60)  # a worker that hangs
    if item == 7:
        raise ValueError("bảy không hợp lệ")
    return state, item * item


def test_pool_keeps_order_and_survives_crash_hang_and_error() -> None:
    pool = OrderedPool(_task, init=_init, workers=2, timeout=3)
    results = list(pool.imap(range(10)))
    assert [item for item, _ in results] == list(range(10))
    outcome = dict(results)
    assert outcome[0] == ("ready", 0) and outcome[9] == ("ready", 81)
    assert isinstance(outcome[3], TaskFailure) and outcome[3].kind == "crash" and "exit code 7" in outcome[3].reason
    assert isinstance(outcome[5], TaskFailure) and outcome[5].kind == "timeout"
    assert isinstance(outcome[7], TaskFailure) and outcome[7].kind == "error"
    assert "bảy không hợp lệ" in outcome[7].reason
    assert sum(isinstance(r, TaskFailure) for r in outcome.values()) == 3


def _square(state: str, item: int) -> int:
    return item * item


def _init_hangs() -> str:
    time.sleep(120)  # e.g. a model file that blocks on open
    return "never"


def _sleepy(state: str, item: int) -> int:
    time.sleep(2.5)
    return item


def _bounded(pool: OrderedPool, items: object, seconds: float) -> list[tuple[object, object]]:
    """``list(pool.imap(items))``, failing the test (instead of hanging it) after ``seconds``."""
    import threading

    results: list[tuple[object, object]] = []
    thread = threading.Thread(target=lambda: results.extend(pool.imap(items)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"the pool hung: {len(results)} results after {seconds} s"
    return results


@pytest.fixture
def busy_core() -> object:
    """A process spinning on one core for the length of the test (the pool's worst case)."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    yield spinner
    spinner.kill()
    spinner.wait()


def test_pool_never_hangs_on_many_tiny_tasks_on_busy_cores(busy_core: object) -> None:
    # 5,000 tasks that finish faster than the parent hands out more: the window used to finish
    # whole, leaving the parent waiting forever with nothing in flight (3 stalls out of 3)
    results = _bounded(OrderedPool(_square, init=_init, workers=2), range(5000), 240)
    assert [item for item, _ in results] == list(range(5000))
    assert all(result == item * item for item, result in results)


def test_pool_watchdog_stops_workers_that_never_start() -> None:
    from vnpolicy.batch.pool import PoolError

    pool = OrderedPool(_square, init=_init_hangs, workers=1, startup_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(PoolError, match="no worker process became ready within 1 s"):
        list(pool.imap(range(3)))
    assert time.monotonic() - started < 60


def test_pool_watchdog_logs_a_pool_without_results(caplog: pytest.LogCaptureFixture) -> None:
    pool = OrderedPool(_sleepy, init=_init, workers=1, stall_warning=1.0)
    with caplog.at_level("WARNING", logger="vnpolicy.batch"):
        assert [r for _, r in _bounded(pool, range(2), 120)] == [0, 1]
    assert any("no result for" in record.getMessage() and "in flight" in record.getMessage()
               for record in caplog.records)


def test_cli_analyses_3000_tiny_files_with_two_workers_each_once(tmp_path: Path) -> None:
    # the CLI side of the pool stress (benchmarks/pool_stress.py runs 20,000, 20 times)
    folder = tmp_path / "tiny"
    folder.mkdir()
    names = []
    for i in range(3000):
        name = folder / f"tin_{i:05d}.txt"
        name.write_text(f"Tin số {i}\n\nUBND xã Tân Phú họp bàn kế hoạch số {i}/KH-UBND.\n", encoding="utf-8")
        names.append(str(name))
    out = tmp_path / "out.jsonl"
    done = subprocess.run([*VNPOLICY, "analyze", str(folder), "-o", str(out), "--workers", "2"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "3000 done, 0 failed" in done.stderr
    inputs = [json.loads(line)["input"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert inputs == names


# -- the same documents and entities in jsonl, csv and parquet ---------------------------------

@pytest.fixture(scope="module")
def sample_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("formats")
    codes = {
        "jsonl": main(["analyze", str(ARTICLES), "-o", str(out / "docs.jsonl"), "--workers", "2", "--quiet"]),
        "csv": main(["analyze", str(ARTICLES), "-o", str(out / "csv"), "--format", "csv", "--workers", "1", "--quiet"]),
        "parquet": main(["analyze", str(ARTICLES / "*"), "-o", str(out / "parquet"), "--format", "parquet",
                         "--workers", "2", "--quiet"]),
    }
    return {"out": out, "codes": codes}


def _entity_keys(frame: pd.DataFrame) -> list[tuple[str, str, str, int, int]]:
    return sorted(zip(frame["doc_id"].astype(str), frame["label"].astype(str), frame["text"].astype(str),
                      frame["start"].astype(int), frame["end"].astype(int)))


def test_three_formats_hold_the_same_documents_and_entities(sample_runs: dict[str, object]) -> None:
    out: Path = sample_runs["out"]  # type: ignore[assignment]
    assert set(sample_runs["codes"].values()) <= {0, 1}  # type: ignore[union-attr]
    items = list(read_jsonl(out / "docs.jsonl"))
    docs = [d for d in items if isinstance(d, vnpolicy.Document)]
    assert len(docs) >= 15
    from_jsonl = vnpolicy.to_frames(docs)
    csv = {name: pd.read_csv(out / "csv" / f"{name}.csv", keep_default_na=False, na_values=[""])
           for name in ("documents", "entities")}
    parquet = {name: pd.read_parquet(out / "parquet" / f"{name}.parquet") for name in ("documents", "entities")}
    # documents in input order, same ids and texts in every format
    ids = list(from_jsonl["documents"]["doc_id"])
    assert list(csv["documents"]["doc_id"]) == ids == list(parquet["documents"]["doc_id"])
    assert ids == sorted(ids)  # input order: sorted paths of the folder
    assert list(parquet["documents"]["text"]) == list(from_jsonl["documents"]["text"])
    assert list(csv["documents"]["text"]) == list(from_jsonl["documents"]["text"])
    # the same entities, offsets and all
    assert _entity_keys(from_jsonl["entities"]) == _entity_keys(csv["entities"]) == _entity_keys(parquet["entities"])
    assert len(from_jsonl["entities"]) > 50
    # tables join on doc_id and nothing is half-written or left behind
    assert set(parquet["entities"]["doc_id"]) <= set(ids)
    for folder in (out / "csv", out / "parquet"):
        assert not (folder / JOURNAL_NAME).exists()
        assert not [p for p in folder.iterdir() if p.name.startswith(".")]
        assert (folder / "errors.jsonl").exists()
    assert not (out / "docs.jsonl.partial").exists()


def test_seed_article_in_batch_matches_single_analysis(sample_runs: dict[str, object], seed_text: str) -> None:
    out: Path = sample_runs["out"]  # type: ignore[assignment]
    seed = next(d for d in read_jsonl(out / "docs.jsonl")
                if isinstance(d, vnpolicy.Document) and d.id.endswith("000_c9ab4d96580aabf9.txt"))
    single = vnpolicy.analyze(vnpolicy.read_articles(ARTICLES / "000_c9ab4d96580aabf9.txt").__next__())
    assert seed.text == single.text
    assert [(e.label, e.start, e.end) for e in seed.entities] == [(e.label, e.start, e.end) for e in single.entities]
    assert "Ban Dân vận Tỉnh ủy" in seed.text


def test_analyze_folder_and_pipe_agree(tmp_path: Path) -> None:
    files = sorted(ARTICLES.glob("00[0-3]*.txt"))
    folder = tmp_path / "few"
    folder.mkdir()
    for f in files:
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "rỗng.txt").write_text("  \n", encoding="utf-8")
    frames = vnpolicy.analyze_folder(folder)  # in this process; the CLI tests cover worker processes
    assert set(frames) == {"documents", "entities", "corrections", "topics", "errors"}
    analysed = list(frames["documents"]["doc_id"])
    failed = list(frames["errors"]["input"])
    assert str(folder / "rỗng.txt") in failed
    assert frames["errors"]["error"][failed.index(str(folder / "rỗng.txt"))].startswith("empty file")
    assert sorted(analysed + failed) == sorted(str(p) for p in folder.iterdir())  # every input accounted for
    assert analysed == sorted(analysed) and len(analysed) >= 3
    nlp = vnpolicy.Pipeline()
    texts = [next(vnpolicy.read_articles(path)) for path in analysed]
    piped = list(nlp.pipe(texts, n_process=2, batch_size=1))
    assert [d.id for d in piped] == analysed  # order kept
    assert [d.text for d in piped] == [nlp(t).text for t in texts]
    assert [d.text for d in piped] == list(frames["documents"]["text"])


def test_dask_engine_gives_the_same_output(tmp_path: Path, sample_runs: dict[str, object]) -> None:
    pytest.importorskip("distributed")
    out: Path = sample_runs["out"]  # type: ignore[assignment]
    files = sorted(ARTICLES.glob("00[0-4]*"))
    code = main(["analyze", *map(str, files), "-o", str(tmp_path / "dask.jsonl"), "--engine", "dask",
                 "--workers", "1", "--quiet"])
    assert code in (0, 1)
    names = {str(f) for f in files}
    local = [line for line in map(json.loads, (out / "docs.jsonl").read_text(encoding="utf-8").splitlines())
             if line["input"] in names]
    distributed = [json.loads(line) for line in (tmp_path / "dask.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(distributed) == len(files)
    assert distributed == local  # same documents, same failures, same order


# -- kill a run half way, then --resume ----------------------------------------------------------

def _small_articles(folder: Path, n: int) -> list[Path]:
    """``n`` short articles made from the paragraphs of the bundled samples."""
    paragraphs = []
    for f in sorted(ARTICLES.glob("*.txt")):
        paragraphs += [p for p in f.read_text(encoding="utf-8").split("\n\n") if len(p) > 200]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"bai_{i:03d}.txt"
        body = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(3))
        path.write_text(f"Tin số {i}: Hội nghị sơ kết công tác dân vận\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_killed_run_resumes_with_each_article_exactly_once(tmp_path: Path, fmt: str) -> None:
    paths = _small_articles(tmp_path / "in", 40)
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
    journal = out.with_name("out.jsonl.partial") if fmt == "jsonl" else out / JOURNAL_NAME
    command = [*VNPOLICY, "analyze", str(tmp_path / "in"), "-o", str(out), "--format", fmt, "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.monotonic() + 120
    while _lines(journal) < 5 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = _lines(journal)
    assert 5 <= written < 40, f"the run was not interrupted half way ({written} lines)"
    assert not out.exists() if fmt == "jsonl" else not (out / "documents.parquet").exists()
    # a torn last line, as a crash in the middle of a write leaves it
    with open(journal, "ab") as handle:
        handle.write(b'{"input": "' + str(paths[39]).encode() + b'", "input_rows": 1, "status": "ok", "te')
    done = subprocess.run([*command, "--resume"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode in (0, 1), done.stderr  # 1 if a step failed on some article: still recorded
    assert f"{written} skipped (resume)" in done.stderr
    if fmt == "jsonl":
        inputs = [line["input"] for line in map(json.loads, out.read_text(encoding="utf-8").splitlines())]
        assert inputs == [str(p) for p in paths]  # each article exactly once, in input order
    else:
        ids = list(pd.read_parquet(out / "documents.parquet")["doc_id"])
        failed = [json.loads(line)["input"] for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
        assert ids == sorted(ids)
        assert sorted(ids + failed) == [str(p) for p in paths]  # each article exactly once
    assert not journal.exists()


def test_scan_journal_drops_half_written_multi_article_input(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    rows = [{"input": "a.txt", "input_rows": 1, "status": "ok"},
            {"input": "b.jsonl", "input_rows": 3, "status": "ok"},
            {"input": "b.jsonl", "input_rows": 3, "status": "ok"}]
    text = "".join(json.dumps(r) + "\n" for r in rows)
    journal.write_text(text, encoding="utf-8")
    done, keep, failed = scan_journal(journal)
    assert done == {"a.txt"} and failed == set()
    assert keep == len(json.dumps(rows[0])) + 1


# -- a folder of bad files: every outcome recorded, exit code 1 -----------------------------------

@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    from vnpolicy.read.encodings import encode_tcvn3

    folder = tmp_path / "mixed"
    folder.mkdir()
    good = (ARTICLES / "002_nong-thon-moi-nghi-loc.txt").read_text(encoding="utf-8")
    (folder / "a_good.txt").write_text(good, encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    legacy = "Huyện ủy tổ chức hội nghị sơ kết công tác dân vận\n\nSáng nay, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận năm 2023 với sự tham dự của đông đảo cán bộ, đảng viên."
    (folder / "d_tcvn3.txt").write_bytes(encode_tcvn3(legacy))
    (folder / "e_undecodable.txt").write_bytes(good.encode("utf-8")[:3000] + b"\xff\xfe\xfa" + good.encode("utf-8")[3000:])
    paragraphs = [p for p in good.split("\n\n") if len(p) > 100]
    big, size = [], 0
    while size < 5_000_000:
        p = paragraphs[len(big) % len(paragraphs)]
        big.append(p)
        size += len(p.encode("utf-8")) + 2
    (folder / "f_big.txt").write_text("Bài rất dài\n\n" + "\n\n".join(big), encoding="utf-8")
    return folder


def test_folder_of_bad_files_records_every_outcome(bad_folder: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    code = main(["analyze", str(bad_folder), "-o", str(out), "--workers", "2"])
    err = capsys.readouterr().err
    assert code == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_input = {Path(line["input"]).name: line for line in lines}
    assert sorted(by_input) == ["a_good.txt", "b_empty.txt", "c_binary.txt", "d_tcvn3.txt",
                                "e_undecodable.txt", "f_big.txt"]
    assert by_input["a_good.txt"]["status"] == "ok"
    assert by_input["b_empty.txt"]["status"] == "failed" and "empty" in by_input["b_empty.txt"]["error"]
    assert by_input["c_binary.txt"]["status"] == "failed" and "binary" in by_input["c_binary.txt"]["error"]
    assert by_input["d_tcvn3.txt"]["status"] == "ok"
    assert "Ban Dân vận Huyện ủy" in by_input["d_tcvn3.txt"]["text"]
    assert by_input["d_tcvn3.txt"]["meta"].get("encoding") == "tcvn3"
    assert by_input["e_undecodable.txt"]["status"] == "failed"
    assert "decode" in by_input["e_undecodable.txt"]["error"]
    assert by_input["f_big.txt"]["status"] == "failed" and "too long" in by_input["f_big.txt"]["error"]
    assert "Traceback" not in err
    for name in ("b_empty.txt", "c_binary.txt", "e_undecodable.txt", "f_big.txt"):
        assert sum(name in line for line in err.splitlines()) == 1  # one clear line each
    assert "2 done, 4 failed" in err


# -- one bad line of a .jsonl file fails alone: its good lines are documents ---------------------

FEED = [
    {"title": "Huyện ủy Tháp Mười họp", "text": "Ngày 1/6/2024, Ban Thường vụ Huyện ủy Tháp Mười họp bàn công tác "
     "dân vận năm 2024 với sự tham dự của Ban Dân vận Tỉnh ủy."},
    {"title": "UBND huyện Cao Lãnh sơ kết", "content": "Sáng 2/6/2024, UBND huyện Cao Lãnh tổ chức hội nghị sơ kết "
     "công tác xây dựng nông thôn mới."},
    '{"text": "Ngày 3/6, Ban Dân vận Tỉnh ủy',  # cut off: not JSON
    {"title": "Chỉ có tiêu đề"},  # no text field
    {"text": "Chiều 5/6/2024, Ủy ban Mặt trận Tổ quốc tỉnh Đồng Tháp tổ chức hội nghị tiếp xúc cử tri."},
]


@pytest.fixture
def feed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    lines = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in FEED]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_bad_jsonl_lines_fail_alone_in_every_format_and_resume_adds_nothing(
        feed_folder: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    feed = feed_folder / "feed.jsonl"
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
    command = ["analyze", str(feed_folder), "-o", str(out), "--format", fmt, "--workers", "1"]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert f"{feed}#3: invalid JSON on line 3" in err and f"{feed}#4: no text field" in err
    assert "1 done (2 failed articles inside them), 0 failed" in err and "3 documents" in err
    good, bad = [f"{feed}#{n}" for n in (1, 2, 5)], [f"{feed}#{n}" for n in (3, 4)]

    def outcome() -> tuple[list[str], list[tuple[str, str, str]]]:
        if fmt == "jsonl":
            lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
            assert [line["id"] for line in lines] == [f"{feed}#{n}" for n in range(1, 6)]  # the file's order
            assert {line["input"] for line in lines} == {str(feed)}
            return ([line["id"] for line in lines if line["status"] == "ok"],
                    [(line["id"], line["kind"], line["error"]) for line in lines if line["status"] == "failed"])
        if fmt == "csv":
            ids = list(pd.read_csv(out / "documents.csv")["doc_id"])
        else:
            ids = list(pd.read_parquet(out / "documents.parquet")["doc_id"])
        rows = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
        return ids, [(row["input"], row["kind"], row["error"]) for row in rows]

    ids, failures = outcome()
    assert ids == good
    assert [f[:2] for f in failures] == [(bad[0], "read"), (bad[1], "read")]
    assert failures[0][2].startswith("invalid JSON on line 3") and failures[1][2].startswith("no text field")
    before = out.read_bytes() if fmt == "jsonl" else None
    assert main([*command, "--resume"]) == 1  # the failed lines still count
    err = capsys.readouterr().err
    assert outcome() == (ids, failures)  # no duplicates, nothing lost
    if fmt == "jsonl":
        assert out.read_bytes() == before
        assert "0 done, 0 failed, 1 skipped (resume, 1 of them failed)" in err


def test_analyze_folder_has_a_row_per_bad_record(feed_folder: Path) -> None:
    long_line = {"text": "Ngày 6/6/2024, Hội Nông dân huyện Tháp Mười tổ chức đại hội. " * 40}
    with open(feed_folder / "feed.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps(long_line, ensure_ascii=False) + "\n")
    feed = feed_folder / "feed.jsonl"
    frames = vnpolicy.analyze_folder(feed_folder, max_chars=1000)
    assert list(frames["documents"]["doc_id"]) == [f"{feed}#{n}" for n in (1, 2, 5)]
    errors = frames["errors"]
    assert list(errors["input"]) == [f"{feed}#{n}" for n in (3, 4, 6)]
    assert list(errors["kind"]) == ["read"] * 3
    assert errors["error"].iloc[2].startswith("too long for one article (2,")


def test_a_step_failing_on_one_record_fails_that_record_alone(feed_folder: Path) -> None:
    from vnpolicy.batch.output import result_lines
    from vnpolicy.batch.work import WorkerState, analyze_input

    def nlp(article: vnpolicy.Article) -> vnpolicy.Document:
        if "Cao Lãnh" in article.raw:
            raise ValueError("bước lỗi")
        return vnpolicy.Document(raw=article.raw, text=article.raw, source=article.path)

    feed = str(feed_folder / "feed.jsonl")
    result = analyze_input(WorkerState(nlp=nlp), feed)
    assert result.error is None and not result.ok
    assert [d.id for d in result.docs] == [f"{feed}#1", f"{feed}#5"]
    assert [(f.id, f.kind) for f in result.failures] == [(f"{feed}#2", "error"), (f"{feed}#3", "read"),
                                                         (f"{feed}#4", "read")]
    assert result.failures[0].error == "internal error (ValueError: bước lỗi)"
    lines = result_lines(result)
    assert [(line["id"], line["status"]) for line in lines] == [
        (f"{feed}#1", "ok"), (f"{feed}#2", "failed"), (f"{feed}#3", "failed"), (f"{feed}#4", "failed"),
        (f"{feed}#5", "ok")]
    assert {line["input_rows"] for line in lines} == {5}
