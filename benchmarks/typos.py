"""Typo benchmark: real typos judged by a reader, injected slips, false changes, look-alikes.

    python benchmarks/typos.py                 # everything, on the held-out half of the real typos
    python benchmarks/typos.py --split tune    # the half the corrector is tuned on
    python benchmarks/typos.py --sentences 300 # quicker
    python benchmarks/typos.py --written-only  # typos written into portal paragraphs (seconds)

Real typos: ``data/gold/typos/{tune,test}.jsonl`` (judged VNTC typos, branch ``typogold``). A
typo is *fixed* when the tool's output for the context with the typo equals its output for the
context with the right form; *flagged* (vnpolicy review mode) when a suspect covers it and its
first suggestion puts the right form in. Look-alikes (``lookalikes.jsonl``, correct forms) are
*wrongly changed* when a change touches them. Restoring diacritics is measured on the UD dev
sentences with their marks stripped, against pyvi's ``ViUtils.add_accents``.

Text: the UD Vietnamese-VTB dev sentences (``# text =`` lines, punctuation spacing undone) —
never used for the statistics — and, for the clean-text check and the timing, VNTC articles
held out from the statistics (line ``i % 10 == 9`` of ``vntc/train.jsonl.xz``).

For each kind of slip, one slip is injected per sentence (fixed seed) in a random lowercase
syllable where that slip is possible. A slip is *fixed* when the syllable comes back exactly
(tone placement style aside), *changed wrongly* when it comes back as another syllable. Clean
text is also run as it is: every syllable changed there is a false alarm, reported per 10,000
syllables. vnpolicy (``vnpolicy.correct``: normalization + typo corrector) and underthesea's
``text_normalize`` are measured side by side, compared syllable by syllable after both outputs
are reduced to tone-placement-independent keys, so style choices are not counted as changes.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

# The articles the shipped spelling model never counted: the build script's own rule, not a copy.
from vnpolicy.orthography import TELEX_TONE_KEYS, TONES  # noqa: E402
from vnpolicy.text.spelling.model import syllable_key  # noqa: E402
from vnpolicy.text.syllable import is_valid_syllable, strip_tone, tone_of, with_tone  # noqa: E402

from build_spelling_model import HOLDOUT_MOD, HOLDOUT_REST  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
GOLD = ROOT / "data" / "gold" / "typos"
PUBLIC = GOLD / "viwiki"  # Viwiki-spelling (CC BY 4.0): real misspellings in Vietnamese Wikipedia
NOT_TYPO_RULES = frozenset({"nfc", "tone_style", "spelling_style", "invisible"})
UD_DEV = CORPORA / "ud_vi_vtb" / "vi_vtb-ud-dev.conllu"
VNTC = CORPORA / "vntc" / "train.jsonl.xz"
WORD_RE = regex.compile(r"[\p{L}\p{M}]+")
VOWEL_SWAPS = {"ă": "aâ", "â": "aă", "ê": "e", "ô": "oơ", "ơ": "oô", "ư": "u", "a": "ăâ", "e": "ê", "o": "ôơ", "u": "ư"}
TELEX_VOWEL = {"â": "aa", "ă": "aw", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw", "đ": "dd"}
TELEX_TONE = {tone: key for key, tone in TELEX_TONE_KEYS.items()}


# -- text ---------------------------------------------------------------------------------


def ud_sentences() -> list[str]:
    out = []
    for line in UD_DEV.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            s = line[len("# text = ") :].strip()
            s = regex.sub(r"\s+([,.;:!?)%…])", r"\1", s)
            s = regex.sub(r"([(“])\s+", r"\1", s)
            out.append(s)
    return out


def heldout_articles(n: int) -> list[str]:
    """``n`` VNTC articles the spelling statistics left out (build_spelling_model's hold-out)."""
    from speed import vntc_sample

    return vntc_sample(n, every=HOLDOUT_MOD, offset=HOLDOUT_REST)


# -- slips --------------------------------------------------------------------------------


def _retone(word: str, tone: str) -> str | None:
    try:
        return with_tone(word, tone)
    except ValueError:
        return None


def slip(word: str, kind: str, rng: random.Random) -> str | None:
    """``word`` with one slip of ``kind``, or None when that slip cannot happen to it."""
    bare, tone = strip_tone(word), tone_of(word)
    if kind == "tone_wrong":
        if tone == "ngang":
            return None
        return _retone(bare, rng.choice([t for t in TONES if t not in (tone, "ngang")]))
    if kind == "tone_missing":
        return bare if tone != "ngang" else None
    if kind == "vowel_mark":
        spots = [i for i, ch in enumerate(bare) if ch in VOWEL_SWAPS]
        if not spots:
            return None
        i = rng.choice(spots)
        return _retone(bare[:i] + rng.choice(VOWEL_SWAPS[bare[i]]) + bare[i + 1 :], tone)
    if kind == "d_dd":
        if bare.startswith("đ"):
            return "d" + word[1:]
        if bare.startswith("d"):
            return "đ" + word[1:]
        return None
    if kind == "s_x":
        return {"s": "x", "x": "s"}.get(word[0], "") + word[1:] if word[0] in "sx" else None
    if kind == "ch_tr":
        for a, b in (("ch", "tr"), ("tr", "ch")):
            if word.startswith(a) and len(word) > 2:
                return b + word[2:]
        return None
    if kind == "d_gi_r":
        for a, bs in (("gi", ("d", "r")), ("d", ("gi", "r")), ("r", ("d", "gi"))):
            if word.startswith(a) and len(word) > len(a):
                return _retone(rng.choice(bs) + strip_tone(word)[len(a) :], tone)
        return None
    if kind == "final_n_ng":
        if bare.endswith("ng"):
            return word[:-2] + "n"
        if bare.endswith("n") and not bare.endswith("nh"):
            return word + "g"
        return None
    if kind == "telex":
        if tone == "ngang" and not any(ch in TELEX_VOWEL for ch in bare):
            return None
        typed = "".join(TELEX_VOWEL.get(ch, ch) for ch in bare)
        return typed + TELEX_TONE.get(tone, "")
    raise ValueError(kind)


KINDS = ("tone_wrong", "tone_missing", "vowel_mark", "d_dd", "s_x", "ch_tr", "d_gi_r", "final_n_ng", "telex")


def inject(sentence: str, kind: str, rng: random.Random) -> tuple[str, int, str] | None:
    """(sentence with one slip, index of the slipped word, the slipped form) or None."""
    words = list(WORD_RE.finditer(sentence))
    order = list(range(len(words)))
    rng.shuffle(order)
    for i in order:
        w = words[i].group()
        if not w.islower() or not is_valid_syllable(w):
            continue
        bad = slip(w, kind, rng)
        if bad is None or bad == w or syllable_key(bad) == syllable_key(w):
            continue
        s, e = words[i].span()
        return sentence[:s] + bad + sentence[e:], i, bad
    return None


# -- tools --------------------------------------------------------------------------------


def keys(text: str) -> list[str]:
    """Syllable keys, independent of the tone-mark and i/y style ("lí" and "lý" are one key)."""
    variants = _variant_keys()
    keyed = [syllable_key(w) or w.lower() for w in WORD_RE.findall(text)]
    return [variants.get(k, k) for k in keyed]


@functools.lru_cache(maxsize=1)
def _variant_keys() -> dict[str, str]:
    from vnpolicy.text.normalize import spelling_variants

    # every variant: the old style rewrites them all
    return {syllable_key(v) or v: syllable_key(std) or std for v, (std, _) in spelling_variants("old")[0].items()}


def aligned(before: list[str], after: list[str]) -> tuple[dict[int, str], int]:
    """Map from input word index to output key (for equal runs and 1-1 replacements), and the
    number of input words changed."""
    out: dict[int, str] = {}
    changed = 0
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "equal":
            for k in range(a1 - a0):
                out[a0 + k] = after[b0 + k]
        else:
            changed += max(a1 - a0, 1 if op == "insert" else 0)
            if op == "replace" and a1 - a0 == b1 - b0:
                for k in range(a1 - a0):
                    out[a0 + k] = after[b0 + k]
    return out, changed


def typo_step(text: str) -> str:
    """The text with only the typo corrector's edits applied (no normalization)."""
    from vnpolicy.text.spelling import typo_edits

    out, pos = [], 0
    for e in sorted(typo_edits(text), key=lambda e: e.start):
        out += [text[pos : e.start], e.replacement]
        pos = e.end
    return "".join(out) + text[pos:]


def tools() -> dict[str, callable]:
    from underthesea import text_normalize

    import vnpolicy

    return {"vnpolicy": lambda t: vnpolicy.correct(t).text, "underthesea": text_normalize}


def run_clean(fn, texts: list[str]) -> tuple[int, int, list[tuple[str, str]]]:
    total = changed = 0
    examples = []
    for t in texts:
        before, after = keys(t), keys(fn(t))
        total += len(before)
        _, c = aligned(before, after)
        if c:
            changed += c
            if len(examples) < 12:  # shown as syllable keys: tone as a digit, "tổ" = "tô3"
                sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
                for op, a0, a1, b0, b1 in sm.get_opcodes():
                    if op != "equal":
                        examples.append((" ".join(before[max(0, a0 - 2) : a1 + 2]), " ".join(after[b0:b1])))
            examples = examples[:12]
    return total, changed, examples


def run_slips(fn, sentences: list[str], kind: str, seed: int) -> dict:
    rng = random.Random(f"{seed}-{kind}")
    n = fixed = wrong = other = syllables = 0
    for s in sentences:
        got = inject(s, kind, rng)
        if got is None:
            continue
        bad_text, i, _ = got
        gold = keys(s)
        out = keys(fn(bad_text))
        mapping, changed = aligned(keys(bad_text), out)
        n += 1
        syllables += len(gold)
        result = mapping.get(i)
        if result == gold[i]:
            fixed += 1
            changed -= 1
        elif result != keys(bad_text)[i]:
            wrong += 1
            changed -= 1
        other += max(changed, 0)
    return {"n": n, "fixed": fixed, "wrong": wrong, "other": other, "syllables": syllables}


# -- real typos ---------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _styled(text: str) -> str:
    from vnpolicy.text.normalize import _apply, tone_style_edits

    # tone placement only: an i/y variant ("lí" for "lý") is what a public corpus may mark as a
    # mistake, so a tool that leaves it has not fixed it
    return _apply(text, tone_style_edits(text, "old"))


def run_real(fn, rows: list[dict]) -> dict[str, list[int]]:
    """Per kind: [items, fixed] — fixed when the output equals the output for the right text."""
    out: dict[str, list[int]] = {}
    for r in rows:
        c, s, e = r["context"], r["start"], r["end"]
        good = c[:s] + r["right"] + c[e:]
        cell = out.setdefault(r["kind"], [0, 0])
        cell[0] += 1
        try:
            cell[1] += _styled(fn(c)) == _styled(fn(good))
        except Exception:  # a tool that fails on a text fixes nothing there
            pass
    return out


def run_review(rows: list[dict]) -> dict[str, list[int]]:
    """Per kind: [items, flagged with the right suggestion first] in vnpolicy's review mode."""
    import vnpolicy

    out: dict[str, list[int]] = {}
    for r in rows:
        c, s, e = r["context"], r["start"], r["end"]
        want = _styled(c[:s] + r["right"] + c[e:])
        cell = out.setdefault(r["kind"], [0, 0])
        cell[0] += 1
        for sus in vnpolicy.correct(c, mode="review").suspects:
            if sus.start == sus.end and s == e:
                hit = abs(sus.start - s) <= 1
                applied = c[: sus.start] + " " + sus.suggestions[0] + c[sus.start :] if hit else ""
                if hit and " ".join(applied.split()) == " ".join(want.split()):
                    cell[1] += 1
                    break
                continue
            if sus.end < s or sus.start > max(e, s + 1) or not sus.suggestions:
                continue
            applied = c[: sus.start] + sus.suggestions[0] + c[sus.end :]
            if _styled(applied) == want:
                cell[1] += 1
                break
    return out


def run_lookalikes(fn, rows: list[dict]) -> tuple[int, int, list[str]]:
    """(look-alikes, wrongly changed, examples): a correct form whose syllables the tool changed."""
    changed = 0
    examples = []
    for r in rows:
        c, s, e = r["context"], r["start"], r["end"]
        before = keys(c)
        first = len(WORD_RE.findall(c[:s]))
        span = range(first, first + len(WORD_RE.findall(c[s:e])))
        try:
            after = keys(fn(c))
        except Exception:
            continue
        mapping, _ = aligned(before, after)
        if any(mapping.get(i) != before[i] for i in span if i < len(before)):
            changed += 1
            if len(examples) < 8:
                examples.append(f"{r['form']!r} ({r.get('why', '')}) in …{c[max(0, s - 25) : e + 25]}…")
    return len(rows), changed, examples


def marked_by_context(rows: list[dict]) -> dict[str, list[tuple[int, int]]]:
    """Each context of ``rows`` with the (start, end) of the mistakes marked in it; a paragraph
    typed without a typo (``kind`` "none", data/gold/typos/written) marks nothing."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for r in rows:
        marked = spans.setdefault(r["context"], [])
        if r["kind"] != "none":
            marked.append((r["start"], r["end"]))
    return spans


def run_elsewhere(fn, rows: list[dict]) -> tuple[int, int, list[tuple[str, str]]]:
    """(syllables, changed, examples) outside the marked mistakes of each context: a public
    corpus marks every mistake of its sentences, so any other change there is a false alarm."""
    spans = marked_by_context(rows)
    total = changed = 0
    examples: list[tuple[str, str]] = []
    for context, marked in spans.items():
        before = keys(context)
        inside: set[int] = set()
        for s, e in marked:
            first = len(WORD_RE.findall(context[:s]))
            inside.update(range(first, first + max(len(WORD_RE.findall(context[s:e])), 1)))
        try:
            after = keys(fn(context))
        except Exception:
            continue
        mapping, _ = aligned(before, after)
        total += len(before) - len(inside)
        for i, key in enumerate(before):
            if i not in inside and mapping.get(i) != key:
                changed += 1
                if len(examples) < 12:
                    examples.append((" ".join(before[max(0, i - 2) : i + 3]), str(mapping.get(i))))
    return total, changed, examples


def print_fixed_by_kind(fns: dict, rows: list[dict]) -> None:
    """The table of typos fixed per kind by each tool (auto mode) and flagged by vnpolicy's review
    mode, commonest kind first, then all of them."""
    real = {name: run_real(fn, rows) for name, fn in fns.items()}
    review = run_review(rows) if "vnpolicy" in fns else {}
    kinds = sorted({r["kind"] for r in rows}, key=lambda k: -sum(r["kind"] == k for r in rows))
    print("| kind | n | " + " | ".join(f"{t} fixed" for t in fns) + (" | vnpolicy flagged (review) |" if review else " |"))
    print("|" + "---|" * (2 + len(fns) + (1 if review else 0)))
    for kind in kinds + ["ALL"]:
        def cell(table: dict, kind: str = kind) -> str:
            n = sum(v[0] for k, v in table.items() if kind in ("ALL", k))
            ok = sum(v[1] for k, v in table.items() if kind in ("ALL", k))
            return f"{ok}/{n} = {ok / n:.1%}" if n else "-"
        n = sum(r["kind"] == kind for r in rows) if kind != "ALL" else len(rows)
        row = [cell(real[t]) for t in fns] + ([cell(review)] if review else [])
        print(f"| {kind} | {n} | " + " | ".join(row) + " |")


def report_public(fns: dict, rows: list[dict], title: str) -> None:
    """Fixed per kind (auto mode), flagged (review mode) and changes elsewhere, on a public corpus."""
    print()
    print(title)
    print_fixed_by_kind(fns, rows)
    print("  changed syllables elsewhere in the same sentences (every mistake there is meant to be marked):")
    total = 0
    for name, fn in fns.items():
        total, changed, examples = run_elsewhere(fn, rows)
        print(f"  {name:12s} {changed} / {total:,} = {changed / max(total, 1) * 1e4:.2f} per 10,000")
        for before, after in examples[:6]:
            print(f"      {before!r} -> {after!r}")
    if "vnpolicy" in fns and (PUBLIC / "unmarked.tsv").exists():
        verdicts = judged_elsewhere(rows, PUBLIC / "unmarked.tsv")
        bad = verdicts.get("false", 0) + verdicts.get("unjudged", 0)
        print(f"  vnpolicy's typo fixes elsewhere, judged (unmarked.tsv): {dict(sorted(verdicts.items()))}; "
              f"false or unjudged {bad} / {total:,} = {bad / max(total, 1) * 1e4:.2f} per 10,000")


def report_written(fns: dict, rows: list[dict]) -> None:
    """Typos a writer who never saw the corrector typed into portal-style paragraphs
    (``data/gold/typos/written``): fixed, flagged, and syllables changed outside the marks, the
    paragraphs typed without a typo included. The judged VNTC typos were found by finders, so
    they lean towards what a finder sees; these do not."""
    typos = [r for r in rows if r["kind"] != "none"]
    print()
    print(f"Typos written into portal paragraphs ({len(typos)} typos in {len({r['paragraph'] for r in rows})} paragraphs, "
          f"{sum(r['kind'] == 'none' for r in rows)} of them typed without a typo; data/gold/typos/written): "
          "fixed (auto mode); flagged (review mode, right suggestion first)")
    print_fixed_by_kind(fns, typos)
    print("  changed syllables outside the marked typos (the writer marked every typo):")
    for name, fn in fns.items():
        total, changed, examples = run_elsewhere(fn, rows)
        print(f"  {name:12s} {changed} / {total:,} = {changed / max(total, 1) * 1e4:.2f} per 10,000")
        for before, after in examples[:8]:
            print(f"      {before!r} -> {after!r}")


def judged_elsewhere(rows: list[dict], path: Path) -> dict[str, int]:
    """vnpolicy's fixes outside the marked mistakes, by a reader's verdict on each (``slip``: a
    real mistake the set left unmarked, rightly fixed; ``false``; ``unjudged``: not in the file)."""
    import hashlib

    import vnpolicy

    judged = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("sentence_sha1\t") or not line.strip():
            continue
        sha, start, end, _written, changed_to, verdict = line.split("\t")[:6]
        judged[(sha, int(start), int(end), changed_to)] = verdict
    spans = marked_by_context(rows)
    out: dict[str, int] = {}
    for context, marked in spans.items():
        sha = hashlib.sha1(context.encode("utf-8")).hexdigest()
        for c in vnpolicy.correct(context).corrections:
            if c.rule in NOT_TYPO_RULES or c.rule in ("spacing", "symbol_spacing"):
                continue
            if any(c.start < e and s < c.end for s, e in marked):
                continue
            verdict = judged.get((sha, c.start, c.end, c.replacement), "unjudged")
            out[verdict] = out.get(verdict, 0) + 1
    return out


# Why a change vnpolicy makes to clean UD dev is kept rather than counted against it.
KEPT_BECAUSE = {
    "odd_characters": "kept: Icelandic Ð (U+00D0) standing for Vietnamese Đ (U+0110) is a conversion "
    "artefact, not a spelling (resources/text/lookalikes.tsv); searching and counting need the real letter",
}


# Typos of UD dev itself, judged by reading the sentence: fixing them is right.
UD_TYPOS = {
    ("chuôt", "chuột"): "kept: a real typo in UD dev ('trông giống chuôt cống': no Vietnamese syllable 'chuôt')",
    (" nếu", ""): "kept: a real typo in UD dev ('nếu nếu quá thời gian': a word typed twice)",
}


def ud_changes(texts: list[str]) -> list[str]:
    """Every change vnpolicy makes to the syllables of clean UD dev text, with its rule, note and
    the reason it is kept (``KEPT_BECAUSE``; a typo fix keeps its evidence and must be judged)."""
    import vnpolicy

    lines = []
    for t in texts:
        result = vnpolicy.correct(t)
        for c in result.corrections:
            if c.rule in NOT_TYPO_RULES or keys(c.original) == keys(c.replacement):
                continue
            why = UD_TYPOS.get((c.original, c.replacement)) or KEPT_BECAUSE.get(c.rule) or "FALSE CHANGE (not explained)"
            lines.append(f"{c.original!r} -> {c.replacement!r} [{c.rule}] {c.note}  (…{t[max(0, c.start - 30) : c.end + 30]}…)\n      {why}")
    return lines


def restore_accuracy(sentences: list[str]) -> dict[str, tuple[int, int, float]]:
    """Syllable accuracy restoring UD dev stripped of its marks: vnpolicy vs pyvi add_accents."""
    from pyvi import ViUtils

    from vnpolicy.text.normalize import _apply
    from vnpolicy.text.spelling.diacritics import PlainSpan, restore_edits
    from vnpolicy.text.syllable import remove_diacritics

    def ours(t: str) -> str:
        return _apply(t, restore_edits(t, [PlainSpan(0, len(t), 0, 0)]))

    def pyvi(t: str) -> str:
        try:
            return ViUtils.add_accents(t)
        except Exception:  # pyvi fails on some inputs (KeyError): nothing restored
            return t

    out = {}
    for name, fn in (("vnpolicy", ours), ("pyvi add_accents", pyvi)):
        ok = total = 0
        t0 = time.process_time()
        for s in sentences:
            stripped = remove_diacritics(s).replace("đ", "d").replace("Đ", "D")
            gold, got = keys(s), keys(fn(stripped))
            total += len(gold)
            if len(gold) == len(got):
                ok += sum(a == b for a, b in zip(gold, got))
        out[name] = (ok, total, time.process_time() - t0)
    return out



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=None, help="UD dev sentences to use (default: all 1,123)")
    ap.add_argument("--articles", type=int, default=300, help="held-out VNTC articles for the clean check and timing")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--tools", default="vnpolicy,underthesea")
    ap.add_argument("--split", choices=("test", "tune"), default="test", help="half of the real typos to report on")
    ap.add_argument("--gold", type=Path, default=GOLD, help="folder of tune.jsonl, test.jsonl, lookalikes.jsonl")
    ap.add_argument("--public", type=Path, default=PUBLIC, help="folder of a public misspelling corpus's tune.jsonl/test.jsonl")
    ap.add_argument("--public-only", action="store_true", help="only the public misspelling corpus (no corpora needed)")
    ap.add_argument("--written-only", action="store_true", help="only the typos written into portal paragraphs (no corpora needed)")
    args = ap.parse_args(argv)
    written = args.gold / "written" / "written.jsonl"
    if args.written_only:
        report_written({k: v for k, v in tools().items() if k in args.tools.split(",")}, read_jsonl(written))
        return 0
    if args.public_only:
        rows = read_jsonl(args.public / f"{args.split}.jsonl")
        fns = {k: v for k, v in tools().items() if k in args.tools.split(",")}
        report_public(fns, rows, f"Public misspelling corpus, {args.split} half ({len(rows)} marked mistakes)")
        return 0
    if not UD_DEV.exists() or not VNTC.exists():
        print(f"error: corpora not found under {CORPORA}", file=sys.stderr)
        return 2

    # Model load time, in a fresh process.
    code = (
        "import time; t0=time.perf_counter(); from vnpolicy.text.spelling import load_model; "
        "t1=time.perf_counter(); load_model(); t2=time.perf_counter(); print(t1-t0, t2-t1)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    imp, load = map(float, out.split())
    print(f"model load, fresh process: {load * 1000:.0f} ms (plus {imp * 1000:.0f} ms importing vnpolicy, numpy, regex)")

    sentences = ud_sentences()[: args.sentences]
    articles = heldout_articles(args.articles)
    fns = {k: v for k, v in tools().items() if k in args.tools.split(",")}

    # Speed of the typo corrector alone and of the whole vnpolicy.correct.
    from vnpolicy.text import correct
    from vnpolicy.text.spelling import typo_edits
    from vnpolicy.text.spelling.diacritics import no_diacritics_spans
    from vnpolicy.text.spelling.slips import slip_edits

    def typo_step_only(text: str) -> None:  # what correct() adds to normalization
        no_diacritics_spans(text)
        slip_edits(text)
        typo_edits(text)

    from vnpolicy.text.spelling.slips import two_syllable_words

    two_syllable_words()  # loaded once per process, like the model: not part of the per-text cost
    typo_step_only("Khởi động.")
    n_syl = sum(len(WORD_RE.findall(a)) for a in articles)
    for label, fn in (("typo step", typo_step_only), ("vnpolicy.correct", correct)):
        t0 = time.process_time()
        for a in articles:
            fn(a)
        dt = time.process_time() - t0
        print(f"{label}: {dt / n_syl * 1e6:.1f} ms CPU per 1,000 syllables ({len(articles)} held-out articles, {n_syl:,} syllables, first pass)")
    t0 = time.process_time()
    for a in articles:
        typo_step_only(a)
    print(f"typo step, second pass (caches warm): {(time.process_time() - t0) / n_syl * 1e6:.1f} ms CPU per 1,000 syllables")

    gold_rows = read_jsonl(args.gold / f"{args.split}.jsonl") if (args.gold / f"{args.split}.jsonl").exists() else []
    if gold_rows:
        print()
        print(f"Real typos, {args.split} half ({len(gold_rows)} judged VNTC typos): fixed (auto mode); flagged (review mode, right suggestion first)")
        print_fixed_by_kind(fns, gold_rows)
    else:
        print(f"\n(no {args.split}.jsonl under {args.gold}: real typos skipped)")
    public = args.public / f"{args.split}.jsonl"
    if public.exists():
        rows = read_jsonl(public)
        report_public(
            fns, rows, f"Public misspelling corpus, {args.split} half ({args.public.name}: {len(rows)} marked mistakes, "
            f"{len({r['source_file'] for r in rows})} documents): fixed (auto mode); flagged (review mode, right suggestion first)"
        )
    if written.exists():
        report_written(fns, read_jsonl(written))
    look = args.gold / "lookalikes.jsonl"
    if look.exists():
        rows = read_jsonl(look)
        print()
        print("Judged look-alikes (correct forms: names, loans, dialect, reduplications), wrongly changed:")
        for name, fn in fns.items():
            n, bad, examples = run_lookalikes(fn, rows)
            print(f"  {name:12s} {bad} / {n} = {bad / n:.1%}")
            for ex in examples[:5]:
                print(f"      {ex}")

    print()
    print("Clean text: changed syllables per 10,000 (tone placement style aside)")
    clean_tools = dict(fns)
    if "vnpolicy" in fns:
        clean_tools["vnpolicy typo step only"] = typo_step
    for name, fn in clean_tools.items():
        for label, texts in (("UD-VTB dev", sentences), ("VNTC held-out", articles)):
            total, changed, examples = run_clean(fn, texts)
            print(f"  {name:24s} {label:14s} {changed:5d} / {total:,} = {changed / total * 1e4:.2f} per 10,000")
            for before, after in examples[: 12 if name.startswith("vnpolicy typo") else 4]:
                print(f"      {before!r} -> {after!r}")

    if "vnpolicy" in fns:
        print()
        changes = ud_changes(sentences)
        print(f"Every change vnpolicy makes to the syllables of clean UD dev ({len(changes)}), with the rule and evidence that keep it:")
        for line in changes:
            print(f"  {line}")
        print()
        print(f"Restoring diacritics on UD dev stripped of its marks ({len(sentences)} sentences): syllable accuracy")
        for name, (ok, total, cpu) in restore_accuracy(sentences).items():
            print(f"  {name:18s} {ok}/{total} = {ok / total:.1%}  ({cpu:.1f} s CPU)")

    print()
    print(f"Injected slips (UD-VTB dev, one per sentence, seed {args.seed}):")
    header = "| slip | n | " + " | ".join(f"{t} fixed | {t} wrong | {t} other/10k" for t in fns) + " |"
    print(header)
    print("|" + "---|" * (2 + 3 * len(fns)))
    for kind in KINDS:
        cells = []
        n = 0
        for fn in fns.values():
            r = run_slips(fn, sentences, kind, args.seed)
            n = r["n"]
            cells += [f"{r['fixed'] / n:.1%}", f"{r['wrong'] / n:.1%}", f"{r['other'] / r['syllables'] * 1e4:.1f}"]
        print(f"| {kind} | {n} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
