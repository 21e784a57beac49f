"""Annotated entity gold: read it strictly, score predictions against it (exact and overlap).

A gold file is JSON Lines, one paragraph a line: ``{"text": …, "entities": [[start, end, LABEL],
…]}`` (``id``, ``nested``, ``source_file`` … may follow and are kept). Offsets are Python string
indices into ``text``. A span may carry its text as a fourth item (``[0, 14, "DATE", "Ngày
19/8/2022"]``): it must then equal ``text[start:end]``. Anything else (offsets outside the text, an
empty or reversed span, a label not in the registry of :mod:`vnpolicy.labels`, overlapping flat
spans, a span that starts or ends with a space) is a :class:`GoldError` that names the file and
the line: a bad line is never guessed at.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from vnpolicy.errors import VnpolicyError
from vnpolicy.labels import UnknownLabelError, get_label, label_names


def __getattr__(name: str) -> tuple[str, ...]:
    """``LABELS``: the registered label names now (kept for the scripts that import it)."""
    if name == "LABELS":
        return label_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class GoldError(VnpolicyError, ValueError):
    """A gold file that cannot be read as annotated entities; the message names file and line."""


@dataclass
class GoldParagraph:
    text: str
    spans: list[tuple[int, int, str]]
    id: str
    line: int
    extra: dict


def read_gold(path: str | Path) -> list[GoldParagraph]:
    """Every paragraph of a gold JSONL file, checked (see the module docstring)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise GoldError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("entities"), list):
            raise GoldError(f'{where}: a line needs "text" (a string) and "entities" (a list of [start, end, LABEL])')
        out.append(GoldParagraph(row["text"], _spans(row["text"], row["entities"], where), str(row.get("id", n)), n,
                                 {k: v for k, v in row.items() if k not in ("text", "entities")}))
    return out


def _spans(text: str, items: list, where: str) -> list[tuple[int, int, str]]:
    spans = []
    for k, item in enumerate(items):
        if not (isinstance(item, list) and len(item) in (3, 4) and isinstance(item[0], int) and isinstance(item[1], int)
                and isinstance(item[2], str)):
            raise GoldError(f"{where}: entity {k} is {item!r}, not [start, end, LABEL] (or [start, end, LABEL, text])")
        start, end, label = item[:3]
        try:
            get_label(label)
        except UnknownLabelError:
            raise GoldError(f"{where}: entity {k} has label {label!r}; labels are {', '.join(label_names())}"
                            " (vnpolicy.labels.register_label adds one)") from None
        if not 0 <= start < end <= len(text):
            raise GoldError(f"{where}: entity {k} [{start}, {end}] does not fit the text ({len(text)} characters)")
        if len(item) == 4 and text[start:end] != item[3]:
            raise GoldError(f"{where}: entity {k} [{start}, {end}] is {text[start:end]!r} in the text, not {item[3]!r}")
        if text[start:end] != text[start:end].strip():
            raise GoldError(f"{where}: entity {k} {text[start:end]!r} starts or ends with a space")
        spans.append((start, end, label))
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            raise GoldError(f"{where}: entities {text[a[0]:a[1]]!r} and {text[b[0]:b[1]]!r} overlap (flat spans may not)")
    return spans


@dataclass
class Scores:
    """Counts per label and mode ("exact": same span and label; "overlap": same label, spans share a character)."""

    counts: dict[str, dict[str, Counter]]

    def prf(self, mode: str, label: str | None = None) -> tuple[float, float, float, int]:
        c: Counter[str] = Counter()
        for lab in ([label] if label else self.counts[mode]):
            c.update(self.counts[mode][lab])
        p = c["tp_p"] / (c["tp_p"] + c["fp"]) if c["tp_p"] + c["fp"] else 0.0
        r = c["tp_g"] / (c["tp_g"] + c["fn"]) if c["tp_g"] + c["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, c["tp_g"] + c["fn"]

    def table(self) -> str:
        lines = [f"{'label':<10} {'n':>5}   {'exact P':>7} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} {'F1':>6}"]
        for lab in (*self.counts["exact"], None):
            pe, re_, fe, n = self.prf("exact", lab)
            po, ro, fo, _ = self.prf("overlap", lab)
            lines.append(f"{lab or 'micro':<10} {n:>5}   {pe:>7.3f} {re_:>6.3f} {fe:>6.3f}   {po:>9.3f} {ro:>6.3f} {fo:>6.3f}")
        return "\n".join(lines)


def score(gold: Iterable[GoldParagraph], predict: Callable[[str], Iterable[tuple[int, int, str]]]) -> Scores:
    """Score ``predict(text) -> [(start, end, LABEL)]`` on the gold paragraphs.

    Overlap counts a prediction as right when some gold span of its label shares a character
    with it (and a gold span as found when some prediction does), so precision and recall are
    each counted on their own side. Every registered label is scored; a prediction with a label
    the registry does not know is an :class:`~vnpolicy.labels.UnknownLabelError`, not dropped.
    """
    labels = label_names()
    counts: dict[str, dict[str, Counter[str]]] = {mode: {lab: Counter() for lab in labels} for mode in ("exact", "overlap")}
    for para in gold:
        g = set(para.spans)
        p = set(predict(para.text))
        for _, _, lab in p:
            get_label(lab)
        for lab in labels:
            gl = {x for x in g if x[2] == lab}
            pl = {x for x in p if x[2] == lab}
            both = len(gl & pl)
            counts["exact"][lab].update(tp_g=both, tp_p=both, fp=len(pl) - both, fn=len(gl) - both)
            hit_p = sum(1 for x in pl if any(x[0] < y[1] and y[0] < x[1] for y in gl))
            hit_g = sum(1 for y in gl if any(x[0] < y[1] and y[0] < x[1] for x in pl))
            counts["overlap"][lab].update(tp_g=hit_g, tp_p=hit_p, fp=len(pl) - hit_p, fn=len(gl) - hit_g)
    return Scores(counts)
