"""The extension points as registries: a new entity label, a new tokenizer backend and a custom
pipeline step are each one registration, and every part of vnpolicy then knows them.

The toys (an EVENT label family, a one-syllable-a-word segmenter, small steps) live in
tests/registry_toys.py, at module level, so worker processes can import them by reference.
"""

from __future__ import annotations

import importlib.util
import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
import registry_toys as toys

import vnpolicy
from vnpolicy.display import document_html
from vnpolicy.document import Document, Entity
from vnpolicy.entities.gold import GoldError, read_gold, score
from vnpolicy.entities.resolve import resolve
from vnpolicy.errors import VnpolicyError
from vnpolicy.labels import UnknownLabelError, get_label, label_names, register_label, unregister_label
from vnpolicy.pipeline import Pipeline
from vnpolicy.tokenize import backends, register_backend, unregister_backend, word_tokenize

ROOT = Path(__file__).resolve().parent.parent
TEXT = ("Ngày 15/10/2020, huyện Tháp Mười tổ chức Lễ kỷ niệm 90 năm Ngày truyền thống công tác Dân vận "
        "của Đảng. Người dân vận động con em nhập ngũ.")
EVENT = "Lễ kỷ niệm 90 năm Ngày truyền thống công tác Dân vận của Đảng"


@pytest.fixture
def event_label() -> Iterator[str]:
    register_label("EVENT", priority=25, colour="#1abc9c", description="sự kiện: lễ kỷ niệm, hội nghị")
    yield "EVENT"
    unregister_label("EVENT")


@pytest.fixture
def syllables_backend() -> Iterator[str]:
    register_backend("syllables", toys.Syllables)
    yield "syllables"
    unregister_backend("syllables")


# --- entity labels --------------------------------------------------------------------------


def test_shipped_labels_keep_their_order_and_tie_breaks() -> None:
    assert label_names() == ("LEGAL_DOC", "ORG", "DATE", "LOC", "PER", "PROGRAM")
    order = sorted(label_names(), key=lambda name: get_label(name).priority)
    assert order == ["LEGAL_DOC", "PROGRAM", "ORG", "PER", "LOC", "DATE"]  # the resolver's former table
    assert get_label("ORG").colour == "52, 152, 219"


def test_an_unknown_label_is_an_error_not_a_default(tmp_path: Path) -> None:
    text = "Lễ kỷ niệm 90 năm Ngày truyền thống công tác Dân vận của Đảng"
    with pytest.raises(UnknownLabelError, match="unknown entity label 'EVENT'.*register_label"):
        resolve([Entity("EVENT", text, 0, len(text))])
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"text": text, "entities": [[0, len(text), "EVENT"]]}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    with pytest.raises(GoldError, match=r"gold.jsonl:1: entity 0 has label 'EVENT'; labels are LEGAL_DOC"):
        read_gold(gold)
    with pytest.raises(UnknownLabelError):
        score([], lambda t: [])  # nothing to score is fine…
        score(read_gold_ok(tmp_path), lambda t: [(0, 3, "EVENT")])  # …a prediction with no label is not
    # The view shows it, but marked as not registered rather than silently given a colour.
    page = document_html(Document(raw=text, text=text, entities=[Entity("EVENT", text, 0, len(text))]))
    assert "border: 1px dashed" in page and "nhãn chưa đăng ký" in page


def read_gold_ok(tmp_path: Path) -> list:
    path = tmp_path / "ok.jsonl"
    row = {"text": "Ngày 19/8/2022 họp.", "entities": [[0, 14, "DATE"]]}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return read_gold(path)


def test_register_label_checks_its_entry() -> None:
    with pytest.raises(ValueError, match="priority 30 is ORG's"):
        register_label("EVENT", priority=30, colour="#1abc9c", description="sự kiện")
    with pytest.raises(ValueError, match="colour must be"):
        register_label("EVENT", priority=25, colour="xanh", description="sự kiện")
    with pytest.raises(ValueError, match="upper-case"):
        register_label("event", priority=25, colour="#1abc9c", description="sự kiện")
    with pytest.raises(ValueError, match="already registered"):
        register_label("ORG", priority=31, colour="#1abc9c", description="cơ quan")
    with pytest.raises(ValueError, match="ships with vnpolicy"):
        unregister_label("ORG")
    assert "EVENT" not in label_names()


