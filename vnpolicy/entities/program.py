"""PROGRAM: national programmes, emulation movements and campaigns.

Ways in: a name from ``resources/entities/programs.tsv`` written as such (its own
capitalisation, or in quotes); any quoted name right after a trigger word ("phong trào thi
đua “…”", "Cuộc vận động “…”"), and the quoted names listed after it ("các phong trào “A”, “B”
và “C”"); a trigger and the unquoted words that name the activity ("phong trào hiến đất làm
đường"), including a capitalised head mid-sentence ("triển khai Chương trình phòng chống …").
An unquoted name keeps the period it is named for ("… năm 2004", "… giai đoạn 2021-2025"). The span is the name without its quotes and without a
lower-case trigger; "Chương trình" is kept when it starts the official name ("Chương trình mục
tiêu quốc gia xây dựng nông thôn mới"). Lower-case running text that merely describes the
activity ("mô hình dân vận khéo", "xây dựng nông thôn mới") is not a PROGRAM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

import regex

from vnpolicy.document import Entity
from vnpolicy.entities.lexicon import (
    alternation,
    cue_words,
    ordered_alternation,
    table,
    trie_alternation,
    tried_where_words_start,
    with_capital,
    words,
    words_then,
)

_OPEN = "“\"«"
_CLOSE = "”\"»"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    names = {}
    for name, kind in ((row["name"], row["kind"]) for row in table("programs.tsv")):
        for variant in _abbreviated(name):
            names[variant] = kind
            if "quốc gia" in variant:  # "Chương trình mục tiêu Quốc gia …" is written both ways
                names[variant.replace("quốc gia", "Quốc gia")] = kind
    for name, kind in list(names.items()):
        if name.startswith("Chương trình "):
            names["c" + name[1:]] = kind
    return names


def _abbreviated(name: str) -> list[str]:
    """``name`` and its forms with any of the abbreviations of ``program_abbreviations.tsv``
    ("… vùng đồng bào DTTS và miền núi"), the full form first."""
    forms = [name]
    for row in table("program_abbreviations.tsv"):
        forms += [f.replace(row["full"], row["short"]) for f in forms if row["full"] in f]
    return forms


_KINDS = {"phong trào": "phong_trao", "cuộc vận động": "cuoc_van_dong", "chương trình": "chuong_trinh",
          "đề án": "de_an", "chiến dịch": "chien_dich", "dự án": "du_an"}


@lru_cache(maxsize=1)
def _not_public() -> regex.Pattern:
    """The words of ``program_context.tsv`` that mark a show, software, a sale, a contest or a course
    (every class but "policy"), and cue_words.tsv [not_public_word] ("quảng cáo"): such words between a head and a quoted name ("chương trình ca nhạc
    “…”", "chiến dịch quảng cáo “…”") make it no public programme."""
    cues = [r["word"] for r in table("program_context.tsv") if r["class"] != "policy"] + list(cue_words("not_public_word"))
    return regex.compile(rf"(?<![\p{{L}}])(?:{alternation(cues)})(?![\p{{L}}])")


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    """The known names; a quoted name right after a trigger ("phong trào thi đua “…”"); and a
    capitalised quoted name one to three lower-case words after one ("chương trình từ thiện “Một
    trái tim - Một thế giới”", "Đề án xây dựng “Thành phố …”": VNTC's gold, 5 times in 6; the
    portal gold's, 3 in 3; counted 2026-12-04)."""
    known = regex.compile(rf"(?<![\p{{L}}\d])(?:{alternation(_names())})(?![\p{{L}}\d])")
    triggers = alternation(_quote_heads())
    quoted = regex.compile(rf"(?<![\p{{L}}])(?P<trig>{triggers})(?: thi đua)? [{_OPEN}](?P<name>[\p{{L}}\d][^{_CLOSE}\n]{{2,160}})[{_CLOSE}]")
    described = regex.compile(rf"(?<![\p{{L}}])(?P<trig>{triggers})(?: \p{{Ll}}+){{1,3}} [{_OPEN}]"
                              rf"(?P<name>[\p{{Lu}}\d][^{_CLOSE}\n]{{2,160}})[{_CLOSE}]")
    return known, quoted, described


def _quote_heads() -> tuple[str, ...]:
    """The words before a quoted programme name: ``program_triggers.txt`` and ``program_quote_heads.txt``."""
    return words("program_triggers.txt") + words("program_quote_heads.txt")


@lru_cache(maxsize=1)
def _scans():
    """``finditer`` of the known names, the quoted-name triggers and the open triggers (:func:`_open`),
    tried only where one of their first words starts
    (:func:`~vnpolicy.entities.lexicon.tried_where_words_start`): the same matches, cheaper."""
    known, quoted, described = _patterns()
    triggers = _quote_heads()
    # What each needs at its start (:func:`~vnpolicy.entities.lexicon.words_then`): a whole name,
    # a whole trigger and the opening quote.
    return (tried_where_words_start(known, [n.split(" ")[0] for n in _names()], words_then(_names())),
            tried_where_words_start(quoted, [w.split(" ")[0] for w in triggers],
                                    words_then(triggers, f"(?: thi đua)? [{_OPEN}]")),
            tried_where_words_start(_open()[0], [w.split(" ")[0] for w in _head_words()]),
            tried_where_words_start(described, [w.split(" ")[0] for w in triggers]))


# More quoted names listed after the first: phong trào “A”, “B” và “C” (each its own PROGRAM).
_LISTED = regex.compile(rf"(?:, | và |; )[{_OPEN}](?P<name>[\p{{L}}\d][^{_CLOSE}\n]{{2,160}})[{_CLOSE}]")
# A numbered project of a national programme and its quoted name: "Dự án 6 “Bảo tồn, phát huy giá
# trị văn hóa …”", "Tiểu dự án 2 “…”": one PROGRAM, quotes and all (the portal sets' annotators marked
# it so 6 times in 12, both parts apart 2 times, one part alone 4 times).
_NUMBERED_QUOTED = regex.compile(rf"(?<![\p{{L}}])(?P<head>(?:[Tt]iểu )?[Dd]ự án (?:số )?\d+[a-z]?) [{_OPEN}]"
                                 rf"(?P<name>\p{{Lu}}[^{_CLOSE}\n]{{2,200}})[{_CLOSE}]")
# The period a plan or programme is named for stays in its name ("Chương trình … năm 2004",
# "Chiến lược … giai đoạn 2004-2010, định hướng đến 2020"): VNTC gold includes it 11 times of 13.
_PERIOD = regex.compile(r"(?: (?:(?:hè|xuân|thu|đông) )?(?:năm|giai đoạn|thời kỳ|(?:từ )?năm \d{4} đến năm|đến năm|đến)"
                        r" \d{4}(?: ?[-–] ?\d{4})?)(?:,? (?:và )?(?:tầm nhìn|định hướng) (?:đến )?(?:năm )?\d{4})?(?![\p{L}\d/])")


_PERIOD_AT_END = regex.compile(_PERIOD.pattern + "$")
# A themed year carries its year bare ("Năm APEC 2006", "Năm Du lịch Quốc gia 2006"): VNTC's gold keeps it
# inside the name.
_YEAR_NAMED = "Năm "
_YEAR_AFTER = regex.compile(r" (?:19|20)\d{2}(?![\p{L}\d/])")
_YEAR_AT_END = regex.compile(r" (?:19|20)\d{2}$")

_WORD = regex.compile(r"(?P<sep> | - | – |, )(?P<w>[\p{L}\d][\p{L}\p{M}\d]*(?:[-&/][\p{L}\d][\p{L}\p{M}\d]*)*)")  # "KT-XH", "DTTS&MN", "COVID-19", "HIV/AIDS"


# Where a sentence starts: a capitalised head there ("Đề án giấy phép lái xe mới được xây dựng …") is
# the head of a name in lower case, as mid-sentence after a lower-case word.
_SENTENCE_START = r"(?<![\s\S])|(?<=[.:;!?] )|(?<=\n)"


@lru_cache(maxsize=1)
def _open() -> tuple[regex.Pattern, frozenset[str]]:
    triggers = alternation(words("program_open_triggers.txt"))
    named = alternation(words("program_named_triggers.txt"))
    titled = alternation(w for w in words("program_named_triggers.txt") if w[0].isupper())
    return (regex.compile(rf"(?<![\p{{L}}\d])(?:(?P<trig>{triggers})(?= [\p{{L}}\d])|(?P<trig2>{named})(?= (?:số )?[\p{{Lu}}\d])"
                          rf"|(?:(?<=\p{{Ll}},? )|{_SENTENCE_START})(?P<trig3>{titled})(?= \p{{Ll}}))"),
            frozenset(words("program_stops.txt")))


@lru_cache(maxsize=1)
def _word_not_head() -> regex.Pattern:
    """A word that starts with a head but is no head (cue_words.tsv [not_a_head]: "chiến lược gia", a
    strategist, a coach in sports news), in either case of its first letter."""
    return regex.compile(rf"(?:{alternation(with_capital(cue_words('not_a_head')))})(?![\p{{L}}\p{{M}}\d])")


@lru_cache(maxsize=1)
def _clause_words() -> frozenset[str]:
    """Words that start the clause after an unquoted name (``program_clause_words.txt``: "hằng",
    "vẫn", "sôi" …): they end the rules' name, not the tagger's feature of a stop word."""
    return frozenset(words("program_clause_words.txt"))


# "ở" before a capitalised place or a count of places ends a name ("phong trào tiết kiệm nhiên liệu | ở
# Nhật Bản", "chiến dịch diệt lăng quăng | ở 8 ấp"); "ở" before a common noun may be inside it ("… đời
# sống văn hóa ở khu dân cư", "Giáng sinh ở miền Nhiệt đới": the VNTC and portal gold hold 12 such, none
# before a capital or a digit).
_A_PLACE_AFTER = regex.compile(r" [\p{Lu}\d]")  # "ở Nhật Bản", "ở 8 ấp"
# A number after a head is a count, not a name, when a unit follows ("dự án 20 tỷ đồng").
_COUNTED = regex.compile(r" (?:số )?\d+(?:[.,]\d|[/%-]| (?:năm|tháng|ngày|người|xã|huyện|tỉnh|tỷ|triệu|nghìn|hộ|km|ha|m|học|lượt|công|dự|chương|đề))")
# A capitalised head, then a target in figures that names the scheme ("Đề án 1 triệu ha lúa chất
# lượng cao", "Chương trình 1 triệu sáng kiến"): no count of money ("Dự án 20 tỷ đồng") and no number
# that ends the name ("Dự án 3 thuộc …").
_NAMED_BY_A_TARGET = regex.compile(r" \d+ (?:triệu|nghìn|ngàn|vạn|tỷ|tỉ)(?! (?:đồng|USD|euro|lượt|người))(?= \p{Ll})")
# "vì" that means "for" inside a name ("hành động vì người khuyết tật"), not "because".
_A_PERIOD_COUNT = regex.compile(r" (?:tháng|năm|ngày|quý)(?![\p{L}])")
_FOR = regex.compile(r" (?:người|trẻ em|trẻ|cộng đồng|môi trường|an ninh|an toàn|sức khỏe|chất lượng|hòa bình|tương lai|sự|cuộc sống|Tổ quốc)(?![\p{L}])")
# Adjectives and determiners that describe an activity rather than name it ("phong trào sâu rộng").
_DESCRIBED = frozenset({"mạnh", "sâu", "rộng", "lớn", "này", "đó", "chung", "tự", "sinh", "vận", "quảng", "đánh",
                        "thi", "trấn", "kiểm", "tổng"})


@lru_cache(maxsize=1)
def _draft_doc() -> regex.Pattern:
    return regex.compile(rf"(?:{alternation(r['word'] for r in table('doc_types.tsv'))})(?![\p{{L}}\d])")


def _unquoted(text: str) -> list[Entity]:
    """"phong trào hiến đất làm đường", "Chương trình MTQG 1719": a trigger and the words that name
    the activity, up to a function word or punctuation; at least two words, at most twelve."""
    pattern, stops = _open()
    out = []
    for m in _scans()[2](text):
        pos, n, end = m.end(), 0, None
        campaign = names_a_campaign(text[m.start():m.start() + 24])  # "chiến dịch diệt chuột"
        while n < 12:
            w = _WORD.match(text, pos)
            word = w.group("w").lower() if w else ""
            kept = ((word == "về" and n == 0) or (word == "theo" and text.startswith(" gương", w.end()))
                    or (word == "vì" and _FOR.match(text, w.end())))  # "tháng hành động vì người khuyết tật"
            joined = campaign and w and w.group("sep") == ", " and _campaign_join().match(text, w.start("w"))
            if not w or (w.group("sep") == ", " and word != "chống" and not joined) or (word in stops and not kept):
                break  # "Chiến lược quốc gia về …" and "theo gương Bác" stay in the name
            if n and (word in _clause_words() or (word == "ở" and _A_PLACE_AFTER.match(text, w.end()))):
                break  # "chiến dịch thúc đẩy sinh đẻ | hằng năm", "phong trào tiết kiệm nhiên liệu | ở Nhật Bản"
            if w.group("sep") in (" - ", " – ") and n == 0:
                break
            if w.group("w") == "và" and (pattern.match(text, w.end() + 1) or (end is not None and is_curated(text[m.start():end]))):
                break  # "Chương trình MTQG 1719 và Chương trình …": two programmes; a curated name ends before "và"
                # ("Chương trình MTQG xây dựng nông thôn mới | và phát triển du lịch"; a curated name
                # holding "và" is the known names' match)
            n += 1
            pos = w.end()
            if w.group("w") != "và":  # a name never ends on "và" ("Tháng hành động … ma túy và | Ngày toàn dân …")
                end = pos
        trig = (m.group("trig") or m.group("trig2") or m.group("trig3")).lower()
        if end is None or _word_not_head().match(text, m.start()):
            continue  # "Chiến lược gia 52 tuổi": a coach, no strategy
        first = text[m.end() + 1:end].split(" ")[0]
        if trig == "dự án" and _draft_doc().match(text, m.end() + 1):
            continue  # "dự án Luật Đất đai (sửa đổi)": a draft law, not a project
        target = bool(m.group("trig2") and text[m.start()].isupper() and _NAMED_BY_A_TARGET.match(text, m.end()))
        if first.isdigit() and not target and (trig.startswith(("chương trình", "dự án", "tiểu dự án", "đề án")) or "mtqg" in trig):
            if len(first) <= 2 and _A_PERIOD_COUNT.match(text, m.end() + 1 + len(first)):
                continue  # "các chương trình MTQG 11 tháng năm 2025": a count of months, no programme's number
            end = m.end() + 1 + len(first)  # "Chương trình MTQG 1719 hỗ trợ 300 hộ", "Dự án 3 thuộc …": the number ends the name
        if m.group("trig2"):
            if (_COUNTED.match(text, m.end()) and not target) or _patterns()[0].match(text, m.end() + 1):
                continue  # a count ("dự án 20 tỷ đồng"), or a listed name after the head ("Chương trình OCOP")
        elif m.group("trig3"):
            if n < 3 or first in _DESCRIBED:
                continue  # mid-sentence "Chương trình phòng chống …": a title, but not "Đề án này"
        elif trig in ("phong trào", "chiến dịch", "cuộc vận động", "tháng hành động"):
            if n < (2 if campaign else 4) or first in _DESCRIBED:
                continue  # "phong trào sinh viên", "chiến dịch quảng cáo": an activity described, not named
        elif n < 2 and not ("mtqg" in trig or first.isdigit()):
            continue
        if text[m.end() + 1:end] in ("thi đua", "thi đua yêu nước") or text.startswith((" “", ' "', " «"), end):
            continue  # the generic "phong trào thi đua", or a trigger whose name follows in quotes
        kind = ("chuong_trinh" if trig.startswith("chương trình") else "chien_luoc" if trig.startswith("chiến lược")
                else "de_an" if trig == "đề án" else "du_an" if trig == "dự án"
                else trig.replace(" ", "_").replace("cuộc_vận_động", "cuoc_van_dong").replace("phong_trào", "phong_trao")
                .replace("chiến_dịch", "chien_dich"))
        out.append(Entity("PROGRAM", text[m.start():end], m.start(), end, {"kind": kind}))
    return out


def find_programs(text: str) -> list[Entity]:
    known, quoted = _scans()[:2]  # the quoted names after words: _scans()[3], below
    names = _names()
    out: dict[tuple[int, int], Entity] = {}
    walked: set[int] = set()
    for m in known(text):
        name = m.group(0)
        in_quotes = m.start() > 0 and text[m.start() - 1] in _OPEN
        if (len(name.split(" ")) <= 2 and not in_quotes and not (name.isupper() and " " not in name)
                and not (name.startswith(_YEAR_NAMED) and _YEAR_AFTER.match(text, m.end()))):
            continue  # a short name unquoted is often a phrase; an abbreviation (OCOP, DVK) or a themed year ("Năm APEC 2006") is not
        if in_quotes and after_a_model(text, m.start()):
            continue  # "mô hình “Dân vận khéo”": one of the movement's models, not the movement
        # An unquoted name keeps its head ("Chương trình OCOP", as the gold writes "Chương trình 135").
        # ... unless it names its own kind ("chương trình | Năm Du lịch Quốc gia 2006").
        start = m.start() if in_quotes or names_its_kind(text, m.start(), m.end()) else head_before(text, m.start())
        out[(start, m.end())] = Entity("PROGRAM", text[start:m.end()], start, m.end(), {"kind": names[name]})
        if in_quotes and text[m.end():m.end() + 1] in _CLOSE:
            _listed_after(text, m.end() + 1, names[name], out, walked)  # “Mùa hè xanh”, “Hoa phượng đỏ” và “Kỳ nghỉ hồng”
    for m in quoted(text):
        s, e = m.span("name")
        if (s, e) in out:
            continue
        name = m.group("name").strip()
        if name[0].islower() and name.count(" ") < 2:
            continue  # scare quotes (phong trào “từ thiện”), not a campaign named in lower case
        if _not_public().search(text, max(0, m.start() - 24), s):
            continue  # "người dẫn chương trình “…”", "chương trình khuyến mại “…”": a show or a sale
        _add_quoted(text, m, name, out, walked)
    for m in _scans()[3](text) if any(q in text for q in _OPEN) else ():
        s, e = m.span("name")
        if (s, e) in out or after_a_model(text, s) or _not_public().search(text, m.start(), s):
            continue  # "phong trào nhân rộng mô hình “…”": a model's name; "chiến dịch quảng cáo “…”": a sale
        _add_quoted(text, m, m.group("name"), out, walked)
    for m in _NUMBERED_QUOTED.finditer(text) if "ự án" in text else ():
        s, e = m.start("head"), m.end()
        out.setdefault((s, e), Entity("PROGRAM", text[s:e], s, e, {"kind": "du_an"}))
    for e in _unquoted(text):
        out.setdefault((e.start, e.end), e)
    for e in _curated_any_case(text):
        out[(e.start, e.end)] = e
    out = {k: e for k, e in out.items() if not after_an_event_or_theme(text, e.start)}
    return sorted((_with_period(text, e) for e in out.values()), key=lambda e: e.start)


def _add_quoted(text: str, m: regex.Match, name: str, out: dict[tuple[int, int], Entity], walked: set[int]) -> None:
    """The quoted name of ``m`` (a head ``trig``, then ``name`` in quotes) as a PROGRAM, of the
    curated name's kind or else its head's ("phong trào thi đua" is a "phong trào"); and the quoted
    names listed after it."""
    s, e = m.span("name")
    kind = _KINDS.get(m.group("trig").lower().replace(" thi đua", ""), "phong_trao")
    out[(s, e)] = Entity("PROGRAM", text[s:e], s, e, {"kind": _names().get(name, kind)})
    _listed_after(text, m.end(), kind, out, walked)


@lru_cache(maxsize=1)
def _curated_after_heads() -> tuple[Callable[..., Iterator[regex.Match]], dict[str, str]]:
    """A scan for a head word and a curated name after it, both in any case ("chương trình xóa
    nhà tạm, nhà dột nát", "phong trào nông dân thi đua sản xuất, kinh doanh giỏi, …", "chương
    trình XÓA NHÀ TẠM, NHÀ DỘT NÁT"), and the kind of each name (lower-cased, without its head).

    Why: the curated names are matched as written, and an unquoted name after a lower-case head is
    otherwise cut at its first comma; here the list says where the name ends. A name that starts
    with its own head ("Đề án phát triển ứng dụng dữ liệu về dân cư, …") is matched after any
    head's case too."""
    heads = dict.fromkeys(w.lower() for w in _head_words())
    kinds: dict[str, str] = {}
    for name, kind in _names().items():
        m = _heads_at_start().match(name.lower())
        kinds.setdefault(name.lower()[m.end():] if m else name.lower(), kind)
    pattern = regex.compile(rf"(?i:(?<![\p{{L}}\d])(?:{alternation(heads)}) (?P<name>{alternation(kinds)}))(?![\p{{L}}\d])")
    firsts = {form for h in heads for w in [h.split(" ")[0]] for form in (w, w.capitalize(), w.upper())}
    # What the pattern needs at its start, checked first by ``re``: a head and the first word of a
    # name, in any case (nearly every head in news names no curated programme after it).
    needs = rf"(?i:{trie_alternation(heads)} {trie_alternation({k.split(' ')[0] for k in kinds})})"
    return tried_where_words_start(pattern, firsts, needs), kinds


def _curated_any_case(text: str) -> list[Entity]:
    """The curated names after a head word, whatever their case (:func:`_curated_after_heads`)."""
    scan, kinds = _curated_after_heads()
    # a name that names its own kind leaves the head out ("chương trình | Năm Du lịch Quốc gia")
    return [Entity("PROGRAM", text[s:m.end()], s, m.end(), {"kind": kinds[m.group("name").lower()]})
            for m in scan(text) for s in [m.start("name") if names_its_kind(text, m.start("name"), m.end()) else m.start()]]


@lru_cache(maxsize=1)
def _not_a_programme_before() -> regex.Pattern:
    heads = words("event_heads.txt") + words("program_not_after.txt")
    return regex.compile(rf"(?i:{alternation(heads)}) [{_OPEN}]?$")


def after_an_event_or_theme(text: str, start: int) -> bool:
    """Does the name at ``start`` follow an event's head ("Hội thi “Dân vận khéo”", "Ngày hội
    Toàn dân bảo vệ an ninh Tổ quốc") or a word that makes it a theme, a slogan, a title or a
    contest ("chủ đề “…”", "danh hiệu “…”": ``program_not_after.txt``)? A contest or a festival
    named for a movement is an event, not the movement: the gold marks no programme there (VNTC
    and portal sets, 1 in 195), nor after "chủ đề" (13 in 14) or "danh hiệu" (7 in 8)."""
    return _not_a_programme_before().search(text, max(0, start - 16), start) is not None


def _listed_after(text: str, pos: int, kind: str, out: dict[tuple[int, int], Entity], walked: set[int]) -> None:
    """The quoted names listed after a programme's quoted name that ends at ``pos`` (", “B” và
    “C”"): the same kind of programme, each its own PROGRAM. The list is the first name's
    business, whether a trigger word ("các phong trào “A”, …") or a curated name ("“Mùa hè
    xanh”, …") made it one. ``walked``: where an earlier walk went; from there on it found (and
    kept) the same names, so a later walk stops (each walking the rest of a list of thousands of
    quoted names was quadratic)."""
    names = _names()
    more = _LISTED.match(text, pos)
    while more and more.start() not in walked:
        walked.add(more.start())
        s, e = more.span("name")
        out.setdefault((s, e), Entity("PROGRAM", text[s:e], s, e, {"kind": names.get(more.group("name"), kind)}))
        more = _LISTED.match(text, more.end())


@lru_cache(maxsize=1)
def _campaign_heads() -> tuple[str, ...]:
    """The heads of public campaigns (``program_campaign_heads.txt``), lower-cased, each with its space."""
    return tuple(w.lower() + " " for w in words("program_campaign_heads.txt"))


@lru_cache(maxsize=1)
def _campaign_join() -> regex.Pattern:
    """A word after a comma that goes on a campaign's name (cue_words.tsv [campaign_join]: "diệt",
    "vệ sinh" …): "chiến dịch vệ sinh môi trường, diệt muỗi" is one campaign."""
    return regex.compile(rf"(?:{ordered_alternation(cue_words('campaign_join'))})(?![\p{{L}}\d])")


@lru_cache(maxsize=1)
def _national_heads() -> tuple[str, ...]:
    """The open triggers that name a national programme by themselves ("Chương trình MTQG",
    "Chiến lược quốc gia") and the heads of public campaigns (``program_campaign_heads.txt``:
    "tháng hành động", "chiến dịch tiêm"), lower-cased: what follows them is a programme's name,
    not a TV show's."""
    heads = [w.lower() + " " for w in words("program_open_triggers.txt") if "quốc gia" in w.lower() or "MTQG" in w]
    return tuple(heads) + _campaign_heads()


def is_curated_with_period(text: str) -> bool:
    """Is ``text`` a curated name (:func:`is_curated`), with or without the period it is named
    for ("Tháng hành động vì trẻ em năm 2022"), or a themed year with its year ("Năm APEC 2006")?
    Its end is then known, unlike an open head's."""
    if is_curated(text):
        return True
    m = _PERIOD_AT_END.search(text) or (_YEAR_AT_END.search(text) if text.startswith(_YEAR_NAMED) else None)
    return m is not None and is_curated(text[:m.start()])


def names_a_campaign(text: str) -> bool:
    """Does ``text`` start with a public campaign's head (``program_campaign_heads.txt``: "chiến dịch
    diệt", "tháng hành động" …), in any case?"""
    return text.lower().startswith(_campaign_heads())


def ends_a_name(word: str) -> bool:
    """Does ``word`` end an unquoted programme name (``program_stops.txt``: "tại", "của", "cho" …)?"""
    return word.lower() in _open()[1]


def numbers_a_named_project(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a national programme's numbered project with its quoted name
    ("Dự án 6 “Bảo tồn, phát huy …”"), or the number alone before that name? (:data:`_NUMBERED_QUOTED`)"""
    m = _NUMBERED_QUOTED.match(text, start)
    return bool(m) and end in (m.end("head"), m.end())


def named_project_end(text: str, start: int) -> int | None:
    """Where the quoted name after a numbered project starting at ``start`` ends (after its
    closing quote), or None when no quoted name follows it."""
    m = _NUMBERED_QUOTED.match(text, start)
    return m.end() if m else None


def is_programme_name(text: str) -> bool:
    """Is ``text`` a name of ``programs.tsv`` as written there ("Đề án 06")?"""
    return text in _names()


def is_curated(text: str) -> bool:
    """Is ``text`` a ``programs.tsv`` name, alone or after its head word in any case?"""
    if text in _names():
        return True
    lower = text.lower()
    head = _heads_at_start().match(lower)
    return bool(head) and lower[head.end():] in _folded_names()


_MODEL_BEFORE = regex.compile(rf"(?i:mô hình) [{_OPEN}]$")


def after_a_model(text: str, start: int) -> bool:
    """Does the name at ``start`` follow "mô hình “" (a local model's name, not a programme)?"""
    return _MODEL_BEFORE.search(text, max(0, start - 10), start) is not None


def vouched(p: Entity) -> bool:
    """A PROGRAM proposal the rules are sure of: a name of ``programs.tsv``, alone or after its
    head word in any case ("phong trào hiến đất làm đường"), or a national programme's own head.
    The curated names and the national heads are rare in the 2007 news the tagger learned from,
    so the model may leave them untagged ("Huyện ra quân Chủ nhật xanh", "thực hiện Chương trình
    MTQG 1719"), while the other open heads ("chương trình Nhạc hội", a TV show; "phong trào thể
    dục thể hình") are the model's to judge. A curated name with its year after it ("Tháng
    Thanh niên năm 2025") is vouched for too: the model read that one as a date."""
    lower = p.text.lower()
    return is_curated_with_period(p.text) or lower.startswith(_national_heads()) or lower + " " in _campaign_heads()


@lru_cache(maxsize=1)
def _folded_names() -> frozenset[str]:
    return frozenset(name.lower() for name in _names())


@lru_cache(maxsize=1)
def _heads_at_start() -> regex.Pattern:
    """A head word at the start of a lower-cased span, with the space after it."""
    return regex.compile(rf"(?:{alternation(dict.fromkeys(w.lower() for w in _head_words()))}) ")


def _head_words() -> tuple[str, ...]:
    """The head words an unquoted programme name may follow: open and named triggers."""
    return words("program_open_triggers.txt") + words("program_named_triggers.txt")


@lru_cache(maxsize=1)
def _heads() -> regex.Pattern:
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alternation(_head_words())}) $")


@lru_cache(maxsize=1)
def _names_its_kind() -> regex.Pattern:
    """A programme name that starts with its own kind: a capitalised head word, a themed period or
    a fund (``program_self_heads.txt``). An all-capitals name does not ("Chương trình OCOP",
    "Chương trình 135": VNTC's gold keeps the head 67 times in 68)."""
    firsts = dict.fromkeys([w for w in _head_words() if w[0].isupper()] + list(words("program_self_heads.txt")))
    return regex.compile(rf"(?:{alternation(firsts)}) ")


def names_its_kind(text: str, start: int, end: int) -> bool:
    """Whether the programme name ``text[start:end]`` needs no head word before it (:func:`_names_its_kind`)."""
    return _names_its_kind().match(text, start, end) is not None


@lru_cache(maxsize=1)
def _head_at() -> regex.Pattern:
    return regex.compile(rf"(?:{alternation(_head_words())}) ")


def head_end(text: str, pos: int) -> int:
    """Where a programme head word starting at ``pos`` ends (its space included), else ``pos``."""
    m = _head_at().match(text, pos)
    return m.end() if m else pos


def next_head_at(text: str, pos: int) -> bool:
    """Does a programme head word ("Chương trình", "phong trào" …) start at ``pos``?"""
    return _head_at().match(text, pos) is not None


def head_before(text: str, start: int) -> int:
    """Where a known name's unquoted head word starts ("chiến dịch Mùa hè xanh"), else ``start``:
    an unquoted name keeps its head (guidelines, PROGRAM), a quoted one does not."""
    m = _heads().search(text, max(0, start - 40), start)
    return m.start() if m else start


def period_after(text: str, end: int) -> int | None:
    """Where the period a programme ending at ``end`` is named for ends (" năm 2004"), or None."""
    m = _PERIOD.match(text, end)
    return m.end() if m else None


def _with_period(text: str, e: Entity) -> Entity:
    """An unquoted programme with the period it is named for ("… năm 2004") run on over it."""
    if text[e.start - 1:e.start] in _OPEN:
        return e
    end = period_after(text, e.end)
    if end is None and e.text.startswith(_YEAR_NAMED) and (year := _YEAR_AFTER.match(text, e.end)):
        end = year.end()  # "Năm APEC 2006"
    if end is None:
        return e
    return Entity("PROGRAM", text[e.start:end], e.start, end, dict(e.attrs))
