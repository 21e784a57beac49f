#!/usr/bin/env python
"""Propose candidate typos in real, unedited news (VNTC) for a human judge.

Why: the corrector must be tuned and reported on typos people really make, not only on slips
we inject. This script only *proposes*; every candidate is then judged by a reader who did not
write the corrector, and the judged set lives in ``data/gold/typos/`` (see its README.md).

Two sources of candidates, each tagged with the finder that proposed it:

- ``corrector``: ``vnpolicy.correct(text, typo_threshold=LOW)`` and its corrections with rule
  "typo" (the current corrector, made eager) — the judged share of these is its precision.
- the looser finders below, one small function per kind of slip: non-syllables (incl. glued
  syllables), syllables very rare in VNTC, a word typed twice, punctuation spacing faults,
  real-word tone/mark slips that a neighbour contradicts, and runs typed without diacritics.

Articles are sampled with a fixed seed; the output (``candidates.jsonl`` plus a one-line-per-
candidate ``candidates.txt`` for reading) is deterministic and goes to a temp folder; the raw
text must not be committed.

    python scripts/mine_typo_candidates.py /tmp/typogold_mine --articles 4000 --seed 11
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import lzma
import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import regex

from vnpolicy.text.syllable import is_valid_syllable, remove_diacritics, strip_tone, with_tone

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
WORD_RE = regex.compile(r"[\p{L}\p{M}]+")
VIET_MARKED = regex.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", regex.I)
TONES = ("ngang", "huyen", "sac", "hoi", "nga", "nang")
MARK_SWAPS = (("a", "ă"), ("a", "â"), ("ă", "â"), ("o", "ô"), ("o", "ơ"), ("ô", "ơ"), ("u", "ư"), ("e", "ê"), ("d", "đ"))
# Full reduplications that are ordinary Vietnamese ("ngày ngày", "người người"): not slips.
REDUPLICATIONS = frozenset(
    "ngày người nhà đâu từ xanh đỏ đêm năm tháng hai ba các chiều sáng tối rất lâu mãi nhiều ít "
    "thầm vừa dần xa gần cao thấp to nhỏ bé chậm nhanh đều vui buồn hoa chuồn đùng ầm ào rì oang "
    "khà ha hi hu lác cành chốc thoáng mỗi từng".split()
)
SPACING_PATTERNS = {
    # "kinh tế- xã hội", "2017- 2019": dash glued to the left word, space after
    "dash_left": regex.compile(r"(?<=[\p{L}\d])-(?= [\p{L}\d])"),
    # "Covid -19", "xã hội -": space before a dash glued to the right
    "dash_right": regex.compile(r"(?<=[\p{L}\d]) -(?=[\p{L}\d])"),
    "percent": regex.compile(r"(?<=\d) +%"),
    "slash": regex.compile(r"(?<=\d) +/(?=\d)|(?<=\d)/ +(?=\d)|(?<=\p{L}) +/ *(?=\p{Lu})|(?<=\p{Lu})/ +(?=\p{L})"),
    "paren": regex.compile(r"(?<=[\p{Ll}\d])\((?=\p{L})|(?<=\p{L})\)(?=\p{Ll})"),
    "colon": regex.compile(r"(?<=\p{Ll}):(?=\p{L})"),
    "comma_before": regex.compile(r"(?<=\p{L}) +,(?= )"),
    "comma_after": regex.compile(r"(?<=\p{Ll}),(?=\p{Ll})"),
    "period_before": regex.compile(r"(?<=\p{Ll}) +\.(?= \p{Lu})"),
}


def read_articles(path: Path) -> list[dict]:
    with lzma.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def count_syllables(articles: list[dict]) -> collections.Counter:
    """Lowercase word-token counts over every article (the rarity a finder needs)."""
    counts: collections.Counter = collections.Counter()
    for art in articles:
        counts.update(w.lower() for w in WORD_RE.findall(unicodedata.normalize("NFC", art["text"])))
    return counts


def sentence_span(text: str, start: int, end: int, limit: int = 300) -> tuple[int, int]:
    """The sentence around [start, end), cut at word boundaries to at most ``limit`` chars."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    s = left + 2 if left >= 0 and text[left] != "\n" else left + 1
    ends = [i for i in (text.find(". ", end), text.find("\n", end), text.find("? ", end), text.find("! ", end)) if i >= 0]
    e = min(ends) + 1 if ends else len(text)
    if e - s > limit:
        half = (limit - (end - start)) // 2
        s2 = max(s, start - half)
        e2 = min(e, end + (limit - (end - s2) if s2 > s else half))
        e2 = min(e2, s2 + limit)
        while s2 > s and s2 < start and not text[s2 - 1].isspace():
            s2 += 1
        while e2 < e and e2 > end and not text[e2].isspace():
            e2 -= 1
        s, e = s2, e2
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def tokens_with_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


