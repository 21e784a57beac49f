"""PROGRAM: national programmes, emulation movements and campaigns.

Two ways in: a name from ``resources/entities/programs.tsv`` written as such (its own
capitalisation, or in quotes), or any quoted name right after a trigger word ("phong trào thi
đua “…”", "Cuộc vận động “…”"). The span is the name without its quotes and without a
lower-case trigger; "Chương trình" is kept when it starts the official name ("Chương trình mục
tiêu quốc gia xây dựng nông thôn mới"). Lower-case running text that merely describes the
activity ("mô hình dân vận khéo", "xây dựng nông thôn mới") is not a PROGRAM.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from vnpolicy.document import Entity
from vnpolicy.entities.lexicon import alternation, table, words

_OPEN = "“\"«"
_CLOSE = "”\"»"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    names = {}
    for name, kind in ((row["name"], row["kind"]) for row in table("programs.tsv")):
        names[name] = kind
        if name.startswith("Chương trình "):
            names["c" + name[1:]] = kind
    return names


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern, regex.Pattern]:
    known = regex.compile(rf"(?<![\p{{L}}\d])(?:{alternation(_names())})(?![\p{{L}}\d])")
    triggers = alternation(words("program_triggers.txt"))
    quoted = regex.compile(rf"(?<![\p{{L}}])(?P<trig>{triggers})(?: thi đua)? [{_OPEN}](?P<name>[\p{{Lu}}\d][^{_CLOSE}\n]{{2,160}})[{_CLOSE}]")
    return known, quoted


def find_programs(text: str) -> list[Entity]:
    known, quoted = _patterns()
    names = _names()
    out: dict[tuple[int, int], Entity] = {}
    for m in known.finditer(text):
        name = m.group(0)
        in_quotes = m.start() > 0 and text[m.start() - 1] in _OPEN
        if len(name.split(" ")) <= 2 and not in_quotes and name != "OCOP":
            continue
        out[(m.start(), m.end())] = Entity("PROGRAM", name, m.start(), m.end(), {"kind": names[name]})
    for m in quoted.finditer(text):
        s, e = m.span("name")
        if (s, e) in out:
            continue
        name = m.group("name").strip()
        trig = m.group("trig").lower()
        kind = {"phong trào": "phong_trao", "cuộc vận động": "cuoc_van_dong", "chương trình": "chuong_trinh",
                "đề án": "de_an"}.get(trig.replace(" thi đua", ""), "phong_trao")
        out[(s, e)] = Entity("PROGRAM", text[s:e], s, e, {"kind": names.get(name, kind)})
    return sorted(out.values(), key=lambda e: e.start)
