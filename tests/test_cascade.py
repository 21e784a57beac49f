"""The cascade backend: its decisions are a straightforward product of the two models' scores.

The reference here computes everything the long way: the teacher's score of every token
(``reference_margins``, the whole sentence), the max-marginal gaps from full path scores, and
the best labelling by a Viterbi over full label scores with a transition matrix per edge (itself
held to an exhaustive search on short sentences).
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import pytest

import vnpolicy
from vnpolicy.errors import ModelError
from vnpolicy.tokenize import line_tokens
from vnpolicy.tokenize.backends import get_backend
from vnpolicy.tokenize.cascade import (
    CONFIG,
    Cascade,
    CascadeSetting,
    backtrack,
    doubtful_tokens,
    forward_differences,
    load_setting,
    max_marginal_gaps,
    viterbi_edges,
)
from vnpolicy.tokenize.crf import load_segmenter
from vnpolicy.tokenize.underthesea_crf import load

WRITTEN = [
    "Sáng 12/3, Ban Dân vận Huyện ủy Tam Nông tổ chức hội nghị sơ kết công tác dân vận quý I.",
    "Ông Nguyễn Văn Bình, Phó Chủ tịch UBND xã Phú Thọ, cho biết: năm 2024 xã đạt 19/19 tiêu chí.",
    "Ông nhìn bức hình rồi quay sang hỏi bọn trẻ quen hơi cứ hay chạy nhảy theo điệu nhạc.",
    "Một máy dò khói phát hiện cháy, mẹ Hải bế em bé sơ sinh đi nhảy đầm không?",
    "Hội Nông dân tỉnh trao 50 suất quà (mỗi suất 500.000 đồng) cho hội viên khó khăn ở TP.HCM.",
    "Thực hiện Nghị quyết số 01-NQ/TU ngày 19/8/2022 và Quyết định 123/QĐ-UBND của Ủy ban nhân dân tỉnh.",
    "cứ lũy tiến lên mà tính, bé Thọ chơi nghịch bị ngã",
    "Một",
    "Hai từ",
]
SETTINGS = [CascadeSetting(4.0, 2.0, 1.5), CascadeSetting(math.inf, 1.0, 0.5), CascadeSetting(8.0, 3.0, -0.5)]


def _reference(tokens: list[str], forced: list[bool], setting: CascadeSetting) -> tuple[list[bool], list[int]]:
    """The cascade's labels and asked positions, the long way."""
    crf = load_segmenter().crf
    teacher = load()
    normalize = get_backend("underthesea")._token_normalize
    n = len(tokens)
    margin = [m + crf.start_bias + setting.bias_shift for m in crf.margins(tokens, forced)]
    # max-marginal gaps from full path scores (label B scores the margin, I scores 0)
    (bb, bi), (ib, ii) = crf.transitions
    fb, fi = [margin[0]], [0.0]
    for k in range(1, n):
        fb.append(max(fb[-1] + bb, fi[-1] + ib) + margin[k])
        fi.append(max(fb[-2] + bi, fi[-1] + ii))
    rb, ri = [0.0] * n, [0.0] * n
    for k in range(n - 2, -1, -1):
        rb[k] = max(bb + margin[k + 1] + rb[k + 1], bi + ri[k + 1])
        ri[k] = max(ib + margin[k + 1] + rb[k + 1], ii + ri[k + 1])
    gaps = [(fb[k] + rb[k]) - (fi[k] + ri[k]) for k in range(n)]
    asked = [k for k in range(n) if not forced[k] and abs(gaps[k]) < setting.threshold]
    scores = teacher.reference_margins([normalize(t) for t in tokens])
    for k in asked:
        margin[k] += setting.teacher_weight * scores[k]
    edges = [[[a + (setting.teacher_weight * t if k in asked or k - 1 in asked else 0.0) for a, t in zip(ra, rt)]
              for ra, rt in zip(crf.transitions, teacher.transitions)] for k in range(1, n)]
    return _full_viterbi(margin, edges), asked


def _full_viterbi(margin: list[float], edges: list[list[list[float]]]) -> list[bool]:
    """Viterbi over full scores [B, I], ``edges[k - 1][a][b]`` from label a at k - 1 to b at k; ties to B."""
    best = [margin[0], 0.0]
    back = []
    for k in range(1, len(margin)):
        t = edges[k - 1]
        into = [max((0, 1), key=lambda a, b=b: (best[a] + t[a][b], -a)) for b in (0, 1)]
        back.append(into)
        best = [best[into[0]] + t[into[0]][0] + margin[k], best[into[1]] + t[into[1]][1]]
    label = 0 if best[0] >= best[1] else 1
    out = [label]
    for into in reversed(back):
        label = into[label]
        out.append(label)
    return [label == 0 for label in reversed(out)]


def _exhaustive(margin: list[float], edges: list[list[list[float]]]) -> list[bool]:
    def score(labels: tuple[int, ...]) -> float:
        return sum(margin[k] for k, y in enumerate(labels) if y == 0) + sum(
            edges[k - 1][labels[k - 1]][labels[k]] for k in range(1, len(labels)))

    best = max(itertools.product((0, 1), repeat=len(margin)), key=score)
    return [y == 0 for y in best]


def _prepared(text: str) -> tuple[list[str], list[bool]]:
    _, tokens, forced = line_tokens(text, get_backend("cascade"))
    return tokens, forced


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("text", WRITTEN)
def test_decisions_are_the_reference_product_of_experts(text: str, setting: CascadeSetting) -> None:
    tokens, forced = _prepared(text)
    got, asked = Cascade(setting).decide(tokens, forced)
    want, want_asked = _reference(tokens, forced, setting)
    assert asked == want_asked
    assert got == want


