"""Word segmentation F1 and speed: plain underthesea and pyvi against vnpolicy's wrappers.

Prints, for each test set, precision, recall and F1 of word spans (a word counts when both
its ends match the gold word; spans are measured on the text with whitespace removed, so a
backend's own spacing cannot help or hurt) and words per second, for:

    underthesea (plain)   underthesea.word_tokenize
    pyvi (plain)          pyvi.ViTokenizer.tokenize, "_" turned back into spaces
    vnpolicy (own CRF)    vnpolicy.word_tokenize(text, backend="vnpolicy"), vnpolicy's own CRF segmenter
    vnpolicy-underthesea  vnpolicy.word_tokenize(text, backend="underthesea")
    vnpolicy-pyvi         vnpolicy.word_tokenize(text, backend="pyvi")
    vnpolicy-cascade      vnpolicy.word_tokenize(text, backend="cascade"): the own CRF, underthesea's
                          model asked where it is unsure (``vnpolicy/tokenize/cascade.py``)

Test sets:
- VLSP 2013 test sentences shipped inside the underthesea wheel (first column = gold words);
- UD Vietnamese-VTB dev (``../shared/corpora/ud_vi_vtb/vi_vtb-ud-dev.conllu``) when present;
- the domain check ``vnpolicy/resources/tokenize/domain_sentences.txt`` (portal news), also
  listing which protected items each configuration broke;
- ``data/articles``: where the default backend (the cascade) and the underthesea backend cut differently.

Run: ``python benchmarks/word_segmentation.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UD_DEV = ROOT.parent / "shared" / "corpora" / "ud_vi_vtb" / "vi_vtb-ud-dev.conllu"
# the installed package's copy, so the check also runs against a wheel (as .ci/run does)
DOMAIN = Path(str(resources.files("vnpolicy.resources").joinpath("tokenize").joinpath("domain_sentences.txt")))
VLSP_RELATIVE = "pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"

Sentence = list[str]  # gold words, syllables separated by spaces


def vlsp2013_test_path() -> Path:
    import underthesea

    return Path(underthesea.__file__).parent / VLSP_RELATIVE


def _blocks(path: Path) -> Iterator[list[str]]:
    """The non-empty lines of each blank-line-separated block: both files are laid out so."""
    block: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def read_vlsp(path: Path) -> list[Sentence]:
    """Sentences of the wheel's ``test_output.txt``: first column, blank line between."""
    return [[line.split("\t")[0] for line in block] for block in _blocks(path)]


def read_conllu(path: Path) -> list[Sentence]:
    """FORM column of each sentence (multiword-token ranges and empty nodes skipped)."""
    sentences = []
    for block in _blocks(path):
        rows = [line.split("\t") for line in block if not line.startswith("#")]
        words = [cols[1] for cols in rows if len(cols) > 1 and cols[0].isdigit()]
        if words:
            sentences.append(words)
    return sentences


_NO_SPACE_BEFORE = re.compile(r" ([,.;:%)!?])")
_NO_SPACE_AFTER = re.compile(r"([(]) ")


