"""vnpolicy's own CRF segmenter: its model file, its words, and skipping steps in the pipeline."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

import vnpolicy
from vnpolicy.errors import ModelError
from vnpolicy.tokenize.crf import DEFAULT_MODEL, FEATURE_GROUPS, SegmenterModel, shape, token_features


def test_shipped_model_loads_and_segments_portal_text():
    words = vnpolicy.word_tokenize(
        "Sáng 12/3/2024, Ban Dân vận Huyện ủy Lấp Vò tổ chức hội nghị triển khai Kế hoạch số 45-KH/HU "
        "về thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2021 – 2025.", backend="vnpolicy")
    for run in (["Ban", "Dân vận", "Huyện ủy", "Lấp Vò"], ["tổ chức", "hội nghị", "triển khai"],
                ["Kế hoạch", "số", "45-KH/HU"], ["12/3/2024"], ["thi đua"]):
        assert any(words[i:i + len(run)] == run for i in range(len(words))), (run, words)


def test_features_fold_case_and_tone_placement():
    """"Hoà" and "hòa" look the same to the word features: old- and new-style text segment alike;
    the case is a feature of its own (a name's syllables join more often)."""
    a = token_features(["Hoà", "bình"], [True, False], frozenset({"hòa bình"}))
    b = token_features(["hòa", "bình"], [True, False], frozenset({"hòa bình"}))

    def words(row: list[str]) -> list[str]:
        return [f for f in row if not f.startswith(("s=", "s5=", "c"))]

    assert words(a[0]) == words(b[0]) and words(a[1]) == words(b[1])
    assert "dr2" in a[0] and "dl2" in a[1]
    assert {"cw=hòa/t", "cb1=hòa|bình/tl"} <= set(a[0]) and {"cp=hòa/t", "cb0=hòa|bình/tl"} <= set(a[1])
    assert not any(f.startswith("c") for row in b for f in row)  # lower case: no case features
    assert "cb0=hòa|bình/tt" in token_features(["Hoà", "Bình"], [True, False], frozenset())[1]


def test_dictionary_pairs_tell_a_token_its_neighbours_words():
    """"dp2": a two-syllable dictionary word ends at the token's left neighbour; "dn2": one starts
    at its right neighbour (underthesea's T[-2,-1] and T[1,2] dictionary
    features). Only with the "pairs" group."""
    tokens = ["cán", "bộ", "xã", "đi", "công", "tác"]
    dictionary = frozenset({"cán bộ", "công tác"})
    rows = token_features(tokens, [True] + [False] * 5, dictionary)
    flags = [{f for f in row if f in ("dp2", "dn2", "dl2", "dr2")} for row in rows]
    assert flags == [{"dr2"}, {"dl2"}, {"dp2"}, {"dn2"}, {"dr2"}, {"dl2"}]
    plain = token_features(tokens, [True] + [False] * 5, dictionary, frozenset())
    assert not any(f in ("dp2", "dn2") or f.startswith("s5=") for row in plain for f in row)


def test_shape_classes():
    assert [shape(t) for t in ("bình", "Hà", "UBND", "2024", ",", "iPhone")] == ["l", "t", "u", "d", "p", "m"]


def test_model_file_round_trip_is_byte_identical(tmp_path: Path):
    model = SegmenterModel.load(DEFAULT_MODEL)
    out = model.save(tmp_path / "seg.zip")
    again = SegmenterModel.load(out).save(tmp_path / "again.zip")
    assert out.read_bytes() == again.read_bytes()
    with zipfile.ZipFile(DEFAULT_MODEL) as zf:
        if json.loads(zf.read("manifest.json"))["format_version"] == 6:  # an older file is saved as version 6
            assert out.read_bytes() == DEFAULT_MODEL.read_bytes()


def _rewrite(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    with zipfile.ZipFile(dst, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return dst


def _tamper_dictionary(m):
    m["dictionary.txt"] = m["dictionary.txt"] + b"\nxin chao"


def _bad_sha(m):
    meta = json.loads(m["manifest.json"])
    meta["sha256"] = "abc"
    m["manifest.json"] = json.dumps(meta).encode()


def _extra_member(m):
    m["../evil.py"] = b"import os"


def _short_array(m):
    m["bigrams.f4"] = m["bigrams.f4"][:-20]
    meta = json.loads(m["manifest.json"])
    meta["sha256"]["bigrams.f4"] = hashlib.sha256(m["bigrams.f4"]).hexdigest()
    m["manifest.json"] = json.dumps(meta).encode()


def _nan_weight(m):
    m["shapes.f4"] = b"\x00\x00\xc0\x7f" + m["shapes.f4"][4:]  # a float32 NaN first
    meta = json.loads(m["manifest.json"])
    meta["sha256"]["shapes.f4"] = hashlib.sha256(m["shapes.f4"]).hexdigest()
    m["manifest.json"] = json.dumps(meta).encode()


def _unknown_pretokenizer(m):
    meta = json.loads(m["manifest.json"])
    meta["info"]["pretokenizer"] = "whitespace"
    m["manifest.json"] = json.dumps(meta).encode()


def _wrong_version(m):
    meta = json.loads(m["manifest.json"])
    meta["format_version"] = 99
    m["manifest.json"] = json.dumps(meta).encode()


@pytest.mark.parametrize("change, message", [
    (_tamper_dictionary, "integrity check failed for dictionary.txt"),
    (_bad_sha, "'sha256'"),
    (_extra_member, "unexpected member '../evil.py'"),
    (_wrong_version, "format version 99"),
    (_unknown_pretokenizer, "unknown pretokenizer 'whitespace'"),
    (lambda m: m.pop("bigrams.f4"), "not a vnpolicy segmenter"),
    (_short_array, "bigrams.f4 holds"),
    (_nan_weight, "not finite"),
    (lambda m: m.__setitem__("manifest.json", b"{not json"), "not JSON"),
])
def test_damaged_model_files_raise_model_error_naming_the_problem(tmp_path, change, message):
    bad = _rewrite(DEFAULT_MODEL, tmp_path / "bad.zip", change)
    with pytest.raises(ModelError, match=message) as info:
        SegmenterModel.load(bad)
    assert str(bad) in str(info.value)


def test_not_a_model_at_all(tmp_path: Path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ModelError):
        SegmenterModel.load(junk)
    with pytest.raises(ModelError, match="is a folder"):
        SegmenterModel.load(tmp_path)
    fifo = tmp_path / "model.fifo"
    import os

    os.mkfifo(fifo)
    with pytest.raises(ModelError, match="FIFO"):  # refused at once, not waited on
        SegmenterModel.load(fifo)


# --- the numpy tagger is crfsuite's decision --------------------------------------------

_TRAIN = [  # written for this test: word boundaries marked with "_" inside words
    "Ban_Dân_vận Tỉnh_ủy tổ_chức hội_nghị triển_khai nghị_quyết .",
    "Ủy_ban nhân_dân tỉnh ban_hành kế_hoạch số 45-KH/UBND về phát_triển kinh_tế .",
    "Người_dân vận_động con_em nhập_ngũ và tham_gia bảo_vệ Tổ_quốc .",
    "Hội_nghị lần thứ XII | đánh_giá kết_quả thực_hiện nghị_quyết || năm 2024 .",
    "Đồng_chí Bí_thư Tỉnh_ủy phát_biểu chỉ_đạo hội_nghị .",
]
_TAG = [
    "Ban Thường vụ Huyện ủy tổ chức hội nghị | đánh giá kết quả năm 2024.",
    "Người dân tỉnh tham gia phát triển kinh tế || bảo vệ Tổ quốc.",
    "Ủy ban nhân dân huyện ban hành nghị quyết số 12/NQ-HĐND",
    "Hội nghị",
    "|",
]


@pytest.mark.parametrize("groups", [FEATURE_GROUPS, frozenset({"pairs"}), frozenset()])
def test_numpy_tagger_makes_crfsuite_s_decisions(tmp_path: Path, groups: frozenset[str]):
    """A crfsuite model trained here, converted, tags every token as crfsuite does ("|" tokens too),
    whichever optional feature groups it was trained with."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from vnpolicy.tokenize import line_tokens
    from vnpolicy.tokenize.crf import Crf

    dictionary = frozenset({"hội nghị", "tỉnh ủy", "ủy ban", "ủy ban nhân dân", "kinh tế", "bảo vệ tổ quốc"})
    segmenter = Crf()
    trainer = pycrfsuite.Trainer(verbose=False)
    for line in _TRAIN:
        text = line.replace("_", " ")
        starts, pos = set(), 0
        for word in line.split():
            starts.add(pos)
            pos += len(word) + 1
        spans, tokens, forced = line_tokens(text, segmenter)
        labels = ["B" if s in starts or f or i == 0 else "I" for i, ((s, _), f) in enumerate(zip(spans, forced))]
        trainer.append(token_features(tokens, forced, dictionary, groups), labels)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "crf.bin"))
    crf_bytes = (tmp_path / "crf.bin").read_bytes()
    model = SegmenterModel.from_crfsuite(crf_bytes, dictionary, {})
    reloaded = SegmenterModel.load(model.save(tmp_path / "seg.zip"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "crf.bin"))
    for text in _TAG + [line.replace("_", " ") for line in _TRAIN]:
        _, tokens, forced = line_tokens(text, segmenter)
        expected = [tag == "B" for tag in tagger.tag(token_features(tokens, forced, dictionary, groups))]
        assert model.crf.word_starts(tokens, forced) == expected, text
        assert reloaded.crf.word_starts(tokens, forced) == expected, text
    # All lines at once in numpy (case rows, forced tokens, four-syllable words): the same floats
    items = [line_tokens(text, segmenter)[1:] for text in _TAG + [line.replace("_", " ") for line in _TRAIN]]
    items.insert(2, ([], []))
    for crf in (model.crf, reloaded.crf):
        assert crf.margins_many(items) == [crf.margins(tokens, forced) for tokens, forced in items]
        assert crf.margins_many(items, 0.25) == [[m + 0.25 for m in crf.margins(tokens, forced)] for tokens, forced in items]
    assert model.word_starts_many(items * 20) == [model.word_starts(tokens, forced) for tokens, forced in items * 20]



def test_start_bias_is_stored_in_the_model_file_and_moves_the_cuts(tmp_path: Path):
    """The shipped model carries its start bias; a bias shifts every B-minus-I score before the Viterbi."""
    from vnpolicy.tokenize import line_tokens
    from vnpolicy.tokenize.crf import Crf
    from vnpolicy.tokenize.crf_weights import _viterbi

    model = SegmenterModel.load(DEFAULT_MODEL)
    with zipfile.ZipFile(DEFAULT_MODEL) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["format_version"] in (5, 6) and manifest["start_bias"] == model.crf.start_bias
    assert "start_bias_chosen_on" in manifest["info"]  # chosen on held-out sentences, and says so
    _, tokens, forced = line_tokens("Chi bộ ấp Tân Hòa họp bàn việc sửa đường giao thông nông thôn.", Crf())
    margin = model.crf.margins(tokens, forced)
    assert model.crf.word_starts(tokens, forced) == _viterbi([m + model.crf.start_bias for m in margin],
                                                             model.crf.transitions)
    model.crf.start_bias = 50.0  # every token starts a word
    assert all(model.crf.word_starts(tokens, forced))
    model.crf.start_bias = -50.0  # no token but the forced ones (the full stop) does
    reloaded = SegmenterModel.load(model.save(tmp_path / "biased.zip"))
    assert reloaded.crf.start_bias == -50.0
    assert reloaded.word_starts(tokens, forced) == [i == 0 or f for i, f in enumerate(forced)]


_TRIPLES = np.arange(512, dtype="<f4") / 100  # a made-up weight for each (own, left, right) shape triple


def _version(version: int):
    """A file as versions 4 and 5 wrote them: no case tables, 512 shape triples (4: no bias)."""
    def change(m):
        meta = json.loads(m["manifest.json"])
        for name in ("cased.i8", "cased.f4", "casedpairs.i8", "casedpairs.f4"):
            del m[name], meta["rows"][name], meta["sha256"][name]
        m["shapes.f4"] = _TRIPLES.tobytes()
        meta["rows"]["shapes.f4"] = 512
        meta["sha256"]["shapes.f4"] = hashlib.sha256(m["shapes.f4"]).hexdigest()
        meta["format_version"] = version
        if version == 4:
            del meta["start_bias"]
        m["manifest.json"] = json.dumps(meta).encode()
    return change


def test_version_4_and_5_files_load_as_they_decided_and_a_bad_bias_is_refused(tmp_path: Path):
    from vnpolicy.tokenize.crf_weights import SHAPES

    v6 = SegmenterModel.load(DEFAULT_MODEL).save(tmp_path / "v6.zip")  # the shipped model as version 6
    old = SegmenterModel.load(_rewrite(v6, tmp_path / "v4.zip", _version(4)))
    assert old.crf.start_bias == 0.0 and not old.crf.cased and not old.crf.cased_pairs
    v5 = SegmenterModel.load(_rewrite(v6, tmp_path / "v5.zip", _version(5)))
    assert v5.crf.start_bias == SegmenterModel.load(DEFAULT_MODEL).crf.start_bias
    for window in ("^^ltl", "ttttt", "dpd$$", "^lup$"):  # a window scores its (own, left, right) triple
        code = 0
        for c in window:
            code = code * 8 + SHAPES.index(c)
        triple = SHAPES.index(window[2]) * 64 + SHAPES.index(window[1]) * 8 + SHAPES.index(window[3])
        assert v5.crf.shape_margin[code] == pytest.approx(float(_TRIPLES[triple]))

    def mixed(m):  # version 5 in the manifest, but the case tables of version 6
        meta = json.loads(m["manifest.json"])
        meta["format_version"] = 5
        m["manifest.json"] = json.dumps(meta).encode()

    with pytest.raises(ModelError, match="a version 5 segmenter holds"):
        SegmenterModel.load(_rewrite(v6, tmp_path / "mixed.zip", mixed))

    def no_bias(m):
        meta = json.loads(m["manifest.json"])
        meta["start_bias"] = "-0.5"
        m["manifest.json"] = json.dumps(meta).encode()

    bad = _rewrite(DEFAULT_MODEL, tmp_path / "bad.zip", no_bias)
    with pytest.raises(ModelError, match="'start_bias' must be a finite number") as info:
        SegmenterModel.load(bad)
    assert str(bad) in str(info.value)


def test_viterbi_on_score_differences_finds_the_best_path():
    """The Viterbi that carries only B-minus-I scores picks the best of all label paths."""
    import itertools
    import random

    from vnpolicy.tokenize.crf_weights import _viterbi

    rng = random.Random(7)
    for _ in range(300):
        margin = [rng.uniform(-3, 3) for _ in range(rng.randint(1, 7))]
        transitions = [[rng.uniform(-2, 2) for _ in range(2)] for _ in range(2)]

        def score(path, margin=margin, transitions=transitions):  # True = B; B scores its margin, I 0
            total = sum(m for m, b in zip(margin, path) if b)
            return total + sum(transitions[not a][not b] for a, b in zip(path, path[1:]))

        best = max(itertools.product((True, False), repeat=len(margin)), key=score)
        assert score(_viterbi(margin, transitions)) == pytest.approx(score(best)), margin


def test_protected_spans_tried_only_where_one_can_start_match_the_full_scan():
    """The candidate-start scan finds what the one regex finds scanning every character."""
    from vnpolicy.tokenize.protected import PROTECTED, protected_spans

    sentences = [
        "Nghị quyết số 01-NQ/TU ngày 19/8/2022 của Ban Thường vụ Tỉnh ủy khóa XI./.",
        "ĐẢNG CỘNG SẢN VIỆT NAM - QĐ-UBND, NQ/TW và Nghị quyết TW4 khóa XII",
        "Đ/c Nguyễn Văn A, đ/c Trần B, các ngành v.v. đã họp lúc 7h30 tại TP.HCM, Q.1",
        "Xem dongthap.gov.vn hoặc gửi thư tới bbt@dongthap.gov.vn trước quý III/2022",
        "tăng 3,5% lên 1.234,5 tỷ đồng giai đoạn 2021-2025, 14:05:09 https://x.vn/a?b=1.",
        "không có gì được bảo vệ ở đây cả",
    ]
    for text in sentences:
        for start, end in ((0, len(text)), (3, len(text) - 4), (10, 30)):
            full = [(m.start(), m.end(), m.lastgroup) for m in PROTECTED.finditer(text, start, end)]
            assert protected_spans(text, start, end) == full, (text, start, end)
    assert protected_spans(sentences[0])[:2] == [(14, 22, "legal_number"), (28, 37, "date")]

# --- paying only for what is used ----------------------------------------------------------


def test_disable_tokenize_keeps_entities_and_topics(seed_text):
    full = vnpolicy.Pipeline()(seed_text)
    lean = vnpolicy.Pipeline(disable=["tokenize"])(seed_text)
    assert lean.tokens == [] and lean.sentences == []
    assert [(e.label, e.text) for e in lean.entities] == [(e.label, e.text) for e in full.entities]
    assert lean.topic == full.topic == "dan_van"
    assert lean.text == full.text


def test_disable_names_are_checked():
    with pytest.raises(ValueError, match="unknown step 'tokens'"):
        vnpolicy.Pipeline(disable=["tokens"])
    with pytest.raises(ValueError, match="'normalize' cannot be disabled"):
        vnpolicy.Pipeline(disable=["normalize"])
    nlp = vnpolicy.Pipeline(disable=["entities", "topics"])
    assert nlp.step_names == ["normalize", "tokenize"]


def test_numbers_with_slashes_and_names_with_a_number_stay_whole():
    """Found on data/articles: "98/118 trường" and "Covid-19" were cut at "/" and "-" (underthesea keeps them)."""
    words = vnpolicy.word_tokenize("Đã có 98/118 trường học hoàn thành tiêm vắc xin phòng Covid-19 cho học sinh.",
                                   backend="vnpolicy")
    assert "98/118" in words and "Covid-19" in words, words
    # a long run that fails at its end is cut into tokens, not tried again from inside
    assert vnpolicy.word_tokenize("1/" * 5000 + "x", backend="vnpolicy")[-1] == "x"


def test_pretokenizer_gives_the_teachers_tokens_and_comes_from_the_model_file(tmp_path: Path):
    """Found on VNTC: underthesea's words "C.", "L.T.A", "e-mail", "300" "g" could not be made of
    TOKEN's tokens (a mark is always a word of its own), whatever the CRF decided."""
    from vnpolicy.tokenize import line_tokens
    from vnpolicy.tokenize.crf import Crf

    text = "Chị L.T.M mua 500g đường, nhắn e-mail cho anh K. rồi về nhà."
    teacher = line_tokens(text, Crf(pretokenizer="underthesea"))[1]
    assert {"L.T.M", "500", "g", "e-mail", "K."} <= set(teacher), teacher
    assert "K." in vnpolicy.word_tokenize(text, backend="underthesea")
    plain = line_tokens(text, Crf(pretokenizer="vnpolicy"))[1]
    assert "500g" in plain and "e-mail" not in plain
    # A model file says which cut it was trained on; one that says nothing was trained on TOKEN.
    for name, wanted in (("underthesea", "L.T.M"), (None, "L")):
        model = SegmenterModel.load(DEFAULT_MODEL)
        model.info.pop("pretokenizer", None)
        if name:
            model.info["pretokenizer"] = name
        path = model.save(tmp_path / f"{name}.zip")
        assert line_tokens(text, Crf(str(path)))[1][1] == wanted
    with pytest.raises(ValueError, match="pretokenizer must be one of"):
        Crf(pretokenizer="spaces")


def test_underthesea_tokens_fast_path_matches_the_full_pattern():
    """Plain words skip the pattern; everything else (and "Th…", which underthesea's "Th.s" can
    take) goes through it, with the text around it: the same spans as finditer."""
    from vnpolicy.tokenize.backends import underthesea_token_pattern, underthesea_tokens

    text = ("Đoàn công tác của Th.S Trần Văn Bình đến Thessaloniki ngày 12.3.2024, mua 1.600m-2.000m "
            "dây (giá 4.123,5 đồng/m), gửi e-mail tới ttxa@gmail.com và http://www.xaydungdang.vn/a.html; "
            "tham gia: H&M, NĐ-CP, Tp. Huế, v.v... anh K.")
    pattern = underthesea_token_pattern()
    for start, end in ((0, len(text)), (5, len(text) - 3), (40, 90)):
        assert underthesea_tokens(text, start, end) == [m.span() for m in pattern.finditer(text, start, end)]


def test_held_out_f1_counts_words_the_models_tokens_cannot_give():
    """build_segmenter.py scored a model against the reference cut to the model's own tokens, so
    a word its tokens cannot give ("L.T.A", with "." a token of its own) was never counted as
    missed. It is now scored against the reference's own words."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from build_segmenter import HeldOut

    text = "Bà L.T.A nhận quà."
    row = (text, [0, 3, 9, 14, 17])  # Bà | L.T.A | nhận | quà | .
    model = SegmenterModel.load(DEFAULT_MODEL)
    scores = {}
    for name in ("vnpolicy", "underthesea"):
        model.info["pretokenizer"] = name
        scores[name] = HeldOut([row], model).scores(0.0)[2]
    assert scores["vnpolicy"] < 0.9  # "L", ".", "T", ".", "A" cannot make "L.T.A"
    assert scores["underthesea"] > scores["vnpolicy"]


def test_backend_edges_by_bisection_equal_a_scan_of_every_term():
    """_backend_edges finds the terms near each word by bisection (a line of nothing but terms,
    "Đảng ủy Đảng ủy …", was quadratic); its edges equal those of a scan over every term."""
    import random

    from vnpolicy.tokenize import lexicon

    def by_scan(n, words, terms):
        edges = [[] for _ in range(n)]
        disturbed = set()
        for i, j in terms:
            disturbed.update(range(i, j))
        for a, b in words:
            blocked = [(i, j) for i, j in terms if i < b and a < j and (i, j) != (a, b) and not (a >= i and b <= j)]
            if not blocked or b - a == 1:
                edges[a].append((b, lexicon.WORD_COST, (b,)))
                continue
            disturbed.update(range(a, b))
            covered = set()
            for i, j in blocked:
                covered.update(range(max(i, a), min(j, b)))
            for k, m in lexicon._runs_outside(a, b, covered):
                edges[k].append((m, lexicon.WORD_COST, (m,)))
        for k in range(n):
            edges[k].append((k + 1, lexicon.WORD_COST, (k + 1,)))
        return edges, disturbed

    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(1, 40)
        cuts = sorted({0, n, *rng.sample(range(1, n), min(n - 1, rng.randint(0, n - 1)))}) if n > 1 else [0, 1]
        words = list(zip(cuts, cuts[1:]))
        terms = [(i, min(n, i + rng.randint(1, 4))) for i in (rng.randrange(n) for _ in range(rng.randint(0, 8)))]
        assert lexicon._backend_edges(n, words, terms) == by_scan(n, words, terms)