def find_nonwords(text: str, counts: collections.Counter) -> Iterator[tuple[int, int, str, str]]:
    """Words that are no Vietnamese syllable: glued pairs ("hộithảo") and letter slips ("kểm")."""
    for s, e, w in tokens_with_spans(text):
        low = w.lower()
        if is_valid_syllable(low) or (w.isupper() and len(w) > 1):
            continue
        marked = bool(VIET_MARKED.search(low))
        inner_capital = any(ch.isupper() for ch in w[1:])
        split = best_split(low, counts) if (marked or inner_capital) and (w.islower() or inner_capital or w.istitle()) else ""
        if split:
            yield s, e, split, "glued"
        elif marked:
            yield s, e, "", "nonword"


def best_split(low: str, counts: collections.Counter) -> str:
    best, score = "", 0
    for i in range(1, len(low)):
        a, b = low[:i], low[i:]
        if is_valid_syllable(a) and is_valid_syllable(b):
            sc = min(counts.get(a, 0), counts.get(b, 0))
            if sc > score and sc >= 200:
                best, score = f"{a} {b}", sc
    return best


def find_rare(text: str, counts: collections.Counter) -> Iterator[tuple[int, int, str, str]]:
    """Valid syllables with Vietnamese marks seen at most 3 times in all of VNTC."""
    for s, e, w in tokens_with_spans(text):
        low = w.lower()
        if counts.get(low, 0) <= 3 and VIET_MARKED.search(low) and is_valid_syllable(low):
            yield s, e, "", "rare"


def find_repeated(text: str) -> Iterator[tuple[int, int, str, str]]:
    """A word typed twice ("các các"), except the ordinary full reduplications."""
    for m in regex.finditer(r"(?<![\p{L}\p{M}])([\p{L}\p{M}]+) \1(?![\p{L}\p{M}])", text, flags=regex.I):
        if m.group(1).lower() not in REDUPLICATIONS:
            yield m.start(), m.end(), m.group(1), "repeated"


