"""Bytes to text: which encoding a portal file is in, and decoding it without guessing.

Files from Vietnamese portals and office archives come in UTF-8 (with or without a BOM),
UTF-16 (with a BOM, or without one when exported from old Windows tools), Windows-1258 (whose
tone marks are separate combining characters), and the legacy 8-bit font encodings TCVN3 (ABC)
and VNI-Windows. UTF-8/UTF-16 are recognised by their structure; the 8-bit ones all decode
*something* from any byte string, so each candidate decoding is scored by how Vietnamese it
looks (:func:`~vnpolicy.read.vietnamese.syllable_share`) and only a clear winner is accepted.
Anything else (binary files, empty files, other encodings) raises :class:`ReadError` with the
reason. This module decodes; it must not otherwise change the text (NFC is applied only where
the encoding itself produces combining marks: Windows-1258, and never to UTF-8 input).

>>> decode_bytes("Tiếp và làm việc".encode("utf-16"))
('Tiếp và làm việc', 'utf-16-le')
>>> decode_bytes(encode_tcvn3("Nghị quyết 01 của Ban Chấp hành Đảng bộ tỉnh"))
('Nghị quyết 01 của Ban Chấp hành Đảng bộ tỉnh', 'tcvn3')
>>> decode_bytes(encode_vni("Nghị quyết 01 của Ban Chấp hành Đảng bộ tỉnh"))
('Nghị quyết 01 của Ban Chấp hành Đảng bộ tỉnh', 'vni')
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from functools import cache
from pathlib import Path
from typing import BinaryIO

from vnpolicy.errors import ReadError
from vnpolicy.orthography import TONE_MARKS
from vnpolicy.read import resources
from vnpolicy.read.vietnamese import has_vietnamese_letters, syllable_share

#: A legacy decoding is accepted only if at least this share of its words are syllables ...
MIN_SYLLABLE_SHARE = 0.80
#: ... and it beats the runner-up by this much (otherwise the file is ambiguous: no guess).
MIN_MARGIN = 0.10
#: Texts full of foreign names (sport, world news) score lower; accept them on a wide margin.
FOREIGN_NAMES_SHARE = 0.50
FOREIGN_NAMES_MARGIN = 0.30
UNDECODABLE = "cannot decode: not UTF-8/UTF-16/Windows-1258/TCVN3/VNI"


# -- tables ------------------------------------------------------------------------------

@cache
def _tcvn3_decode_table() -> dict[int, str]:
    return {int(row["byte"], 16): row["char"] for row in resources.table("tcvn3.tsv")}


@cache
def _tcvn3_encode_table() -> dict[str, int]:
    table = {ch: code for code, ch in _tcvn3_decode_table().items()}
    for ch, code in list(table.items()):  # capitals with tone marks: the lowercase code
        if ch.upper() not in table:
            table[ch.upper()] = code
    return table


@cache
def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(VNI sequence -> letter, letter -> VNI sequence), sequences as Windows-1252 text."""
    to_char: dict[str, str] = {}
    to_seq: dict[str, str] = {}
    for row in resources.table("vni.tsv"):
        to_char[row["vni"]] = row["char"]
        to_seq[row["char"]] = row["vni"]
    return to_char, to_seq


@cache
def _cp1252_table() -> str:
    # Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined: keep them as C1 controls
    # (they then count against a decoding's score instead of failing it).
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


@cache
def _tcvn3_table() -> str:
    table = list(_cp1252_table())
    for code, ch in _tcvn3_decode_table().items():
        table[code] = ch
    return "".join(table)


def _cp1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _cp1252_table())[0]


# -- the legacy codecs -------------------------------------------------------------------

