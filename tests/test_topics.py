"""Topic classification: the shipped model, the model file format, training and evaluation."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import vnpolicy
from vnpolicy.cli import main as cli_main
from vnpolicy.errors import ModelError, VnpolicyError
from vnpolicy.topics import TOPIC_SLUGS, TopicInputError, classify, explain, load_model
from vnpolicy.topics.features import FeatureSettings, analyze, fold
from vnpolicy.topics.model import TopicModel
from vnpolicy.topics.train import DataError, LabelledText, read_labelled, train_model

ROOT = Path(__file__).resolve().parent.parent

CLEAR = {
    "dan_van": "Ban Dân vận Huyện ủy tổ chức sơ kết phong trào thi đua “Dân vận khéo”, biểu dương 20 mô hình "
               "dân vận khéo tiêu biểu; các xã duy trì đối thoại giữa người đứng đầu cấp ủy với nhân dân.",
    "nong_thon_moi": "Xã Tân Mỹ được UBND tỉnh công nhận đạt chuẩn nông thôn mới nâng cao sau khi hoàn thành "
                     "19/19 tiêu chí; Văn phòng Điều phối nông thôn mới đã thẩm định hồ sơ.",
    "xay_dung_dang": "Đảng bộ xã tổ chức lễ kết nạp 5 đảng viên mới; Ủy ban Kiểm tra Huyện ủy kiểm tra việc "
                     "chấp hành Điều lệ Đảng tại các chi bộ.",
    "quoc_phong_an_ninh": "Hội đồng nghĩa vụ quân sự huyện tổ chức lễ giao nhận quân, 150 thanh niên lên đường "
                          "nhập ngũ; Công an huyện bảo đảm an ninh trật tự.",
    "y_te": "Trung tâm Y tế huyện phun hóa chất diệt muỗi, phòng chống sốt xuất huyết; trạm y tế xã tổ chức "
            "tiêm chủng cho trẻ em.",
    "giao_duc": "Hơn 900 học sinh Trường THCS dự lễ khai giảng năm học mới; Phòng Giáo dục và Đào tạo đón "
                "thêm 3 trường đạt chuẩn quốc gia.",
    "tai_nguyen_moi_truong": "Sạt lở bờ sông làm sụp 3 căn nhà; Ban Chỉ huy phòng chống thiên tai di dời khẩn cấp "
                             "các hộ dân, Sở Tài nguyên và Môi trường khảo sát xây kè.",
}


@pytest.fixture(scope="module")
def model() -> TopicModel:
    return load_model()


def _small_items() -> list[LabelledText]:
    texts = {
        "y_te": ["bệnh viện khám chữa bệnh cho người dân", "trạm y tế tiêm chủng vắc xin cho trẻ em",
                 "phòng chống dịch sốt xuất huyết, bác sĩ khám bệnh", "bảo hiểm y tế chi trả khám chữa bệnh"],
        "giao_duc": ["học sinh dự lễ khai giảng năm học mới", "giáo viên dạy giỏi, học sinh giỏi cấp tỉnh",
                     "kỳ thi tốt nghiệp trung học phổ thông", "trường học đạt chuẩn quốc gia, học sinh đến trường"],
    }
    return [LabelledText(t, [lab], f"{lab}-{i}") for lab, ts in texts.items() for i, t in enumerate(ts)]


# -- the shipped model ---------------------------------------------------------------------


def test_seed_is_dan_van(seed_text: str) -> None:
    scores = vnpolicy.classify(seed_text)
    assert scores[0][0] == "dan_van"
    assert [s for s, _ in scores] and sorted(s for s, _ in scores) == sorted(TOPIC_SLUGS)
    values = [v for _, v in scores]
    assert values == sorted(values, reverse=True)
    assert all(0.0 <= v <= 1.0 for v in values)


@pytest.mark.parametrize("slug", sorted(CLEAR))
def test_clear_articles(model: TopicModel, slug: str) -> None:
    assert classify(CLEAR[slug], model=model)[0][0] == slug


def test_dan_van_versus_mat_tran(model: TopicModel) -> None:
    mt = ("Ủy ban MTTQ Việt Nam xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư, trao quà từ "
          "Quỹ Vì người nghèo; Hội Nông dân, Hội Phụ nữ, Đoàn Thanh niên cùng tham gia.")
    assert classify(mt, model=model)[0][0] == "mat_tran_doan_the"
    assert classify(CLEAR["dan_van"], model=model)[0][0] == "dan_van"


@pytest.mark.parametrize("text, slug", [
    ("Ủy ban Kiểm tra Huyện ủy thi hành kỷ luật khiển trách một đảng viên vi phạm Điều lệ Đảng, "
     "yêu cầu chi bộ tổ chức kiểm điểm.", "xay_dung_dang"),
    ("Ban Nội chính Tỉnh ủy đôn đốc xử lý các vụ án tham nhũng; Thanh tra tỉnh kiến nghị thu hồi "
     "tiền sai phạm và chuyển hồ sơ sang cơ quan điều tra.", "noi_chinh_phap_luat"),
    ("Hợp tác xã ký hợp đồng bao tiêu lúa với doanh nghiệp xuất khẩu; thu ngân sách và giải ngân vốn "
     "đầu tư công đạt khá.", "kinh_te"),
    ("Xã hoàn thành 19 tiêu chí, được công nhận đạt chuẩn nông thôn mới; người dân hiến đất làm đường "
     "giao thông nông thôn.", "nong_thon_moi"),
])
def test_confusable_pairs(model: TopicModel, text: str, slug: str) -> None:
    assert classify(text, model=model)[0][0] == slug


def test_explanation_names_dan_van(seed_text: str) -> None:
    best = explain(seed_text, topics=2, top=10)
    assert best[0].topic == "dan_van"
    phrases = [p for p, _ in best[0].phrases]
    assert any("dân vận" in p for p in phrases)
    assert all(w > 0 for _, w in best[0].phrases)
    assert len(best) == 2 and best[0].score >= best[1].score


def test_bad_texts_raise_clear_errors(model: TopicModel) -> None:
    with pytest.raises(TopicInputError, match="empty"):
        classify("   \n", model=model)
    with pytest.raises(TopicInputError, match="no Vietnamese"):
        classify("The meeting reviewed the 2024 budget.", model=model)
    assert issubclass(TopicInputError, ValueError) and issubclass(TopicInputError, VnpolicyError)


def test_pipeline_uses_topic_model(seed_text: str, tmp_path: Path) -> None:
    path = train_model(_small_items(), calibrate=False).save(tmp_path / "m.zip")
    nlp = vnpolicy.Pipeline(topic_model=str(path), entities=False)
    doc = nlp("Khám chữa bệnh\n\nBệnh viện huyện khám chữa bệnh, tiêm chủng vắc xin cho trẻ em.")
    assert doc.topic == "y_te"
    assert {s for s, _ in doc.topics} == {"y_te", "giao_duc"}


# -- features ------------------------------------------------------------------------------


def test_fold_unifies_tone_placement() -> None:
    assert fold("Hoà giải, thuỷ lợi") == fold("Hòa giải, thủy lợi") == "hòa giải, thủy lợi"
    assert fold("hoàn thành, quý") == "hoàn thành, quý"  # not a final diphthong / qu-: untouched


def test_ngrams_do_not_cross_punctuation() -> None:
    feats = analyze("dân vận, nông thôn", FeatureSettings(ngram_max=2))
    assert "dân vận" in feats and "nông thôn" in feats and "vận nông" not in feats



def test_ngrams_in_order_and_folded_once() -> None:
    """The n-grams come as the plain loops made them (1-grams, then 2-, then 3-grams; the
    counts' order feeds the float sums), and a pre-folded text gives the same features."""
    text = "Ủy ban MTTQ Việt Nam xã Hoà Bình triển khai công tác; Dân vận khéo"
    settings = FeatureSettings(ngram_max=3)
    expected: list[str] = []
    for chunk in ("ủy ban mttq việt nam xã hòa bình triển khai công tác", "dân vận khéo"):
        syl = chunk.split()
        for n in (1, 2, 3):
            expected += [" ".join(syl[i:i + n]) for i in range(len(syl) - n + 1)]
    assert analyze(text, settings) == expected
    assert analyze(fold(text), settings, folded=True) == expected
    assert analyze("Hà", FeatureSettings(ngram_max=3)) == ["hà"]  # shorter than the n: no 2- or 3-grams


def test_vietnamese_check_is_one_search() -> None:
    from vnpolicy.topics.features import has_vietnamese, vietnamese_syllable_count

    for text in ("Đảng ủy", "BAN DÂN VẬN", "The 2024 budget", "Hoa Ky", "x = 3; y = ư"):
        assert has_vietnamese(fold(text)) == (vietnamese_syllable_count(text) > 0)


# -- model files ---------------------------------------------------------------------------


def test_round_trip_save_load(tmp_path: Path, model: TopicModel, seed_text: str) -> None:
    path = model.save(tmp_path / "copy.zip")
    again = TopicModel.load(path)
    assert again.labels == model.labels and again.settings == model.settings
    assert classify(seed_text, model=again) == classify(seed_text, model=model)


def test_saved_model_matches_sklearn(tmp_path: Path) -> None:
    """Our scoring code reproduces what scikit-learn's TF-IDF computed at training time."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    items = _small_items()
    m = train_model(items, calibrate=False)
    vec = TfidfVectorizer(analyzer=lambda d: analyze(d, m.settings), sublinear_tf=True, min_df=1)
    X = vec.fit_transform([it.text for it in items])
    row = X[0].toarray()[0]
    idx, values = m.vectorize(items[0].text)
    ours = {m.features[i]: v for i, v in zip(idx, values)}
    theirs = {f: row[j] for f, j in vec.vocabulary_.items() if row[j]}
    assert ours.keys() == theirs.keys()
    assert all(abs(ours[f] - theirs[f]) < 1e-5 for f in ours)


def test_garbage_file_is_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.zip"
    bad.write_bytes(b"\x00\x01 not a model at all")
    with pytest.raises(ModelError, match="not a vnpolicy topic model"):
        load_model(bad)
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "missing.zip")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    with pytest.raises(ModelError, match="missing"):
        load_model(other)



def test_model_file_problems_each_have_one_wording(tmp_path: Path) -> None:
    """modelfile.read_members: a zip cut short says "corrupt" with the reason, a file that is
    not a zip says what a model is; every message starts with the path."""
    from vnpolicy.modelfile import read_members

    good = tmp_path / "m.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("model.json", '{"tên": "Ban Dân vận"}')
    limits = {"model.json": 1000}
    assert read_members(good, ("model.json",), limits) == {"model.json": '{"tên": "Ban Dân vận"}'.encode()}
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:-30])  # starts with PK, its central directory gone
    with pytest.raises(ModelError, match=rf"^{re.escape(str(cut))}: corrupt model file \("):
        read_members(cut, ("model.json",), limits, not_zip="not a model (expected a zip)")
    text = tmp_path / "notes.zip"
    text.write_text("Nghị quyết số 01-NQ/TU", encoding="utf-8")
    with pytest.raises(ModelError, match=rf"^{re.escape(str(text))}: not a model \(expected a zip\)$"):
        read_members(text, ("model.json",), limits, not_zip="not a model (expected a zip)")
    with pytest.raises(ModelError, match="member 'model.json' too large"):
        read_members(good, ("model.json",), {"model.json": 5})


def _rewrite(src: Path, dst: Path, member: str, data: bytes) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, data if name == member else zin.read(name))


def test_wrong_version_and_tampering_are_model_errors(tmp_path: Path, model: TopicModel) -> None:
    good = model.save(tmp_path / "good.zip")
    with zipfile.ZipFile(good) as zf:
        meta = json.loads(zf.read("model.json"))
    meta["format_version"] = 99
    _rewrite(good, tmp_path / "v99.zip", "model.json", json.dumps(meta).encode())
    with pytest.raises(ModelError, match="format version 99"):
        load_model(tmp_path / "v99.zip")
    buf = io.BytesIO()
    np.savez(buf, idf=model.idf, coef=model.coef * 2, intercept=model.intercept)
    _rewrite(good, tmp_path / "tampered.zip", "arrays.npz", buf.getvalue())
    with pytest.raises(ModelError, match="integrity"):
        load_model(tmp_path / "tampered.zip")


# -- training data and the command line ----------------------------------------------------


def test_read_labelled_formats(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text('text,label\n"bệnh viện khám bệnh",y_te|an_sinh_xa_hoi\n', encoding="utf-8")
    assert read_labelled(tmp_path / "d.csv")[0].labels == ["y_te", "an_sinh_xa_hoi"]
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": "học sinh", "labels": ["giao_duc"]}) + "\n", encoding="utf-8")
    assert read_labelled(tmp_path / "d.jsonl")[0].labels == ["giao_duc"]
    (tmp_path / "folder" / "y_te").mkdir(parents=True)
    (tmp_path / "folder" / "y_te" / "a.txt").write_text("trạm y tế", encoding="utf-8")
    assert read_labelled(tmp_path / "folder")[0].labels == ["y_te"]
    (tmp_path / "d.xlsx").write_bytes(b"PK")
    with pytest.raises(DataError, match="unknown labelled-data format"):
        read_labelled(tmp_path / "d.xlsx")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(DataError, match="no labelled texts"):
        read_labelled(tmp_path / "empty.jsonl")
    (tmp_path / "nolabel.csv").write_text("text,topic\nabc,x\n", encoding="utf-8")
    with pytest.raises(DataError, match="'label'"):
        read_labelled(tmp_path / "nolabel.csv")


def test_cli_train_evaluate_classify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps({"text": it.text, "label": it.labels[0]}, ensure_ascii=False) + "\n"
                            for it in _small_items()), encoding="utf-8")
    out = tmp_path / "m.zip"
    assert cli_main(["train", str(data), "-o", str(out), "--quiet", "--multi-label"]) == 0
    assert out.exists()
    assert cli_main(["evaluate", str(data), "--model", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "accuracy: 1.0000" in printed and "macro-F1" in printed and "confusion" in printed
    text = tmp_path / "a.txt"
    text.write_text("Học sinh dự lễ khai giảng năm học mới", encoding="utf-8")
    assert cli_main(["classify", str(text), "--model", str(out), "--explain"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["topics"][0][0] == "giao_duc"
    assert any("học sinh" in p for p, _ in record["explain"][0]["phrases"])


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_text("not a model", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("Học sinh", encoding="utf-8")
    assert cli_main(["classify", str(text), "--model", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "not a vnpolicy topic model" in err and "Traceback" not in err
    assert cli_main(["train", str(tmp_path / "none.parquet"), "-o", str(tmp_path / "x.zip")]) == 1
    assert "no such file" in capsys.readouterr().err
    english = tmp_path / "en.txt"
    english.write_text("The council met on Monday.", encoding="utf-8")
    assert cli_main(["classify", str(english), str(text)]) == 1  # the English file fails, the other is classified
    captured = capsys.readouterr()
    assert "en.txt: no Vietnamese" in captured.err and json.loads(captured.out)["input"].endswith("a.txt")


def test_data_articles_get_their_topic(model: TopicModel) -> None:
    """Every sample in data/articles gets the topic its README table gives it."""
    import re

    readme = ROOT / "data" / "articles" / "README.md"
    expected = dict(re.findall(r"^\| (\d{3})[^|]*\| ([a-z_]+)", readme.read_text(encoding="utf-8"), re.M))
    if not expected:
        pytest.skip("data/articles/README.md has no topic table")
    checked = 0
    for article in vnpolicy.read_articles(ROOT / "data" / "articles"):
        slug = expected.get(Path(article.path).name[:3])
        if slug is None:
            continue
        text = f"{article.title}\n{article.body}" if article.title else article.body
        assert classify(text, model=model)[0][0] == slug, article.path
        checked += 1
    assert checked >= 15


@pytest.mark.corpus
def test_train_and_evaluate_on_a_vntc_sample(corpora_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Real newswire through the CLI: every 60th VNTC article, 2/3 to train, 1/3 to evaluate."""
    import lzma

    rows = []
    with lzma.open(corpora_dir / "vntc" / "train.jsonl.xz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n % 60 == 0:
                obj = json.loads(line)
                rows.append({"text": obj["text"], "label": obj["label"]})
    train, test = tmp_path / "train.jsonl", tmp_path / "test.jsonl"
    for path, part in ((train, [r for i, r in enumerate(rows) if i % 3]), (test, rows[::3])):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
    model = tmp_path / "vntc.zip"
    assert cli_main(["train", str(train), "-o", str(model), "--quiet"]) == 0
    capsys.readouterr()
    assert cli_main(["evaluate", str(test), "--model", str(model), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["labels"]) == 10
    assert report["accuracy"] > 0.7  # ~370 training articles; the full split reaches 0.93


# -- topic "other": below the calibrated threshold, no topic --------------------------------

PHO_RECIPE = ("Cách nấu phở bò ngon tại nhà: ninh xương ống bò trong 8 tiếng với quế, hồi, thảo quả và gừng "
              "nướng. Bánh phở trụng qua nước sôi, xếp thịt bò tái lên trên, chan nước dùng thật nóng, "
              "thêm hành lá, rau thơm, chanh và ớt.")
FOOTBALL_REPORT = ("Trận đấu giữa câu lạc bộ Hà Nội và Hoàng Anh Gia Lai kết thúc với tỷ số 2-1. Tiền đạo số 10 "
                   "ghi bàn ở phút 78 sau đường chuyền từ cánh trái, giúp đội bóng thủ đô lên đầu bảng "
                   "xếp hạng V-League sau vòng 12.")


def test_other_threshold_is_the_calibrated_value() -> None:
    from importlib import resources

    from vnpolicy.topics import other_threshold

    # read from the installed package (CI also runs the suite against the wheel)
    recorded = json.loads(resources.files("vnpolicy.resources").joinpath("topics/other_threshold.json")
                          .read_text(encoding="utf-8"))
    assert other_threshold() == pytest.approx(recorded["threshold"])
    assert 0.05 < other_threshold() < 0.5
    assert recorded["in_domain"]["kept_topical"] >= 0.95  # chosen on held-out data, numbers kept beside it


@pytest.mark.parametrize("text", [PHO_RECIPE, FOOTBALL_REPORT], ids=["pho", "football"])
def test_recipe_and_match_report_get_no_topic(text: str) -> None:
    doc = vnpolicy.analyze(text)
    assert doc.topics, "still scored: the scores stay visible"
    assert doc.topic is None


def test_government_news_keeps_its_topic() -> None:
    for slug, text in CLEAR.items():
        assert vnpolicy.analyze(text).topic == slug


def test_topic_threshold_option_overrides_the_calibrated_value() -> None:
    assert vnpolicy.Pipeline(entities=False, topic_threshold=0.0)(PHO_RECIPE).topic is not None
    assert vnpolicy.Pipeline(entities=False, topic_threshold=0.999)(CLEAR["dan_van"]).topic is None


def test_analysis_counts_untopical_articles_as_other() -> None:
    from vnpolicy import analysis

    docs = [vnpolicy.analyze(PHO_RECIPE, source="pho"), vnpolicy.analyze(CLEAR["y_te"], source="yte")]
    docs[1].date = docs[0].date = "2024-03-02"
    frames = vnpolicy.to_frames(docs)
    counts = dict(zip(analysis.topic_counts(frames)["topic"], analysis.topic_counts(frames)["documents"]))
    assert counts == {"other": 1, "y_te": 1}
    assert analysis.topic_counts(frames).set_index("topic").loc["other", "name"] == "Khác"
    assert analysis.topics_by_month(frames).loc[pd.Period("2024-03", "M"), "other"] == 1
