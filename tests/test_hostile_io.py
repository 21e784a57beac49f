"""Hostile and odd input (issue 16): bounded reading, every input accounted for, outputs and model
files that cannot be turned against the user. Each case is one line of the issue's trial."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import stat
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from vnpolicy.batch.output import check_output, write_tables
from vnpolicy.cli import main
from vnpolicy.errors import ModelError, ReadError
from vnpolicy.read import iter_article_files, read_articles, read_file_articles
from vnpolicy.read.encodings import decode_bytes, encode_tcvn3, read_text
from vnpolicy.topics.model import TopicModel, _meta_digest

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "data" / "articles" / "002_nong-thon-moi-nghi-loc.txt").read_text(encoding="utf-8")
SENTENCE = ("Sáng nay, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận năm 2023 với sự "
            "tham dự của đông đảo cán bộ, đảng viên và nhân dân các xã trên địa bàn huyện.")
RECORD = {"title": "Hội nghị sơ kết công tác dân vận", "text": SENTENCE}


def _peak_bytes(action: Callable[[], object]) -> int:
    """Peak memory Python allocated while ``action`` ran (it may raise)."""
    tracemalloc.start()
    try:
        action()
    except (ReadError, ModelError):
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


# -- bounded reading ---------------------------------------------------------------------------

def test_a_1_gib_sparse_file_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "bai_viet.txt"
    with open(huge, "wb") as handle:
        handle.truncate(2**30)
    with pytest.raises(ReadError, match=r"file too large \(1,073,741,824 bytes"):
        read_text(huge)
    assert _peak_bytes(lambda: read_text(huge)) < 1_000_000


def test_binary_sniff_stops_at_the_first_block(tmp_path: Path) -> None:
    picture = tmp_path / "anh.txt"  # 60 MB (under the size limit), a PNG by its first bytes
    with open(picture, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(60 * 2**20)
    with pytest.raises(ReadError, match="binary file"):
        read_text(picture)
    assert _peak_bytes(lambda: read_text(picture)) < 1_000_000


def test_a_text_file_too_big_for_max_chars_is_refused_by_its_size(tmp_path: Path) -> None:
    from vnpolicy.batch.work import WorkerState, analyze_input

    big = tmp_path / "dai.txt"  # 50 MB: read whole, it used to cost a worker over 1 GB
    with open(big, "wb") as handle:
        handle.write(SENTENCE.encode("utf-8"))
        handle.truncate(50 * 2**20)
    state = WorkerState(nlp=None, max_chars=1_000_000)  # never reaches the pipeline
    peak = _peak_bytes(lambda: analyze_input(state, str(big)))
    result = analyze_input(state, str(big))
    assert result.kind == "read" and "too long for one article (52,428,800 bytes" in result.error
    assert peak < 1_000_000


def test_fifo_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "ong.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="FIFO"):
        read_text(fifo)


def test_half_utf8_half_tcvn3_fails_naming_both_encodings() -> None:
    other = ("Ủy ban nhân dân tỉnh họp bàn kế hoạch phát triển kinh tế, xây dựng nông thôn mới "
             "và giảm nghèo bền vững trong giai đoạn tới.\n")
    data = (SENTENCE + "\n").encode("utf-8") * 3 + encode_tcvn3(other) * 3
    with pytest.raises(ReadError, match=r"mixed encodings, UTF-8 .* and TCVN3"):
        decode_bytes(data, "tron.txt")
    assert decode_bytes(encode_tcvn3(SENTENCE + other), "cu.txt")[1] == "tcvn3"  # one encoding: read


@pytest.mark.parametrize("blank", ["\u00a0\u00a0\n", "\u200b\u200b", "\ufeff\u200b\u00a0\n"])
def test_white_space_only_file_is_empty(tmp_path: Path, blank: str) -> None:
    path = tmp_path / "trong.txt"
    path.write_text(blank, encoding="utf-8")
    with pytest.raises(ReadError, match="empty"):
        read_file_articles(path)


def test_one_nul_byte_fails_its_jsonl_record_alone(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = json.dumps(RECORD, ensure_ascii=False).encode("utf-8")
    feed.write_bytes(good + b"\n" + good.replace(b"2023", b"20\x0023") + b"\n" + good + b"\n")
    articles, errors = read_file_articles(feed, on_error="collect")
    assert [a.path for a in articles] == [f"{feed}#1", f"{feed}#3"]
    assert [e.path for e in errors] == [f"{feed}#2"] and "NUL byte" in errors[0].problem


def test_huge_numbers_and_lone_surrogates_are_told_in_words(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        '{"id": ' + "9" * 5000 + ', "text": ' + json.dumps(SENTENCE) + "}",  # kept as text: read
        '{"text": "Ban D\\u00e2n v\\u1eadn \\ud800 Huy\\u1ec7n \\u1ee7y h\\u1ecdp"}',
        '{"title": "Tin \\udcff", "text": ' + json.dumps(SENTENCE) + "}",  # a title: replaced, read
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = read_file_articles(feed, on_error="collect")
    assert [a.path for a in articles] == [f"{feed}#1", f"{feed}#3"]
    assert articles[1].title == "Tin \ufffd"
    assert len(errors) == 1 and "lone surrogate (\\ud800) at character 13" in errors[0].problem
    for text in [e.problem for e in errors]:
        assert "Error" not in text  # no exception class names


def test_links_fifos_and_unreadable_folders_are_each_reported(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "bai"
    (folder / "khoa").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(folder / "khong_co.txt", folder / "gay.txt")  # dangling
    os.symlink(folder / "vong.txt", folder / "vong.txt")  # loops on itself
    os.symlink(folder, folder / "khoa" / "ve_goc")  # a folder link back to the root
    os.mkfifo(folder / "ong.txt")
    locked = folder / "khoa"
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # tests run as root: chmod 000 would not stop them
        if Path(os.fspath(path)) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    skipped: list[ReadError] = []
    assert list(iter_article_files(folder, on_skip=skipped.append)) == [folder / "a.txt"]
    reasons = {Path(e.path).name: e.problem for e in skipped}
    assert "broken symbolic link" in reasons["gay.txt"]
    assert "symbolic link loop" in reasons["vong.txt"]
    assert "FIFO" in reasons["ong.txt"]
    assert "cannot read this folder (permission denied)" in reasons["khoa"]
    seen: list[ReadError] = []
    assert len(list(read_articles(folder, on_error=seen.append))) == 1
    assert len(seen) == 4
    monkeypatch.setattr(os, "scandir", real_scandir)
    reasons = {}
    list(iter_article_files(folder, on_skip=lambda e: reasons.setdefault(Path(e.path).name, e.problem)))
    assert "symbolic link to a folder already read (a loop" in reasons["ve_goc"]


# -- outputs that cannot be turned against the user ----------------------------------------------

@pytest.mark.parametrize("path", ["/dev/null", "/dev/stdout"])
def test_system_nodes_are_never_an_output(path: str) -> None:
    with pytest.raises(Exception, match="refuses to replace or write through it"):
        check_output(Path(path), "jsonl")


def _targets(tmp_path: Path) -> dict[str, Path]:
    kept = tmp_path / "giu.txt"
    kept.write_text("nội dung cũ\n", encoding="utf-8")
    fifo = tmp_path / "ong.jsonl"
    os.mkfifo(fifo)
    link = tmp_path / "lien_ket.jsonl"
    os.symlink(kept, link)
    targets = {"FIFO": fifo, "symbolic link": link}
    device = tmp_path / "thiet_bi.jsonl"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
        targets["character device"] = device
    except (PermissionError, OSError):
        pass
    return targets


def test_output_at_a_device_fifo_or_symlink_is_refused_with_one_line_and_nothing_changed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    for what, target in _targets(tmp_path).items():
        before = os.lstat(target)
        code = main(["analyze", str(article), "-o", str(target), "--workers", "1", "-q"])
        err = capsys.readouterr().err
        assert code == 1, what
        assert len(err.strip().splitlines()) == 1 and what in err, err
        after = os.lstat(target)
        assert (after.st_mode, after.st_ino, after.st_size) == (before.st_mode, before.st_ino, before.st_size)
        assert not target.with_name(target.name + ".partial").exists()
    assert (tmp_path / "giu.txt").read_text(encoding="utf-8") == "nội dung cũ\n"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_second_run_on_a_locked_output_is_refused_with_one_line(
        tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    import fcntl

    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
    journal = tmp_path / "out.jsonl.partial" if fmt == "jsonl" else out / ".journal.jsonl"
    journal.parent.mkdir(exist_ok=True)
    journal.write_bytes(b'{"input": "x.txt", "input_rows": 1, "status": "ok"}\n')
    with open(journal, "rb") as running:  # the first run, still writing
        fcntl.flock(running, fcntl.LOCK_EX)
        for extra in ([], ["--resume"]):
            code = main(["analyze", str(article), "-o", str(out), "--format", fmt, "-q", *extra])
            err = capsys.readouterr().err
            assert code == 1 and len(err.strip().splitlines()) == 1 and "another vnpolicy analyze" in err
    assert journal.read_bytes() == b'{"input": "x.txt", "input_rows": 1, "status": "ok"}\n'
    assert not out.exists() if fmt == "jsonl" else sorted(p.name for p in out.iterdir()) == [".journal.jsonl"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_disk_full_while_writing_tables_leaves_no_temporary_file(
        tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from vnpolicy import analyze

    out = tmp_path / "out"
    out.mkdir()
    journal = out / ".journal.jsonl"
    doc = analyze(SENTENCE, source="a.txt")
    journal.write_text("".join(json.dumps({"input": f"{i}.txt", "input_rows": 1, "status": "ok",
                                           **doc.to_dict()}, ensure_ascii=False) + "\n" for i in range(600)),
                       encoding="utf-8")
    import vnpolicy.frames

    real = vnpolicy.frames.to_frames
    calls = []

    def full(docs: list) -> dict:
        calls.append(len(docs))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(docs)

    monkeypatch.setattr(vnpolicy.frames, "to_frames", full)
    with pytest.raises(OSError, match="No space left"):
        write_tables(journal, out, fmt)
    assert sorted(p.name for p in out.iterdir()) == [".journal.jsonl"]  # the journal stays, for --resume


# -- the whole command: every input accounted for, never a traceback -----------------------------

def test_hostile_folder_every_input_has_a_row_and_resume_skips_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "vao"
    folder.mkdir()
    (folder / "a_tot.txt").write_text(GOOD, encoding="utf-8")
    odd_name = os.fsencode(folder) + b"/b_ten_\xff\xfe.txt"  # a file name that is not UTF-8
    with open(odd_name, "wb") as handle:
        handle.write(GOOD.encode("utf-8"))
    (folder / "c_trang.txt").write_text("\u00a0\u200b\ufeff\n", encoding="utf-8")
    (folder / "d_danh_sach.json").write_text(json.dumps([{"text": " "}, {"title": "x"}]), encoding="utf-8")
    os.symlink(folder / "khong_co.txt", folder / "e_gay.txt")
    for name in ("f_rat_lon.txt", "g_rat_lon.jsonl"):  # 1 GiB each, refused by their size
        with open(folder / name, "wb") as handle:
            handle.truncate(2**30)
    out = tmp_path / "out.jsonl"
    code = main(["analyze", str(folder), "-o", str(out), "--workers", "1", "-q"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    raw = out.read_bytes()
    raw.decode("utf-8")  # the output is valid UTF-8 ...
    assert b"b_ten_\\udcff\\udcfe.txt" in raw  # ... with the odd name escaped
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    by_name = {}
    for row in rows:
        by_name.setdefault(os.path.basename(row["input"]), []).append(row)
    assert sorted(by_name) == ["a_tot.txt", "b_ten_\udcff\udcfe.txt", "c_trang.txt", "d_danh_sach.json",
                               "e_gay.txt", "f_rat_lon.txt", "g_rat_lon.jsonl"]
    assert by_name["a_tot.txt"][0]["status"] == by_name["b_ten_\udcff\udcfe.txt"][0]["status"] == "ok"
    assert "empty" in by_name["c_trang.txt"][0]["error"]
    assert "broken symbolic link" in by_name["e_gay.txt"][0]["error"]
    assert "too long for one article (1,073,741,824 bytes" in by_name["f_rat_lon.txt"][0]["error"]
    assert "file too large (1,073,741,824 bytes" in by_name["g_rat_lon.jsonl"][0]["error"]
    listing = by_name["d_danh_sach.json"]  # two failed records and the file: not "done"
    assert [r["status"] for r in listing] == ["failed"] * 3
    assert "all 2 records failed" in listing[-1]["error"]
    code = main(["analyze", str(folder), "-o", str(out), "--workers", "1", "--resume"])
    err = capsys.readouterr().err
    assert "0 done" in err and "7 skipped (resume, 5 of them failed)" in err and "Traceback" not in err
    assert out.read_bytes() == raw


def test_odd_file_names_go_into_csv_and_parquet_tables(tmp_path: Path) -> None:
    import pandas as pd

    folder = tmp_path / "vao"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/ten_\xff.txt", "wb") as handle:
        handle.write(GOOD.encode("utf-8"))
    (folder / "trang.txt").write_text("\u200b", encoding="utf-8")
    for fmt in ("csv", "parquet"):
        out = tmp_path / fmt
        assert main(["analyze", str(folder), "-o", str(out), "--format", fmt, "--workers", "1", "-q"]) == 1
        docs = pd.read_csv(out / "documents.csv") if fmt == "csv" else pd.read_parquet(out / "documents.parquet")
        assert list(docs["doc_id"]) == [f"{folder}/ten_\\xff.txt"]
        errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [Path(e["input"]).name for e in errors] == ["trang.txt"]


def test_normalize_refuses_binary_stdin_with_one_line(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(png), encoding="utf-8"))
    assert main(["normalize", "-"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "binary file" in err and "<stdin>" in err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(png), encoding="utf-8"))
    assert main(["analyze", "-", "-q"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "<stdin>: binary file" in err


# -- a gallery of malformed model files: each a ModelError naming the problem, fast and small ------

def _tiny_model(path: Path) -> Path:
    return TopicModel(labels=["dan_van", "y_te"], features=["dân vận", "bệnh viện", "tiêm chủng"],
                      idf=np.ones(3), coef=np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]),
                      intercept=np.zeros(2), multi_label=False).save(path)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    import warnings

    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        for name, data in members:
            archive.writestr(name, data)
    return path


def _with_meta(good: Path, path: Path, **changes: object) -> Path:
    members = _members(good)
    meta = json.loads(members["model.json"])
    meta.update(changes)
    members["model.json"] = json.dumps(meta).encode("utf-8")
    return _zip(path, list(members.items()))


def _gallery(tmp: Path) -> dict[str, tuple[Path, str]]:
    good = _tiny_model(tmp / "good.zip")
    members = _members(good)
    meta = json.loads(members["model.json"])
    cases: dict[str, tuple[Path, str]] = {}
    cases["sha256 not an object"] = (_with_meta(good, tmp / "sha.zip", sha256="abc"), "field 'sha256'")
    cases["temperature 'hot'"] = (_with_meta(good, tmp / "hot.zip", temperature="hot"), "field 'temperature'")
    cases["negative temperature"] = (_with_meta(good, tmp / "neg.zip", temperature=-1.0), "field 'temperature'")
    cases["labels an int"] = (_with_meta(good, tmp / "labels.zip", labels=3), "field 'labels'")
    cases["multi_label a string"] = (_with_meta(good, tmp / "multi.zip", multi_label="yes"), "field 'multi_label'")
    cases["features a list"] = (_with_meta(good, tmp / "feat.zip", features=[1]), "field 'features'")
    cases["bad n-gram range"] = (_with_meta(good, tmp / "ngram.zip", features={"ngram_min": 4, "ngram_max": 2}),
                                 "field 'features'")
    tampered = dict(meta, labels=list(reversed(meta["labels"])))
    cases["tampered model.json"] = (_zip(tmp / "tampered.zip", [("model.json", json.dumps(tampered).encode()),
                                                                ("vocabulary.json", members["vocabulary.json"]),
                                                                ("arrays.npz", members["arrays.npz"])]),
                                    "integrity check failed for model.json")
    cases["duplicate model.json"] = (_zip(tmp / "dup.zip", [*members.items(), ("model.json", json.dumps(tampered)
                                                                                .encode())]), "appears 2 times")
    cases["missing member"] = (_zip(tmp / "missing.zip", [(k, v) for k, v in members.items() if k != "arrays.npz"]),
                               "missing arrays.npz")
    cases["path traversal"] = (_zip(tmp / "trav.zip", [*members.items(), ("../../etc/cron.d/x", b"* * * * *")]),
                               "unexpected member '../../etc/cron.d/x'")
    cases["pickle member"] = (_zip(tmp / "pkl.zip", [*members.items(), ("model.pkl", b"\x80\x04K\x01.")]),
                              "unexpected member 'model.pkl'")
    pickle_file = tmp / "pickle.zip"
    pickle_file.write_bytes(b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93\x94.")
    cases["a pickle"] = (pickle_file, "expected a zip archive")
    buffer = io.BytesIO()  # arrays that only pickle could load, with hashes that match
    np.savez(buffer, idf=np.array([object()] * 3, dtype=object), coef=np.zeros((2, 3)), intercept=np.zeros(2))
    pickled = json.loads(members["model.json"])
    pickled["sha256"]["arrays.npz"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    pickled["sha256"]["model.json"] = _meta_digest(pickled)
    cases["pickled arrays"] = (_zip(tmp / "objarr.zip", [("model.json", json.dumps(pickled).encode()),
                                                          ("vocabulary.json", members["vocabulary.json"]),
                                                          ("arrays.npz", buffer.getvalue())]),
                               "Object arrays cannot be loaded when allow_pickle=False")
    bomb = tmp / "bomb.zip"  # 150 MiB of zeros in 150 kB: over the member limit, refused unread
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in ("model.json", "vocabulary.json"):
            archive.writestr(name, members[name])
        with archive.open("arrays.npz", "w", force_zip64=True) as member:
            zeros = bytes(2**20)
            for _ in range(150):
                member.write(zeros)
    cases["zip bomb"] = (bomb, "member 'arrays.npz' too large")
    fifo = tmp / "fifo.zip"
    os.mkfifo(fifo)
    cases["FIFO"] = (fifo, "FIFO")
    cases["/dev/zero"] = (Path("/dev/zero"), "a device")
    link = tmp / "link.zip"
    os.symlink("/dev/zero", link)
    cases["symlink to /dev/zero"] = (link, "a device")
    dangling = tmp / "dangling.zip"
    os.symlink(tmp / "nothing.zip", dangling)
    cases["dangling symlink"] = (dangling, "no such model file")
    return cases


def test_gallery_of_malformed_models_each_gives_model_error_fast_and_small(tmp_path: Path) -> None:
    assert TopicModel.load(_tiny_model(tmp_path / "ok.zip")).labels == ["dan_van", "y_te"]
    for what, (path, words) in _gallery(tmp_path).items():
        started = time.process_time()
        tracemalloc.start()
        try:
            with pytest.raises(ModelError) as caught:
                TopicModel.load(path)
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert words in str(caught.value), (what, str(caught.value))
        assert str(path) in str(caught.value), what
        assert time.process_time() - started < 1.0, what
        assert peak < 200 * 2**20, (what, peak)  # measured: under 1 MiB each


def test_cli_model_fifo_or_dev_zero_is_one_line_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    fifo = tmp_path / "model.zip"
    os.mkfifo(fifo)
    for model in (str(fifo), "/dev/zero"):
        code = main(["analyze", str(article), "-o", str(tmp_path / "o.jsonl"), "--model", model, "-q"])
        err = capsys.readouterr().err
        assert code == 1 and len(err.strip().splitlines()) == 1 and model in err, err
