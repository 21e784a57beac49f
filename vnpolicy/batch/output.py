"""Batch output that loses nothing: JSON Lines streams, CSV/Parquet tables, resume.

Every input becomes lines of the *journal*: one line per document (``"status": "ok"`` and the
document's ``to_dict()`` fields) and one failure line (``"status": "failed"``, ``"kind"``,
``"error"``, ``"id"``; ``"status": "skipped"`` for a file of an unsupported type) per record that gave no document (``"id": "path#3"`` for line 3 of a
.jsonl file) or for an input that failed as a whole (``"id"`` is the input), in the file's
order; each line is led by ``"input"`` (the file) and ``"input_rows"`` (how many lines that
input owns, so a half-written multi-article file is recognised). An input is done once all its
lines are written, whatever they say: resuming never redoes it. An input's lines are written in
one go and flushed; the file is fsynced at least once a second and at the end.

- ``--format jsonl`` to a file: the journal *is* the output, written as ``OUT.partial`` and
  renamed to ``OUT`` when the run is complete. To stdout: streamed, no resume.
- ``--format csv|parquet``: OUT is a folder; the journal is ``OUT/.journal.jsonl``; at the end it
  becomes ``documents``, ``entities``, ``corrections``, ``topics`` tables (as
  :func:`vnpolicy.to_frames`) and ``errors.jsonl``, each written to a temporary file in the same
  folder and renamed into place, then the journal is removed.

Resuming reads the journal, cuts off a partial last line or a partial last input, and skips
every input already complete. This module writes; it never runs the pipeline.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from vnpolicy.batch.work import InputResult
from vnpolicy.document import Document

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: no lock there
    fcntl = None  # type: ignore[assignment]

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("documents", "entities", "corrections", "topics")
JOURNAL_NAME = ".journal.jsonl"
PARTIAL_SUFFIX = ".partial"
FSYNC_EVERY = 1.0  # seconds
CHUNK_ROWS = 256  # journal lines turned into table rows at a time (bounded memory)

_HEAD = re.compile(rb'^\{"input": ("(?:[^"\\]|\\.)*"), "input_rows": (\d+), "status": "(\w+)"')


def result_lines(result: InputResult) -> list[dict[str, Any]]:
    """The journal lines of one input, in order: documents and failed records as in the file,
    then the failure of the input as a whole, if any."""
    rows = result.failure_rows()
    n = len(result.docs) + len(rows)
    failed = [{"input": result.input, "input_rows": n, "status": "skipped" if row["kind"] == "skipped" else "failed",
               "kind": row["kind"], "error": row["error"], "id": row["input"], "source": row["input"]} for row in rows]
    positions = [f.position for f in result.failures] + [len(result.docs)] * (len(rows) - len(result.failures))
    lines: list[dict[str, Any]] = []
    k = 0
    for i, doc in enumerate(result.docs):
        while k < len(failed) and positions[k] <= i:
            lines.append(failed[k])
            k += 1
        lines.append({"input": result.input, "input_rows": n, "status": "ok", **doc.to_dict()})
    lines.extend(failed[k:])
    return lines


def encode_lines(result: InputResult) -> bytes:
    """The journal lines of one input as UTF-8 bytes (already made by the worker when it could).

    A file name that is not UTF-8 reaches us with its bytes as lone surrogates
    (``surrogateescape``); they cannot be UTF-8, so they are written as JSON escapes
    (``"b\\udcff.txt"``), which read back to the same name: ``--resume`` recognises the file."""
    if result.lines is not None:
        return result.lines
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in result_lines(result))
    return text.encode("utf-8", errors="backslashreplace")  # only inside JSON strings: valid escapes


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with lone surrogates spelt out: the bytes of an undecodable file name as ``\\xff``,
    any other as ``\\ud800``, so CSV, Parquet and JSON tables can hold it as UTF-8."""
    def spell(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return _SURROGATE.sub(spell, text)


def _printable_values(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_printable_values(v) for v in value]
    if isinstance(value, dict):
        return {k: _printable_values(v) for k, v in value.items()}
    return value


def _line_head(line: bytes) -> tuple[str, int, bool] | None:
    """``(input, input_rows, failed)`` of a journal line, read from its start when possible."""
    match = _HEAD.match(line)
    if match:
        return json.loads(match.group(1)), int(match.group(2)), match.group(3) == b"failed"
    try:
        data = json.loads(line)
        return str(data["input"]), int(data["input_rows"]), data.get("status") == "failed"
    except (ValueError, KeyError, TypeError):
        return None


def scan_journal(path: Path) -> tuple[set[str], int, set[str]]:
    """Inputs complete in a journal, the byte length of its sound part (what to keep), and the
    complete inputs that failed."""
    failed: set[str] = set()
    counts: dict[str, list[int]] = {}  # input -> [lines seen, lines expected, offset of first line]
    order: list[str] = []
    cut = None
    offset = 0
    with open(path, "rb") as handle:
        for line in handle:
            head = _line_head(line) if line.endswith(b"\n") else None
            if head is None:  # partial or foreign last line: cut here
                cut = offset
                break
            name, expected, bad = head
            if bad:
                failed.add(name)
            entry = counts.get(name)
            if entry is None:
                counts[name] = entry = [0, expected, offset]
                order.append(name)
            entry[0] += 1
            offset += len(line)
    if cut is None:
        cut = offset
    done: set[str] = set()
    for name in order:
        seen, expected, first = counts[name]
        if first >= cut:
            break
        if seen < expected:  # a half-written input: it and all after it are redone
            cut = first
            break
        done.add(name)
    return done, cut, failed & done


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, words in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISCHR, "a character device"),
                        (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                        (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return words
    return "not a regular file"


def check_output(out: Path, fmt: str) -> None:
    """Refuse an output path that is not a plain file (jsonl) or folder (tables): a device, a
    FIFO or a symlink would be replaced by our file (``-o /dev/null`` run as root), so nothing
    is touched and the error says what the path is."""
    from vnpolicy.errors import VnpolicyError

    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise VnpolicyError(f"{out}: cannot use as output ({error.strerror or error})") from None
    wanted = stat.S_ISDIR if fmt in ("csv", "parquet") else stat.S_ISREG
    if not wanted(mode):
        what = "a folder of tables" if fmt != "jsonl" else "a regular file"
        raise VnpolicyError(f"{out}: is {_kind(mode)}; --format {fmt} writes {what}, so it refuses "
                            f"to replace or write through it (give another -o)")


def _open_locked(path: Path) -> IO[bytes]:
    """Open our journal for reading and writing: created if missing, never truncated here,
    never through a symlink, only a regular file, and locked (``flock``) so that a second run on
    the same output is refused before it changes anything."""
    from vnpolicy.errors import VnpolicyError

    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise VnpolicyError(f"{path}: is a symbolic link; refusing to write through it") from None
        raise
    handle = os.fdopen(fd, "r+b")
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise VnpolicyError(f"{path}: is {_kind(mode)}, not a journal file; refusing to write to it")
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise VnpolicyError(f"{path}: another vnpolicy analyze is writing this output "
                                    f"(the journal is locked); wait for it, or give another -o") from None
    except BaseException:
        handle.close()
        raise
    return handle


class JournalWriter:
    """Appends input results to a journal file: one flushed write per input, fsync each second.

    The journal stays open and locked from the start of the run until its output is in place."""

    def __init__(self, path: Path, *, resume: bool, seed: Path | None = None) -> None:
        self.path = path
        self.done: set[str] = set()
        self.failed_before: set[str] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle: IO[bytes] = _open_locked(path)
        try:
            if resume and seed is not None and os.fstat(self.handle.fileno()).st_size == 0 and seed.is_file():
                with open(seed, "rb") as source:  # a finished run, extended: the original stays until done
                    shutil.copyfileobj(source, self.handle)
                self.handle.flush()
            if resume:
                self.done, keep, self.failed_before = scan_journal(path)
            else:
                keep = 0
            self.handle.truncate(keep)
            self.handle.seek(keep)
        except BaseException:
            self.handle.close()
            raise
        self._synced = time.monotonic()

    def write(self, result: InputResult) -> None:
        self.handle.write(encode_lines(result))
        self.handle.flush()
        if time.monotonic() - self._synced > FSYNC_EVERY:
            os.fsync(self.handle.fileno())
            self._synced = time.monotonic()

    def sync(self) -> None:
        """Everything written on disk (the lock stays held)."""
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        if not self.handle.closed:
            try:
                self.sync()
            finally:
                self.handle.close()

    def discard_if_empty(self) -> None:
        """After an aborted run: remove a journal that holds nothing (no litter, nothing lost);
        removed while still locked, so no other run's journal is removed instead."""
        try:
            if not self.handle.closed and os.fstat(self.handle.fileno()).st_size == 0:
                self.path.unlink(missing_ok=True)
        finally:
            self.close()


class StdoutWriter:
    """JSON Lines to standard output, one input at a time (no resume)."""

    done: set[str] = set()
    failed_before: set[str] = set()

    def write(self, result: InputResult) -> None:
        stream = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
        data = encode_lines(result)
        if stream is not None:
            stream.write(data)
            stream.flush()
        else:  # e.g. a captured stream in tests
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()

    def finish(self) -> None:
        pass

    def abandon(self) -> None:
        pass


class JsonlFileWriter:
    """``--format jsonl -o FILE``: the journal at ``FILE.partial``, renamed to ``FILE`` at the end."""

    def __init__(self, out: Path, *, resume: bool) -> None:
        check_output(out, "jsonl")
        self.out = out
        partial = out.with_name(out.name + PARTIAL_SUFFIX)
        self.journal = JournalWriter(partial, resume=resume, seed=out)
        self.done = self.journal.done
        self.failed_before = self.journal.failed_before

    def write(self, result: InputResult) -> None:
        self.journal.write(result)

    def finish(self) -> None:
        self.journal.sync()
        check_output(self.out, "jsonl")  # again: it may have been swapped for a device meanwhile
        os.replace(self.journal.path, self.out)
        self.journal.close()

    def abandon(self) -> None:
        self.journal.discard_if_empty()


class TablesWriter:
    """``--format csv|parquet -o DIR``: a journal in DIR, turned into tables at the end."""

    def __init__(self, out: Path, fmt: str, *, resume: bool) -> None:
        if out.exists() and not out.is_symlink() and out.is_file():
            from vnpolicy.errors import VnpolicyError

            raise VnpolicyError(f"{out}: --format {fmt} writes a folder of tables, but this is a file")
        check_output(out, fmt)
        self.out, self.fmt = out, fmt
        self.journal = JournalWriter(out / JOURNAL_NAME, resume=resume)
        self.done = self.journal.done
        self.failed_before = self.journal.failed_before

    def write(self, result: InputResult) -> None:
        self.journal.write(result)

    def abandon(self) -> None:
        self.journal.discard_if_empty()
        try:
            self.out.rmdir()  # only if this run created it and left nothing in it
        except OSError:
            pass

    def finish(self) -> None:
        self.journal.sync()  # still locked while the tables are written
        write_tables(self.journal.path, self.out, self.fmt)
        self.journal.path.unlink()
        self.journal.close()


# -- journal → tables ---------------------------------------------------------------------

def iter_journal(path: Path, *, printable_names: bool = False) -> Iterator[dict[str, Any]]:
    """The lines of a journal or of a ``--format jsonl`` output, as dicts (with
    ``printable_names``: lone surrogates spelt out, see :func:`printable`)."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                data = json.loads(line)
                yield _printable_values(data) if printable_names and "\\ud" in line else data


def read_jsonl(path: str | Path) -> Iterator[Document | dict[str, Any]]:
    """Read a ``vnpolicy analyze`` JSON Lines output back: a :class:`Document` for each analysed
    article, the failure line (a dict with ``input``, ``id``, ``kind``, ``error``) for each
    failed input or record."""
    for line in iter_journal(Path(path)):
        yield Document.from_dict(line) if line.get("status", "ok") == "ok" else line


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    from vnpolicy.frames import COLUMN_TYPES, TABLE_COLUMNS

    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
    return pa.schema([(c, kinds[COLUMN_TYPES.get(c, "str")]) for c in TABLE_COLUMNS[table]])


def write_tables(journal: Path, out: Path, fmt: str) -> None:
    """Turn a journal into the four tables and ``errors.jsonl`` in ``out``, atomically per file.

    ``errors.jsonl`` has one row per failure: ``input`` names the failed record (``path#3``)
    or the failed input, as the ``errors`` table of :func:`vnpolicy.analyze_folder`."""
    from vnpolicy.frames import to_frames

    out.mkdir(parents=True, exist_ok=True)
    temps: dict[str, Path] = {name: out / f".{name}.{fmt}.tmp" for name in TABLES}
    errors_tmp = out / ".errors.jsonl.tmp"
    handles: list[IO[Any]] = []
    writers: dict[str, Any] = {}
    try:
        for name in TABLES:
            handles.append(_create_temp(temps[name], binary=fmt == "parquet"))
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            schemas = {name: _arrow_schema(name) for name in TABLES}
            writers = {name: pq.ParquetWriter(handle, schemas[name]) for name, handle in zip(TABLES, handles)}
        else:
            writers = dict(zip(TABLES, handles))
        first = True
        errors = _create_temp(errors_tmp, binary=False)
        handles.append(errors)
        docs: list[Document] = []

        def flush() -> None:
            nonlocal first
            frames = to_frames(docs)
            for name in TABLES:
                frame = frames[name]
                if fmt == "parquet":
                    if len(frame) or first:
                        writers[name].write_table(pa.Table.from_pandas(frame, schema=schemas[name],
                                                                       preserve_index=False))
                else:
                    frame.to_csv(writers[name], header=first, index=False)
            first = False
            docs.clear()

        for line in iter_journal(journal, printable_names=True):
            if line.get("status") in ("failed", "skipped"):
                errors.write(json.dumps({"input": line.get("id") or line["input"], "kind": line.get("kind"),
                                         "error": line.get("error")}, ensure_ascii=False) + "\n")
                continue
            docs.append(Document.from_dict(line))
            if len(docs) >= CHUNK_ROWS:
                flush()
        flush()
        if fmt == "parquet":
            for name in TABLES:
                writers[name].close()
        for handle in handles:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        for name in TABLES:
            os.replace(temps[name], out / f"{name}.{fmt}")
        os.replace(errors_tmp, out / "errors.jsonl")
    finally:
        # on any failure (disk full while writing or closing…): close what is open, ignoring
        # errors from closing, then remove every temporary file
        for closer in [*(w.close for w in writers.values() if fmt == "parquet"), *(h.close for h in handles)]:
            try:
                closer()
            except Exception:  # noqa: BLE001 - already failing; the first error is the one raised
                pass
        for temp in [*temps.values(), errors_tmp]:
            temp.unlink(missing_ok=True)


def _create_temp(path: Path, *, binary: bool) -> IO[Any]:
    """A new temporary file in our output folder: any old one removed first, then created
    exclusively (``O_EXCL``, no symlink followed)."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    return os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")


def open_writer(output: str, fmt: str, *, resume: bool) -> Any:
    """The writer for ``-o OUTPUT --format FMT``: refuses a device, FIFO or symlink as OUTPUT,
    and an output another run is writing (see :func:`check_output`, :func:`_open_locked`)."""
    if fmt == "jsonl":
        if output == "-":
            return StdoutWriter()
        return JsonlFileWriter(Path(output), resume=resume)
    return TablesWriter(Path(output), fmt, resume=resume)