def test_a_toy_label_is_resolved_displayed_counted_and_read_from_gold(event_label: str, tmp_path: Path) -> None:
    # Resolved: through a custom step after "entities", with the same resolver; on equal length
    # its priority (25) beats ORG (30) and loses to PROGRAM (20).
    nlp = Pipeline(topics=False)
    nlp.add_step(toys.event_step, after="entities")
    doc = nlp(TEXT)
    assert (event_label, EVENT) in [(e.label, e.text) for e in doc.entities]
    assert not any(e.label == "ORG" and e.text == "Đảng" for e in doc.entities)  # inside the EVENT now
    span = (0, len(EVENT))
    assert [e.label for e in resolve([Entity("ORG", EVENT, *span), Entity("EVENT", EVENT, *span)])] == ["EVENT"]
    assert [e.label for e in resolve([Entity("EVENT", EVENT, *span), Entity("PROGRAM", EVENT, *span)])] == ["PROGRAM"]

    # Displayed with its colour, in the legend with its description and count.
    page = document_html(doc)
    assert 'data-label="EVENT" style="background: rgba(26, 188, 156, .22)' in page
    assert 'title="sự kiện: lễ kỷ niệm, hội nghị">EVENT 1</span>' in page

    # Counted in to_frames.
    frames = vnpolicy.to_frames([doc])
    assert frames["entities"]["label"].value_counts()["EVENT"] == 1

    # Accepted by the gold loader, and scored as a label of its own.
    gold = tmp_path / "gold.jsonl"
    start = TEXT.index(EVENT)
    gold.write_text(json.dumps({"text": TEXT, "entities": [[start, start + len(EVENT), "EVENT", EVENT]]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    (para,) = read_gold(gold)
    assert para.spans == [(start, start + len(EVENT), "EVENT")]
    scores = score([para], lambda t: [(e.start, e.end, e.label) for e in toys.find_events(t)])
    assert scores.prf("exact", "EVENT") == (1.0, 1.0, 1.0, 1)
    assert "EVENT" in scores.table()

    # Accepted by the gold builder's {{LABEL|text}} marks.
    spec = importlib.util.spec_from_file_location("gold_build", ROOT / "data" / "gold" / "entities" / "build.py")
    assert spec is not None and spec.loader is not None
    gold_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gold_build)
    marked = "Lễ kỷ niệm 90 năm Ngày truyền thống"
    row = gold_build.parse_line(f"Huyện tổ chức {{{{EVENT|{marked}}}}} trọng thể.")
    assert row["entities"] == [[14, 14 + len(marked), "EVENT"]]
    assert row["text"] == f"Huyện tổ chức {marked} trọng thể."
    with pytest.raises(ValueError, match="unknown label 'PARTY'"):
        gold_build.parse_line("{{PARTY|Đảng}} lãnh đạo.")


# --- tokenizer backends ---------------------------------------------------------------------


def test_a_toy_backend_is_used_by_word_tokenize_pipeline_and_cli(syllables_backend: str) -> None:
    sentence = "Người dân vận động con em nhập ngũ."
    assert word_tokenize(sentence) == ["Người dân", "vận động", "con em", "nhập ngũ", "."]
    words = word_tokenize(sentence, backend=syllables_backend)
    # every syllable a word, apart from what the domain lexicon joins after any backend
    assert words[2:] == ["con", "em", "nhập", "ngũ", "."]

    doc = Pipeline(tokenizer=syllables_backend, entities=False, topics=False)(sentence)
    assert doc.tokens == [words]

    from vnpolicy.cli import _subparser, build_parser

    parser = build_parser()
    args = parser.parse_args(["analyze", "bai.txt", "--tokenizer", syllables_backend])
    assert args.tokenizer == syllables_backend
    analyze = _subparser(parser, "analyze")
    assert analyze is not None
    option = next(a for a in analyze._actions if "--tokenizer" in a.option_strings)
    assert option.choices == ("cascade", "underthesea", "vnpolicy", "pyvi", syllables_backend)
    assert "syllables" in analyze.format_help()


def test_backend_names_are_checked() -> None:
    with pytest.raises(ValueError, match=r"one of \('cascade', 'underthesea', 'vnpolicy', 'pyvi'\), got 'syllables'"):
        Pipeline(tokenizer="syllables")
    with pytest.raises(ValueError, match="already registered"):
        register_backend("pyvi", toys.Syllables)
    with pytest.raises(ValueError, match="ships with vnpolicy"):
        unregister_backend("underthesea")
    with pytest.raises(ValueError, match="callable or an import path"):
        register_backend("syllables", 42)  # type: ignore[arg-type]


def test_an_installed_backend_is_found_by_its_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package that declares a ``vnpolicy.tokenizers`` entry point needs no code run first."""
    dist = tmp_path / "vnpolicy_toy_seg-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: vnpolicy-toy-seg\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[vnpolicy.tokenizers]\ntoy-syllables = registry_toys:Syllables\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(backends, "_REGISTRY", dict(backends._REGISTRY))
    monkeypatch.setattr(backends, "_found_plugins", False)
    try:
        assert "toy-syllables" in backends.backend_names()
        assert word_tokenize("nhập ngũ", backend="toy-syllables") == ["nhập", "ngũ"]
        # The command line: a choice of --tokenizer, and its worker process finds it on its own.
        from vnpolicy.cli import main

        article = tmp_path / "bai.txt"
        article.write_text("Người dân vận động con em nhập ngũ.", encoding="utf-8")
        out = tmp_path / "out.jsonl"
        code = main(["analyze", str(article), "-o", str(out), "--workers", "1", "-q", "--no-dedup",
                     "--tokenizer", "toy-syllables"])
        assert code == 0
        (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert row["tokens"] == [word_tokenize("Người dân vận động con em nhập ngũ.", backend="toy-syllables")]
    finally:
        backends.get_backend.cache_clear()


# --- pipeline steps -------------------------------------------------------------------------


def test_custom_steps_are_added_removed_and_replaced() -> None:
    nlp = Pipeline(entities=False, topics=False)
    assert nlp.pipe_names == ["normalize", "tokenize"]
    nlp.add_step(toys.count_words, needs=["tokenize"])
    nlp.add_step("registry_toys:shout_title", before="tokenize")
    assert nlp.pipe_names == ["normalize", "shout_title", "tokenize", "count_words"]
    doc = nlp("Người dân vận động con em nhập ngũ.", title="Tin địa phương")
    assert doc.meta["n_words"] == 5 and doc.title == "TIN ĐỊA PHƯƠNG"

    with pytest.raises(ValueError, match="step 'count_words' needs 'tokenize' to run before it"):
        nlp.remove_step("tokenize")
    with pytest.raises(ValueError, match="already a step 'count_words'"):
        nlp.add_step(toys.count_words)
    with pytest.raises(ValueError, match="no step 'ner' to put 'event_step' next to"):
        nlp.add_step(toys.event_step, after="ner")
    with pytest.raises(ValueError, match="step 'words' needs 'tokenize' to run before it"):
        nlp.add_step(toys.count_words, name="words", before="tokenize", needs=["tokenize"])
    with pytest.raises(ValueError, match="'normalize' cannot be removed"):
        nlp.remove_step("normalize")

    nlp.replace_step("shout_title", "registry_toys:count_words", needs=["normalize"])
    nlp.remove_step("count_words")
    nlp.remove_step("tokenize")
    assert nlp.pipe_names == ["normalize", "shout_title"]
    doc = nlp("Người dân vận động con em nhập ngũ.", title="Tin địa phương")
    assert doc.title == "Tin địa phương" and doc.meta["n_words"] == 0 and doc.tokens == []
    # The edited list is in the options, so Pipeline(**options) (a worker) builds the same one.
    assert Pipeline(**nlp.options).pipe_names == ["normalize", "shout_title"]


def test_disable_and_steps_are_one_checked_list() -> None:
    nlp = Pipeline(disable=["entities", "topics"], steps=["normalize", "tokenize", "entities", "topics",
                                                           ("count_words", toys.count_words, ("tokenize",))])
    assert nlp.pipe_names == ["normalize", "tokenize", "count_words"]
    with pytest.raises(ValueError, match="step 'tokenize' is needed by count_words"):
        Pipeline(disable=["tokenize"],
                 steps=["normalize", "tokenize", ("count_words", toys.count_words, ("tokenize",))])
    with pytest.raises(ValueError, match="unknown step 'tokens'"):
        Pipeline(steps=["normalize", "tokens"])
    with pytest.raises(ValueError, match="'normalize' cannot be left out"):
        Pipeline(steps=["tokenize"])
    with pytest.raises(ValueError, match="the built-in step 'tokenize' keeps its name"):
        Pipeline(steps=["normalize", ("words", "tokenize")])
    with pytest.raises(ValueError, match="step 'event_step' needs 'entities' to run before it"):
        Pipeline(entities=False, topics=False,
                 steps=["normalize", "entities", ("event_step", toys.event_step, ("entities",))])


def test_steps_and_backends_reach_worker_processes(syllables_backend: str) -> None:
    """pipe(n_process=2) builds each worker's Pipeline from the options; the custom step and the
    backend registered in this process travel by reference. Dask caches by the same options."""
    nlp = Pipeline(tokenizer=syllables_backend, entities=False, topics=False)
    nlp.add_step(toys.count_words, needs=["tokenize"])
    texts = ["Người dân vận động con em nhập ngũ.", "Huyện Tháp Mười họp."]
    docs = list(nlp.pipe(texts, n_process=2, batch_size=1))
    words = [word_tokenize(text, backend=syllables_backend) for text in texts]
    assert [d.tokens for d in docs] == [[w] for w in words]
    assert [d.meta["n_words"] for d in docs] == [len(w) for w in words] == [7, 4]

    from vnpolicy.batch.work import cached_state

    options = pickle.loads(pickle.dumps(nlp.options))
    assert cached_state(options, None).nlp.pipe_names == ["normalize", "tokenize", "count_words"]

    nlp.add_step(lambda doc, state: None, name="anonymous")
    with pytest.raises(VnpolicyError, match="step 'anonymous' cannot be sent to worker processes"):
        list(nlp.pipe(texts, n_process=2))


def test_the_default_segmenter_is_the_same_everywhere():
    import inspect

    import vnpolicy
    from vnpolicy.tokenize.backends import DEFAULT_BACKEND, backend_names

    assert DEFAULT_BACKEND == backend_names()[0] == "cascade"
    assert vnpolicy.Pipeline().options["tokenizer"] == DEFAULT_BACKEND
    assert inspect.signature(vnpolicy.word_tokenize).parameters["backend"].default == DEFAULT_BACKEND