def read_domain(path: Path = DOMAIN) -> list[tuple[str, Sentence]]:
    """(raw sentence, gold words) from the domain check file."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        gold = [w.replace("_", " ") for w in line.split()]
        raw = _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", " ".join(gold)))
        items.append((raw, gold))
    return items


def spans(words: Iterable[str]) -> set[tuple[int, int]]:
    """Word spans over the whitespace-free text."""
    out, pos = set(), 0
    for word in words:
        length = len("".join(word.split()))
        if length:
            out.add((pos, pos + length))
            pos += length
    return out


def score(pairs: Iterable[tuple[Sentence, Sentence]]) -> tuple[float, float, float]:
    """Micro-averaged precision, recall, F1 (in %) of predicted against gold words."""
    hit = n_pred = n_gold = 0
    for predicted, gold in pairs:
        p, g = spans(predicted), spans(gold)
        hit += len(p & g)
        n_pred += len(p)
        n_gold += len(g)
    precision = hit / n_pred if n_pred else 0.0
    recall = hit / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return 100 * precision, 100 * recall, 100 * f1


def configurations() -> dict[str, Callable[[str], list[str]]]:
    from pyvi import ViTokenizer
    from underthesea import word_tokenize as underthesea_tokenize

    import vnpolicy
    from vnpolicy.tokenize import backend_names

    def pyvi_plain(text: str) -> list[str]:
        return [w.replace("_", " ") for w in ViTokenizer.tokenize(text).split()]

    return {
        "vnpolicy (own CRF)": lambda t: vnpolicy.word_tokenize(t, backend="vnpolicy"),
        "underthesea (plain)": underthesea_tokenize,
        "pyvi (plain)": pyvi_plain,
        # vnpolicy over every other registered backend (vnpolicy.tokenize.register_backend)
        **{f"vnpolicy-{b}": (lambda t, b=b: vnpolicy.word_tokenize(t, backend=b))
           for b in backend_names() if b != "vnpolicy"},
    }


def evaluate(name: str, tokenize: Callable[[str], list[str]], texts: list[str], golds: list[Sentence]):
    tokenize(texts[0])  # load the model outside the clock
    from vnpolicy.tokenize import _segment_line

    _segment_line.cache_clear()  # time real work, not vnpolicy's per-line cache
    start = time.perf_counter()
    predicted = [tokenize(t) for t in texts]
    elapsed = time.perf_counter() - start
    n_words = sum(len(p) for p in predicted)
    return predicted, score(zip(predicted, golds)), n_words / elapsed if elapsed else float("inf")


def report(title: str, texts: list[str], golds: list[Sentence]) -> dict[str, list[Sentence]]:
    print(f"\n{title}: {len(texts)} sentences, {sum(len(g) for g in golds)} gold words")
    print(f"  {'configuration':<22} {'P':>6} {'R':>6} {'F1':>6} {'words/s':>9}")
    outputs = {}
    for name, tokenize in configurations().items():
        predicted, (p, r, f), speed = evaluate(name, tokenize, texts, golds)
        outputs[name] = predicted
        print(f"  {name:<22} {p:6.2f} {r:6.2f} {f:6.2f} {speed:9.0f}")
    return outputs


PROTECTED_SHAPE = re.compile(r"\d[\d./,:h-]*[/\-.,:h]\d|\d+[\-/][A-ZĐ]|TP\.HCM|@|://|^[A-ZĐ]{2,}$|^[IVXL]{2,}$")


def domain_report() -> None:
    items = read_domain()
    outputs = report("Domain check (portal news)", [raw for raw, _ in items], [gold for _, gold in items])
    protected = [w for _, gold in items for w in gold if " " not in w and PROTECTED_SHAPE.search(w)]
    for name, predicted in outputs.items():
        produced = {w for sentence in predicted for w in sentence}
        broken = sorted({w for w in protected if w not in produced})
        print(f"  {name:<22} protected items kept whole: {len(protected) - len(broken)}/{len(protected)}"
              + (f"; broken: {', '.join(broken[:8])}" + (" ..." if len(broken) > 8 else "") if broken else ""))


def article_timing(n_syllables: int = 900, repeats: int = 5) -> None:
    """Time sentences + words of one ~900-syllable article built from ``data/articles``."""
    import vnpolicy
    from vnpolicy.tokenize import _segment_line, backend_names

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    lines, count = [], 0
    for line in "\n".join(texts).splitlines():
        if count >= n_syllables:
            break
        lines.append(line)
        count += len(line.split())
    article = "\n".join(lines)
    print(f"\nOne article of {count} syllables (from data/articles), sent_tokenize + word_tokenize, best of {repeats}:")
    for backend in backend_names():
        vnpolicy.word_tokenize("khởi động", backend=backend)
        best = float("inf")
        for _ in range(repeats):
            _segment_line.cache_clear()
            start = time.perf_counter()
            for sentence in vnpolicy.sent_tokenize(article):
                vnpolicy.word_tokenize(sentence, backend=backend)
            best = min(best, time.perf_counter() - start)
        print(f"  vnpolicy-{backend:<12} {1000 * best:6.1f} ms")
    from underthesea import sent_tokenize as plain_sentences
    from underthesea import word_tokenize as plain_words

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for sentence in plain_sentences(article):
            plain_words(sentence)
        best = min(best, time.perf_counter() - start)
    print(f"  {'underthesea (plain)':<21} {1000 * best:6.1f} ms")


def article_differences(show: int = 30, ours_backend: str | None = None, theirs_backend: str = "underthesea") -> None:
    """Where the default backend (the cascade) and the underthesea backend (the default before it)
    cut ``data/articles`` differently: the only change the new default makes to the pipeline's
    output there (issue 15).

    Each difference is the shortest stretch of a sentence where the two disagree, as words of
    each ("|" between words). Protected items are kept whole by both (the same first step).
    """
    import vnpolicy
    from vnpolicy.tokenize import DEFAULT_BACKEND, word_spans

    ours_backend = ours_backend or DEFAULT_BACKEND
    n_words = n_diffs = 0
    shown: list[str] = []
    for path in sorted((ROOT / "data" / "articles").glob("*.txt")):
        text = vnpolicy.Pipeline(disable=["tokenize", "entities", "topics"])(path.read_text(encoding="utf-8")).text
        for sentence in vnpolicy.sent_tokenize(text):
            ours = word_spans(sentence, backend=ours_backend)
            theirs = word_spans(sentence, backend=theirs_backend)
            n_words += len(theirs)
            if ours == theirs:
                continue
            # stretches between the word boundaries both agree on
            common = {s for s, _ in ours} & {s for s, _ in theirs} | {len(sentence)}
            cuts = sorted(common)
            for a, b in zip(cuts, cuts[1:]):
                mine = [sentence[s:e] for s, e in ours if a <= s < b]
                other = [sentence[s:e] for s, e in theirs if a <= s < b]
                if mine != other:
                    n_diffs += 1
                    if len(shown) < show:
                        shown.append(f"  {path.name}: {ours_backend} {' | '.join(mine)!r}  {theirs_backend} {' | '.join(other)!r}")
    print(f"\ndata/articles, the {ours_backend} backend against the {theirs_backend} backend: {n_diffs} stretches cut "
          f"differently in {n_words} words ({theirs_backend}'s count); the first {len(shown)}:")
    print("\n".join(shown))


def scoring_check(title: str, texts: list[str]) -> None:
    """The underthesea backend scores underthesea's model with vnpolicy's own code
    (``vnpolicy/tokenize/underthesea_crf.py``): its tags must be underthesea_core's, and it
    should cost a fraction of theirs. Prints both on ``texts`` (CPU time of the tagging alone)."""
    from vnpolicy.tokenize import line_tokens
    from vnpolicy.tokenize.backends import get_backend

    backend = get_backend("underthesea")
    rows = [line_tokens(t, backend)[1:] for t in texts]
    rows = [(tokens, forced) for tokens, forced in rows if tokens]
    for tokens, forced in rows[:50]:  # both warm
        backend.word_starts(tokens, forced), backend.reference_word_starts(tokens, forced)
    t0 = time.process_time()
    ours = [backend.word_starts(tokens, forced) for tokens, forced in rows]
    t1 = time.process_time()
    theirs = [backend.reference_word_starts(tokens, forced) for tokens, forced in rows]
    t2 = time.process_time()
    same = sum(a == b for a, b in zip(ours, theirs))
    n = sum(len(tokens) for tokens, _ in rows) or 1
    print(f"{title}: underthesea's model scored by vnpolicy, tags identical to underthesea_core's on {same} of "
          f"{len(rows)} sentences; tagging CPU {1e6 * (t1 - t0) / n:.2f} against {1e6 * (t2 - t1) / n:.2f} us per token "
          f"({(t1 - t0) / max(t2 - t1, 1e-9):.2f})")


def cascade_share(title: str, texts: list[str]) -> None:
    """How many tokens the cascade asked underthesea's model about (its cost beyond the own CRF)."""
    from vnpolicy.tokenize import line_tokens
    from vnpolicy.tokenize.backends import get_backend

    cascade = get_backend("cascade")
    asked = total = 0
    for text in texts:
        _, tokens, forced = line_tokens(text, cascade)
        if tokens:
            asked += len(cascade.decide(tokens, forced)[1])
            total += len(tokens)
    print(f"{title}: the cascade asked underthesea's model about {asked} of {total} tokens "
          f"({100 * asked / max(total, 1):.1f}%)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="use only the first N sentences of each corpus")
    parser.add_argument("--differences", type=int, default=30, help="how many segmentation differences on data/articles to list")
    args = parser.parse_args(argv)

    vlsp = vlsp2013_test_path()
    if vlsp.exists():
        golds = read_vlsp(vlsp)
        if args.limit:
            golds = golds[: args.limit]
        report("VLSP 2013 test (shipped in underthesea)", [" ".join(g) for g in golds], golds)
        scoring_check("VLSP 2013 test", [" ".join(g) for g in golds])
        cascade_share("VLSP 2013 test", [" ".join(g) for g in golds])
    else:
        print(f"VLSP 2013 test file not found at {vlsp}: skipped")

    if UD_DEV.exists():
        golds = read_conllu(UD_DEV)
        if args.limit:
            golds = golds[: args.limit]
        report("UD Vietnamese-VTB dev", [" ".join(g) for g in golds], golds)
        scoring_check("UD Vietnamese-VTB dev", [" ".join(g) for g in golds])
        cascade_share("UD Vietnamese-VTB dev", [" ".join(g) for g in golds])
    else:
        print(f"UD Vietnamese-VTB dev not found at {UD_DEV}: skipped")

    domain_report()
    article_differences(args.differences)
    article_timing()


if __name__ == "__main__":
    main()