def test_the_written_sentences_ask_the_teacher_and_change_cuts() -> None:
    setting = load_setting()
    asked = changed = 0
    for text in WRITTEN:
        tokens, forced = _prepared(text)
        starts, where = Cascade(setting).decide(tokens, forced)
        asked += len(where)
        changed += starts != get_backend("vnpolicy").word_starts(tokens, forced)
    assert asked >= 5 and changed >= 1


def test_threshold_zero_is_the_own_segmenter() -> None:
    student = get_backend("vnpolicy")
    cascade = Cascade(CascadeSetting(0.0, 2.0, 0.0))
    for text in WRITTEN:
        tokens, forced = _prepared(text)
        assert cascade.word_starts(tokens, forced) == student.word_starts(tokens, forced)
        assert cascade.decide(tokens, forced)[1] == []


def test_reference_viterbi_is_the_exhaustive_best_path() -> None:
    crf = load_segmenter().crf
    teacher = load()
    for text in ("cứ lũy tiến lên mà tính", "mẹ Hải bế em bé sơ sinh", "Hai từ"):
        tokens, forced = _prepared(text)
        margin = [m + crf.start_bias for m in crf.margins(tokens, forced)]
        for touched in ([False] * len(tokens), [k % 2 == 0 for k in range(len(tokens))]):
            edges = [[[a + (2 * t if touched[k] or touched[k - 1] else 0.0) for a, t in zip(ra, rt)]
                      for ra, rt in zip(crf.transitions, teacher.transitions)] for k in range(1, len(tokens))]
            want = _exhaustive(margin, edges)
            assert _full_viterbi(margin, edges) == want
            extra = [[2 * t for t in row] for row in teacher.transitions]
            assert viterbi_edges(margin, crf.transitions, extra, touched) == want


def test_untouched_viterbi_and_backtrack_are_the_segmenters_viterbi() -> None:
    from vnpolicy.tokenize.crf_weights import _viterbi

    crf = load_segmenter().crf
    for text in WRITTEN:
        tokens, forced = _prepared(text)
        margin = [m + crf.start_bias for m in crf.margins(tokens, forced)]
        want = _viterbi(margin, crf.transitions)
        assert backtrack(forward_differences(margin, crf.transitions), crf.transitions) == want
        assert viterbi_edges(margin, crf.transitions, [[9.0, 9.0], [9.0, 9.0]], [False] * len(tokens)) == want
        # the Viterbi's label of each token is the sign of its max-marginal gap
        gaps = max_marginal_gaps(margin, crf.transitions)
        assert [g > 0 for g in gaps] == want


def test_doubtful_tokens_are_the_gaps_within_the_threshold() -> None:
    """doubtful_tokens reads the gaps as max_marginal_gaps computes them: the same tokens as
    filtering its list, whatever the threshold and the forced tokens."""
    crf = load_segmenter().crf
    for text in WRITTEN:
        tokens, forced = _prepared(text)
        margin = [m + crf.start_bias for m in crf.margins(tokens, forced)]
        forward = forward_differences(margin, crf.transitions)
        gaps = max_marginal_gaps(margin, crf.transitions, forward)
        for threshold in (0.0, 0.5, 2.0, 5.0, math.inf):
            for flags in (forced, [False] * len(tokens), [k % 3 == 0 for k in range(len(tokens))]):
                want = [k for k, (g, f) in enumerate(zip(gaps, flags)) if not f and -threshold < g < threshold]
                assert doubtful_tokens(margin, crf.transitions, forward, flags, threshold) == want
    assert doubtful_tokens([], crf.transitions, [], [], math.inf) == []


def test_teacher_scores_of_chosen_tokens_are_the_whole_sentences() -> None:
    teacher = load()
    normalize = get_backend("underthesea")._token_normalize
    for text in WRITTEN:
        tokens = [normalize(t) for t in _prepared(text)[0]]
        whole = teacher.reference_margins(tokens)
        for positions in (list(range(len(tokens))), list(range(0, len(tokens), 3)), [len(tokens) - 1], []):
            assert teacher.margins_at(tokens, positions) == [whole[k] for k in positions]


def test_protected_items_stay_whole() -> None:
    text = ("Ngày 19/8/2022, UBND TP.HCM ban hành Quyết định số 123/QĐ-UBND và Nghị quyết 01-NQ/TU; "
            "liên hệ vanphong@tamnong.gov.vn lúc 08:30, khóa XI, Covid-19, 98/118 hộ.")
    words = vnpolicy.word_tokenize(text, backend="cascade")
    for item in ("19/8/2022", "TP.HCM", "123/QĐ-UBND", "01-NQ/TU", "vanphong@tamnong.gov.vn", "08:30", "XI",
                 "Covid-19", "98/118", "UBND"):
        assert item in words
    assert "Ủy ban nhân dân" in vnpolicy.word_tokenize("Ủy ban nhân dân tỉnh họp.", backend="cascade")


def test_shipped_setting_and_bad_settings(tmp_path: Path) -> None:
    shipped = json.loads(CONFIG.read_text(encoding="utf-8"))
    assert load_setting() == CascadeSetting(shipped["threshold"], shipped["teacher_weight"], shipped["bias_shift"])
    path = tmp_path / "cascade.json"
    path.write_text(json.dumps({"threshold": None, "teacher_weight": 1, "bias_shift": 0}), encoding="utf-8")
    assert load_setting(path) == CascadeSetting(math.inf, 1.0, 0.0)
    for bad in ({"threshold": 4, "teacher_weight": "2", "bias_shift": 0}, {"threshold": 4, "teacher_weight": 2},
                {"threshold": 4, "teacher_weight": 2, "bias_shift": float("inf")}, [1, 2, 3]):
        path.write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(ModelError, match="cascade"):
            load_setting(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot read"):
        load_setting(path)