def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes; bytes outside the Vietnamese table read as Windows-1252.

    >>> decode_tcvn3(b"Ngh\\xde quy\\xd5t 01 c\\xf1a Ban D\\xa9n v\\xcbn")
    'Nghị quyết 01 của Ban Dân vận'
    """
    return codecs.charmap_decode(data, "strict", _tcvn3_table())[0]


def encode_tcvn3(text: str) -> bytes:
    """Encode text as TCVN3 (ABC). Capitals with tone marks become their lowercase codes,
    as ABC fonts store them; characters outside TCVN3 and Windows-1252 raise ``ValueError``."""
    table = _tcvn3_encode_table()
    taken = set(_tcvn3_decode_table())
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
            continue
        try:
            code = ch.encode("cp1252")
        except UnicodeEncodeError:
            code = b""
        if not code or code[0] in taken:  # e.g. "»" is 0xBB, which TCVN3 uses for "ằ"
            raise ValueError(f"{ch!r} has no TCVN3 code")
        out += code
    return bytes(out)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes: Windows-1252 text whose letter+mark pairs are Vietnamese letters.

    >>> decode_vni("Ban Th\u00f6\u00f4\u00f8ng vu\u00ef Huye\u00e4n u\u00fby".encode("cp1252"))
    'Ban Thường vụ Huyện ủy'
    """
    to_char, _ = _vni_tables()
    text = _cp1252(data)
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in to_char:
            out.append(to_char[pair])
            i += 2
        else:
            out.append(to_char.get(text[i], text[i]))
            i += 1
    return "".join(out)


def encode_vni(text: str) -> bytes:
    """Encode text as VNI-Windows (the inverse of :func:`decode_vni`)."""
    _, to_seq = _vni_tables()
    return "".join(to_seq.get(ch, ch) for ch in unicodedata.normalize("NFC", text)).encode("cp1252")


def decode_cp1258(data: bytes) -> str:
    """Decode Windows-1258 and compose its separate tone marks (NFC), as the encoding intends."""
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def encode_cp1258(text: str) -> bytes:
    """Encode text as Windows-1258 the way Windows does: base letter, then a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in decomposed if m in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in TONE_MARKS))
        out += (base + tone).encode("cp1258")  # raises for characters Windows-1258 lacks
    return bytes(out)


_LEGACY_DECODERS = {"windows-1258": decode_cp1258, "tcvn3": decode_tcvn3, "vni": decode_vni}


# -- sniffing ----------------------------------------------------------------------------

def binary_kind(data: bytes) -> str | None:
    """What kind of non-text file this looks like ("PNG image", …), or None for text."""
    for row in resources.table("binary_signatures.tsv"):
        offset = int(row["offset"])
        magic = bytes.fromhex(row["bytes"])
        if data[offset:offset + len(magic)] == magic:
            return row["kind"]
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit on one side of the byte pairs, as they do in
    UTF-16 text of mostly Latin letters; None otherwise."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(1, len(odd))
    if odd_nul > 0.3 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.02:
        return "utf-16-be"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: Characters that show nothing: white space (NBSP included) and the invisible format characters
#: (zero-width space and joiners, word joiner, soft hyphen, a BOM in the middle of a text).
_BLANK = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]*")


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only white space and invisible characters (NBSP, ZWSP, BOM…)."""
    return _BLANK.fullmatch(text) is not None


