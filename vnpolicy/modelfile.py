"""Reading a model file (a zip of plain data) with bounds, for every model vnpolicy loads.

The topic model, the entity tagger and the word segmenter are zip archives written by vnpolicy.
A file given as a model may be anything: a FIFO, /dev/zero, a zip bomb, an archive with a pickle
or a ``../`` path in it. These two functions read it without trusting it: only a regular file, no
larger than a limit, and only the expected members, each once, none encrypted, each checked
against its own size limit before it is inflated. Every problem is a
:class:`~vnpolicy.errors.ModelError` naming the file. :func:`read_members` does the three
together (read, open the zip, take its members) with one wording of each problem.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from vnpolicy.errors import ModelError

if TYPE_CHECKING:
    import pycrfsuite

#: The largest model file read at all (bytes).
MAX_MODEL_BYTES = 128 * 2**20


def read_model_bytes(path: str | Path, *, max_bytes: int = MAX_MODEL_BYTES) -> bytes:
    """The bytes of a model file: a regular file (a FIFO or device is refused without blocking),
    no larger than ``max_bytes``."""
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ModelError(f"{where}: no such model file") from None
    except IsADirectoryError:
        raise ModelError(f"{where}: is a folder, not a model file") from None
    except OSError as error:
        raise ModelError(f"{where}: cannot read the model file ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ModelError(f"{where}: is a folder, not a model file")
        if not stat.S_ISREG(info.st_mode):
            kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device"
                    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file")
            raise ModelError(f"{where}: is {kind}; a model must be a regular file")
        if info.st_size > max_bytes:
            raise ModelError(f"{where}: too large for a model file ({info.st_size:,} bytes; "
                             f"the limit is {max_bytes:,})")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(info.st_size + 1)  # (not MAX + 1: read(n) allocates n bytes first)
            if len(data) > info.st_size:  # it grew since fstat: read on, still bounded
                data += handle.read(max_bytes + 1 - len(data))
        if len(data) > max_bytes:
            raise ModelError(f"{where}: too large for a model file (more than {max_bytes:,} bytes)")
        return data
    except OSError as error:
        raise ModelError(f"{where}: cannot read the model file ({error.strerror or error})") from None
    finally:
        os.close(fd)


def bounded_members(archive: zipfile.ZipFile, expected: tuple[str, ...], limits: dict[str, int],
                    where: str, *, kind: str = "model file") -> dict[str, bytes]:
    """Each expected member of a zip archive, once: a duplicate, unexpected (a pickle, a path
    like ``../x``), encrypted or oversized member is refused before it is inflated, and an
    inflated member is read no further than its limit. ``kind`` names the model in errors."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    missing = [m for m in expected if m not in names]
    if missing:
        raise ModelError(f"{where}: not a vnpolicy {kind} (missing {', '.join(missing)})")
    for name in names:
        if name not in expected:
            raise ModelError(f"{where}: unexpected member {name!r} (a model file holds only "
                             f"{', '.join(expected)}); refused")
        if names.count(name) > 1:
            raise ModelError(f"{where}: member {name!r} appears {names.count(name)} times; refused")
    out: dict[str, bytes] = {}
    for info in infos:
        limit = limits[info.filename]
        if info.flag_bits & 0x1:
            raise ModelError(f"{where}: member {info.filename!r} is encrypted; refused")
        if info.file_size > limit:
            raise ModelError(f"{where}: member {info.filename!r} too large ({info.file_size:,} bytes "
                             f"uncompressed; the limit is {limit:,}); refused")
        with archive.open(info) as member:  # reads at most the declared size, then checks the CRC
            data = member.read(limit + 1)
        if len(data) > limit:
            raise ModelError(f"{where}: member {info.filename!r} larger than its limit ({limit:,} bytes)")
        out[info.filename] = data
    return out


def read_members(path: str | Path, expected: tuple[str, ...], limits: dict[str, int], *,
                 kind: str = "model file", max_bytes: int = MAX_MODEL_BYTES, not_zip: str | None = None,
                 corrupt: str = "corrupt model file") -> dict[str, bytes]:
    """The expected members of the model file at ``path``: :func:`read_model_bytes`, then
    :func:`bounded_members`. A file that is not a zip archive says ``not_zip`` (when given, else
    it is ``corrupt``); a damaged archive says ``corrupt`` and the zip library's reason. Every
    message starts with the path."""
    where = str(path)
    data = read_model_bytes(path, max_bytes=max_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bounded_members(archive, expected, limits, where, kind=kind)
    except zipfile.BadZipFile as error:
        if not_zip is not None and not data.startswith(b"PK"):
            raise ModelError(f"{where}: {not_zip}") from None
        raise ModelError(f"{where}: {corrupt} ({error})") from None
    except (OSError, EOFError, NotImplementedError, ValueError, zlib.error) as error:
        raise ModelError(f"{where}: {corrupt} ({error})") from None


def crf_tagger(model_bytes: bytes, where: str) -> pycrfsuite.Tagger:
    """A python-crfsuite tagger opened from a model's bytes (never from a path we would have to
    trust); a model crfsuite cannot read is a :class:`ModelError` naming ``where``."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    try:
        tagger.open_inmemory(model_bytes)
    except Exception as error:  # noqa: BLE001 - crfsuite says only "invalid model"
        raise ModelError(f"{where}: not a CRFsuite model ({error})") from None
    return tagger