def find_spacing(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Spaces missing or extra around dashes, %, slashes, brackets, colons and commas."""
    for name, pat in SPACING_PATTERNS.items():
        for m in pat.finditer(text):
            s, e = m.span()
            s, e = max(0, s - 1), min(len(text), e + 1)
            while s > 0 and not text[s - 1].isspace():
                s -= 1
            while e < len(text) and not text[e].isspace():
                e += 1
            yield s, e, "", f"spacing:{name}"


def variants(low: str) -> Iterator[str]:
    """Syllables one tone or one vowel mark (or đ/d) away from ``low``."""
    bare = strip_tone(low)
    for t in TONES:
        try:
            v = with_tone(bare, t)
        except ValueError:
            return
        if v != low:
            yield v
    from vnpolicy.text.syllable import tone_of

    tone = tone_of(low)
    for a, b in MARK_SWAPS:
        for x, y in ((a, b), (b, a)):
            if x in bare:
                nb = bare.replace(x, y, 1)
                try:
                    v = with_tone(nb, tone)
                except ValueError:
                    continue
                if is_valid_syllable(v):
                    yield v


args_realword_min = 30  # a variant must be seen this often next to each neighbour
args_realword_here = 1  # ... while the written syllable was seen at most this often next to either
args_realword_dd_only = False  # consider only the đ/d swap (a run aimed at đ/d slips)
args_missing_bond = 0.0  # share of a neighbour's n-grams the missing filler must take (0: no such test)


def find_realword(text: str, model) -> Iterator[tuple[int, int, str, str]]:
    """A real syllable both neighbours contradict while a tone/mark variant fits both well."""
    toks = tokens_with_spans(text)
    lm = model.lm
    for i in range(1, len(toks) - 1):
        (_, pe, p), (s, e, w), (ns, _, n) = toks[i - 1], toks[i], toks[i + 1]
        if text[pe:s] != " " or text[e:ns] != " " or not w.islower():
            continue
        ip, iw, i_n = model.id_of(p.lower()), model.id_of(w), model.id_of(n.lower())
        if 3 in (ip, iw, i_n):
            continue
        here = lm.bigrams(np.array([ip, iw]), np.array([iw, i_n]))
        if here.max() > args_realword_here:
            continue
        best, best_score = "", 0.0
        for v in variants(w):
            if args_realword_dd_only and v.replace("đ", "d") != w.replace("đ", "d"):
                continue
            iv = model.id_of(v)
            if iv == 3:
                continue
            there = lm.bigrams(np.array([ip, iv]), np.array([iv, i_n]))
            score = float(min(there))
            if score >= args_realword_min and score > best_score:
                best, best_score = v, score
        if best:
            yield s, e, best, "realword"


def find_missing_word(text: str, model, fillers: np.ndarray) -> Iterator[tuple[int, int, str, str]]:
    """Two neighbours never seen together that a common word between them joins well ("kiểm tại")."""
    toks = tokens_with_spans(text)
    lm = model.lm
    for i in range(len(toks) - 1):
        (_, pe, p), (ns, _, n) = toks[i], toks[i + 1]
        if text[pe:ns] != " " or not n.islower():
            continue
        ip, i_n = model.id_of(p.lower()), model.id_of(n)
        if 3 in (ip, i_n) or lm.bigrams(np.array([ip]), np.array([i_n]))[0] > 0:
            continue
        tri = lm.trigrams(np.full(len(fillers), ip), fillers, np.full(len(fillers), i_n))
        k = int(tri.argmax())
        if tri[k] >= 20 and args_missing_bond > 0:
            # the filler must be nearly bound to a neighbour ("giám đốc [công] ty": "ty" follows "công")
            x = int(fillers[k])
            left = lm.bigrams(np.array([ip]), np.array([x]))[0] / max(lm.counts[ip], 1.0)
            right = lm.bigrams(np.array([x]), np.array([i_n]))[0] / max(lm.counts[i_n], 1.0)
            if max(left, right) < args_missing_bond:
                continue
        if tri[k] >= 20:
            yield pe, pe, model.surface[int(fillers[k])], "missing_word"


# Fixed phrases whose middle word writers drop: "công tác kiểm [tra] tại", "đối [với] 02 đảng viên",
# "giám đốc [công] ty". Each pattern matches at the gap; the word in the key is the one missing.
MISSING_PATTERNS = {
    "với": regex.compile(r"(?<![Pp]hản |[Tt]uyệt |[Tt]ương |[Đđ]iều |[Ss]ong |[Đđ]ôi |[Dd]ự |[Ss]ự |[Mm]ặt |[Đđ]ường |[Hh]ồ |[Pp]hía |[Nn]gười |[Cc]ặp |[Đđ]ộng |[Đđ]ã |[Đđ]ể |[Đđ]ấu )\b[Đđ]ối(?= (?:\d+|các|những|mọi) )"),
    "tra": regex.compile(r"\b[Kk]iểm(?= (?:tại|các|việc|những|xem|lại|và) )"),
    "công": regex.compile(r"\b[Gg]iám đốc(?= ty\b)"),
}


def find_missing_patterns(text: str) -> Iterator[tuple[int, int, str, str]]:
    """A word dropped from a fixed phrase, found by pattern (see MISSING_PATTERNS)."""
    for word, pat in MISSING_PATTERNS.items():
        for m in pat.finditer(text):
            yield m.end(), m.end(), word, "missing_pattern"


def find_no_diacritics(text: str, base_counts: dict[str, int], counts: collections.Counter) -> Iterator[tuple[int, int, str, str]]:
    """Runs of 4+ plain-ASCII syllables where most would normally carry marks."""
    toks = tokens_with_spans(text)
    run: list[tuple[int, int, str]] = []

    def flush():
        if len(run) >= 4:
            odd = sum(1 for _, _, w in run if counts.get(w.lower(), 0) * 20 < base_counts.get(w.lower(), 0))
            if odd >= 2 and odd * 2 >= len(run):
                yield run[0][0], run[-1][1], "", "no_diacritics"

    for s, e, w in toks:
        if w.isascii() and is_valid_syllable(w) and not (w.isupper() and len(w) > 1) and (not run or text[run[-1][1]:s] == " "):
            run.append((s, e, w))
        else:
            yield from flush()
            run = [(s, e, w)] if (w.isascii() and is_valid_syllable(w)) else []
    yield from flush()


def find_corrector(text: str, threshold: float) -> Iterator[tuple[int, int, str, str]]:
    import vnpolicy

    for c in vnpolicy.correct(text, typo_threshold=threshold).corrections:
        if c.rule == "typo":
            yield c.start, c.end, c.replacement, f"corrector:{c.confidence:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--threshold", type=float, default=0.5, help="the corrector's typo_threshold (low = eager)")
    ap.add_argument("--per-article", type=int, default=3, help="at most this many candidates per finder per article")
    ap.add_argument(
        "--finders",
        default="corrector,nonword,rare,repeated,spacing,realword,no_diacritics",
        help="comma-separated finders to run (also: missing_word)",
    )
    ap.add_argument("--realword-min", type=int, default=30)
    ap.add_argument("--realword-here", type=int, default=1)
    ap.add_argument("--missing-bond", type=float, default=0.0)
    ap.add_argument("--realword-dd-only", action="store_true")
    args = ap.parse_args()
    global args_realword_min, args_realword_here, args_missing_bond
    args_realword_min, args_realword_here = args.realword_min, args.realword_here
    args_missing_bond = args.missing_bond
    global args_realword_dd_only
    args_realword_dd_only = args.realword_dd_only
    args.out.mkdir(parents=True, exist_ok=True)
    articles = read_articles(args.source)
    counts_path = args.out / "syllable_counts.json"
    if counts_path.exists():
        counts = collections.Counter(json.loads(counts_path.read_text(encoding="utf-8")))
    else:
        counts = count_syllables(articles)
        counts_path.write_text(json.dumps(counts, ensure_ascii=False), encoding="utf-8")
    base_counts: dict[str, int] = collections.defaultdict(int)
    for w, c in counts.items():
        base_counts[remove_diacritics(w)] = max(base_counts[remove_diacritics(w)], c)
    from vnpolicy.text.spelling.model import load_model

    model = load_model()
    fillers = np.argsort(-model.count)[:400]
    fillers = fillers[fillers >= 4]
    chosen = set(args.finders.split(","))
    rng = random.Random(args.seed)
    order = rng.sample(range(len(articles)), min(args.articles, len(articles)))
    seen: set[tuple[str, int, int]] = set()
    out = []
    for idx in order:
        art = articles[idx]
        text = art["text"]
        found = []
        finders = {
            "corrector": lambda t: find_corrector(t, args.threshold),
            "nonword": lambda t: find_nonwords(t, counts),
            "rare": lambda t: find_rare(t, counts),
            "repeated": find_repeated,
            "spacing": find_spacing,
            "realword": lambda t: find_realword(t, model),
            "no_diacritics": lambda t: find_no_diacritics(t, base_counts, counts),
            "missing_word": lambda t: find_missing_word(t, model, fillers),
            "missing_pattern": find_missing_patterns,
        }
        for name_, finder in finders.items():
            if name_ not in chosen:
                continue
            per: collections.Counter = collections.Counter()
            for s, e, sugg, name in finder(text):
                fam = name.split(":")[0]
                if per[fam] >= args.per_article:
                    continue
                per[fam] += 1
                found.append((s, e, sugg, name))
        for s, e, sugg, name in found:
            key = (art["file"], s, e)
            if key in seen:
                for row in out:
                    if (row["source_file"], row["abs_start"], row["abs_end"]) == key and name not in row["finders"]:
                        row["finders"].append(name)
                continue
            seen.add(key)
            cs, ce = sentence_span(text, s, e)
            cid = hashlib.sha1(f"{art['file']}|{s}|{e}".encode()).hexdigest()[:10]
            out.append(
                {
                    "cid": cid,
                    "source_file": art["file"],
                    "label": art["label"],
                    "article_index": idx,
                    "abs_start": s,
                    "abs_end": e,
                    "context": text[cs:ce],
                    "start": s - cs,
                    "end": e - cs,
                    "wrong": text[s:e],
                    "suggestion": sugg,
                    "finders": [name],
                }
            )
    with (args.out / "candidates.jsonl").open("w", encoding="utf-8") as f:
        for row in out:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (args.out / "candidates.txt").open("w", encoding="utf-8") as f:
        for row in out:
            c = row["context"]
            shown = c[: row["start"]] + "[[" + row["wrong"] + "]]" + c[row["end"] :]
            f.write(f"{row['cid']}\t{','.join(row['finders'])}\t{row['wrong']}→{row['suggestion']}\t{shown}\n")
    by = collections.Counter(r["finders"][0].split(":")[0] for r in out)
    print(f"{len(order)} articles, {len(out)} candidates: {dict(by)}")


if __name__ == "__main__":
    main()