def _checked(text: str, encoding: str, source: object) -> tuple[str, str]:
    if is_blank(text):
        raise ReadError(source, "empty file (only white space or invisible characters)")
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > max(2, len(text[:20000]) // 100):
        raise ReadError(source, f"binary file (control characters in {encoding} text)")
    return text, encoding


def decode_bytes(data: bytes, source: object = "<bytes>") -> tuple[str, str]:
    """Decode a file's bytes; return ``(text, encoding)`` or raise :class:`ReadError`.

    ``encoding`` is one of: "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le",
    "utf-32-be", "windows-1258", "tcvn3", "vni". ``source`` names the input in errors.
    """
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise ReadError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if not body.strip(b"\x00 \t\r\n"):
                raise ReadError(source, "empty file (only a byte-order mark)")
            try:
                text = body.decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as error:
                raise ReadError(source, f"cannot decode: starts like {encoding} but byte {error.start + len(bom)} is invalid") from None
            return _checked(*_font_text(text, encoding), source)
    kind = binary_kind(data)
    if kind:
        raise ReadError(source, f"binary file (looks like {kind})")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ReadError(source, "binary file (contains NUL bytes)")
        try:
            return _checked(data.decode(utf16), utf16, source)
        except UnicodeDecodeError:
            raise ReadError(source, f"binary file (NUL bytes, but not valid {utf16.upper()})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    else:
        return _checked(*_font_text(text, "utf-8"), source)
    _refuse_mixed(data, source)
    text, encoding = _decode_legacy(data, source, utf8_error)
    return _checked(text, encoding, source)


# Windows-1252 letters that VNI/TCVN3 font text is full of and Vietnamese never uses.
_FONT_SIGNS = re.compile("[øûïöñµ¸¶·¹¨»¾¼½Æ©ÇË®ÐÎÏÑªÖ×ØÜÞßä«åæçëî÷üþ§¡¢£¤¥¦ÄÅÛ]")


def _font_text(text: str, encoding: str) -> tuple[str, str]:
    """Unicode text that is really TCVN3/VNI *font* text ("Ñaûng", "§¶ng"): old documents
    typed with ABC/VNI fonts and pasted into a Unicode page. Re-read it through the legacy
    table when that turns gibberish into Vietnamese; encoding becomes e.g. "vni-in-utf-8"."""
    if not _FONT_SIGNS.search(text) or syllable_share(text) >= 0.6:
        return text, encoding
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        return text, encoding  # real Vietnamese letters (ệ, ư, …) cannot be font text
    before = syllable_share(text)
    best = max(((syllable_share(decode(data)), name) for name, decode in
                (("tcvn3", decode_tcvn3), ("vni", decode_vni))), default=(0.0, ""))
    if best[0] >= MIN_SYLLABLE_SHARE and best[0] - before >= 0.3:
        return _LEGACY_DECODERS[best[1]](data), f"{best[1]}-in-{encoding.replace('-sig', '')}"
    return text, encoding


def _decode_legacy(data: bytes, source: object, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    scores: list[tuple[float, str, str]] = []
    for encoding, decode in _LEGACY_DECODERS.items():
        try:
            text = decode(data)
        except UnicodeDecodeError:
            continue
        if not has_vietnamese_letters(text):
            continue
        scores.append((syllable_share(text), encoding, text))
    scores.sort(reverse=True)
    if scores:
        best, encoding, text = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0.0
        if (best >= MIN_SYLLABLE_SHARE and best - runner_up >= MIN_MARGIN) or (
                best >= FOREIGN_NAMES_SHARE and best - runner_up >= FOREIGN_NAMES_MARGIN):
            return text, encoding
    # Mostly valid UTF-8 with a few bad bytes: say where, that is what the user can fix.
    valid = utf8_error.start
    if valid > len(data) * 0.9 or _mostly_utf8(data):
        raise ReadError(source, f"{UNDECODABLE} (invalid UTF-8 byte 0x{data[utf8_error.start]:02X} at offset {utf8_error.start})")
    tried = ", ".join(f"{enc} {score:.0%}" for score, enc, _ in scores) or "none looked Vietnamese"
    raise ReadError(source, f"{UNDECODABLE} (Vietnamese syllables per reading: {tried})")


#: A file is "mixed" when both its valid UTF-8 and its invalid bytes are this many at least.
MIXED_MIN = 10
_UTF8_VIETNAMESE = re.compile("[\u1ea0-\u1ef9]")  # ạ…ỹ: three UTF-8 bytes each, rare by chance


def _refuse_mixed(data: bytes, source: object) -> None:
    """A file that is part UTF-8 (Vietnamese letters ạ…ỹ as real UTF-8) and part an 8-bit
    encoding fails, naming both: decoded whole as either, half of it would be garbled."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    good = len(_UTF8_VIETNAMESE.findall(text))
    if bad < MIXED_MIN or good < MIXED_MIN:
        return
    lines = text.splitlines()
    legacy = b"\n".join(line.encode("utf-8", "surrogateescape") for line in lines
                        if any("\udc80" <= ch <= "\udcff" for ch in line))
    utf8_bytes = len(data) - len(legacy)
    scores = sorted(((syllable_share(decode(legacy)), name) for name, decode in _LEGACY_DECODERS.items()),
                    reverse=True)
    other = scores[0][1].upper().replace("WINDOWS-", "Windows-") if scores[0][0] >= FOREIGN_NAMES_SHARE \
        else "an 8-bit encoding"
    raise ReadError(source, f"cannot decode: mixed encodings, UTF-8 (about {utf8_bytes:,} bytes) and "
                            f"{other} (about {len(legacy):,} bytes, {bad:,} bytes invalid as UTF-8); "
                            f"convert the file to one encoding")


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    return text.count("\ufffd") * 50 < len(text)


#: Largest file read whole (bytes): checked before reading, so a huge or sparse file is refused
#: at once. One article is a few kB; ``--max-chars`` (1,000,000) is at most 4 MB even in UTF-32.
MAX_FILE_BYTES = 64 * 2**20
SNIFF_BYTES = 64 * 2**10  # first block, looked at before the rest is read (binary files stop here)


def _file_kind(mode: int) -> str:
    for test, words in ((stat.S_ISDIR, "is a folder, not a file"), (stat.S_ISFIFO, "is a FIFO (named pipe)"),
                        (stat.S_ISCHR, "is a character device"), (stat.S_ISBLK, "is a block device"),
                        (stat.S_ISSOCK, "is a socket")):
        if test(mode):
            return words
    return "is not a regular file"


def read_file_bytes(path: str | Path, *, max_bytes: int | None = MAX_FILE_BYTES, sniff: bool = True) -> bytes:
    """The bytes of one regular file, bounded: a FIFO, device or socket is refused without
    blocking, the size is checked before reading, and (``sniff``, for text formats) a binary
    file is recognised from its first block without reading the rest. Raises
    :class:`ReadError` naming the file."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError(path, "no such file (or a broken symbolic link)") from None
    except IsADirectoryError:
        raise ReadError(path, "is a folder, not a file") from None
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ReadError(path, "symbolic link loop") from None
        raise ReadError(path, f"cannot read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(path, _file_kind(info.st_mode) + "; only regular files are read")
        if max_bytes is not None and info.st_size > max_bytes:
            raise ReadError(path, f"file too large ({info.st_size:,} bytes; the limit is {max_bytes:,})")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, SNIFF_BYTES if not chunks else 2**20)
            if not chunk:
                break
            if not chunks and sniff:
                _sniff(chunk, path)
            chunks.append(chunk)
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:  # it grew while we read
                raise ReadError(path, f"file too large (more than {max_bytes:,} bytes)")
        return b"".join(chunks)
    except OSError as error:
        raise ReadError(path, f"cannot read ({error.strerror or error})") from None
    finally:
        os.close(fd)


def _sniff(head: bytes, source: object) -> None:
    """Refuse a binary file from its first block (signature, or NUL bytes outside UTF-16/32)."""
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return
    kind = binary_kind(head)
    if kind:
        raise ReadError(source, f"binary file (looks like {kind})")
    if b"\x00" in head and _utf16_without_bom(head) is None and not source_is_jsonl(source):
        raise ReadError(source, "binary file (contains NUL bytes)")


def source_is_jsonl(source: object) -> bool:
    """JSON Lines files are decoded a line at a time (a NUL byte fails its record alone)."""
    return str(source).lower().endswith(".jsonl")


def read_text(path: str | Path, *, max_bytes: int | None = MAX_FILE_BYTES) -> tuple[str, str]:
    """Read and decode one file; return ``(text, encoding)`` or raise :class:`ReadError`."""
    return decode_bytes(read_file_bytes(path, max_bytes=max_bytes), Path(path))


def read_stdin_text(stream: BinaryIO | None = None, *, max_bytes: int | None = MAX_FILE_BYTES) -> str:
    """The text given on standard input, decoded as a file would be (binary input is refused)."""
    import sys

    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream already (a notebook, a test)
            text = sys.stdin.read()
            if is_blank(text):
                raise ReadError("<stdin>", "empty input (only white space or invisible characters)")
            return text
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(2**20):  # in blocks: read(n) would allocate n bytes at once
        chunks.append(chunk)
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise ReadError("<stdin>", f"input too large (more than {max_bytes:,} bytes)")
    return decode_bytes(b"".join(chunks), "<stdin>")[0]
