"""The pipeline: read → normalize/correct → tokenize → entities → topics, in that order.

A :class:`Pipeline` holds its options and the steps built from them. Each step is a callable
``step(doc, state) -> None`` that enriches the :class:`~vnpolicy.document.Document`; ``state``
carries the :class:`~vnpolicy.text.trace.TextTrace` between the reading and text steps, so no step
reaches into another's internals. Heavy resources (models, lexicons) are loaded once per
Pipeline (and so once per worker process in ``pipe``), never per document.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from vnpolicy.budget import check, time_budget
from vnpolicy.document import Article, Document
from vnpolicy.errors import TextTimeout
from vnpolicy.text.trace import Edit, TextTrace

# What each optional step needs from earlier steps: ``disable`` checks it before any work.
STEP_NEEDS: dict[str, tuple[str, ...]] = {"normalize": (), "tokenize": ("normalize",),
                                          "entities": ("normalize",), "topics": ("normalize",)}
#: What reading learnt about an article's source, carried into ``Document.meta`` (and from there
#: to every output): where it came from (``path``, ``url``, ``canonical_url``), the portal
#: (``site``) and section (``category``), its ``published``/``updated`` dates and how sure the
#: title is (``title_confidence``).
SOURCE_META = ("path", "url", "canonical_url", "site", "category", "published", "updated", "title_confidence")
#: The header of an official document read from a PDF or Word file (see :mod:`vnpolicy.read.documents`).
DOCUMENT_META = ("doc_number", "doc_type", "issuer", "issued", "summary")
MAIN_GUARD_HINT = ('worker processes re-import your script: put the code that calls pipe(n_process=...) under '
                   '`if __name__ == "__main__":`')


@dataclass
class StepState:
    """What steps pass along besides the Document: the trace from raw text to ``doc.text``."""

    trace: TextTrace
    article: Article


Step = Callable[[Document, StepState], None]


class Pipeline:
    """A configured analysis pipeline: ``nlp = Pipeline(); doc = nlp(text)``.

    Options:
      ``tokenizer``: "underthesea" (default), "vnpolicy" (vnpolicy's own CRF segmenter: about twice
      as fast, better on portal text and UD, 0.7 F1 below underthesea on VLSP 2013) or "pyvi".
      ``tone_style``: "old" (hòa, thủy; default) or "new" (hoà, thuỷ).
      ``correct``: fix typos (default True); normalization always runs.
      ``typo_threshold``: confidence a typo fix needs (None = the corrector's default).
      ``entities`` / ``topics``: run those steps (default True).
      ``topic_model``: path to a model from ``vnpolicy train`` (default: the shipped model).
      ``disable``: step names to skip, spaCy-style: "tokenize", "entities", "topics". A user
      who wants entities and topics only pays nothing for sentences and words. "normalize"
      cannot be disabled: every other step reads the normalized text.
      ``entity_model``: path to a tagger from ``vnpolicy entities train``, or "rules" for the rule
      extractor alone (default: the shipped tagger when it beat the rules on every label of the
      dev split it was tuned on, else the rules; see ``vnpolicy.entities.default_entity_model``).
      ``timeout``: seconds of wall time for the work on one text (default None: no limit). A
      text over budget raises :class:`~vnpolicy.errors.TextTimeout` naming the step; in
      :meth:`pipe` it does not stop the run (see there).
      ``topic_threshold``: best-topic score below which ``doc.topic`` is None ("other");
      None = the model's calibrated value (see :func:`vnpolicy.topics.other_threshold`).
    """

    def __init__(
        self,
        *,
        tokenizer: str = "underthesea",
        tone_style: str = "old",
        correct: bool = True,
        typo_threshold: float | None = None,
        entities: bool = True,
        topics: bool = True,
        topic_model: str | None = None,
        disable: Iterable[str] = (),
        entity_model: str | None = None,
        timeout: float | None = None,
        topic_threshold: float | None = None,
    ) -> None:
        from vnpolicy.text.normalize import TONE_STYLES
        from vnpolicy.tokenize import BACKENDS

        if tokenizer not in BACKENDS:
            raise ValueError(f"tokenizer must be one of {BACKENDS}, got {tokenizer!r}")
        disabled = sorted(set(disable))
        unknown = [d for d in disabled if d not in STEP_NEEDS]
        if unknown:
            raise ValueError(f"disable: unknown step {unknown[0]!r}; steps are {tuple(STEP_NEEDS)}")
        if "normalize" in disabled:
            raise ValueError("disable: 'normalize' cannot be disabled: every other step reads the normalized text")
        for name in disabled:
            needed_by = [s for s, needs in STEP_NEEDS.items() if name in needs and s not in disabled]
            if needed_by:
                raise ValueError(f"disable: step {name!r} is needed by {', '.join(needed_by)} (disable those too)")
        if tone_style not in TONE_STYLES:
            raise ValueError(f"tone_style must be one of {TONE_STYLES}, got {tone_style!r}")
        if timeout is not None and not (isinstance(timeout, (int, float)) and 0 < timeout < float("inf")):
            raise ValueError(f"timeout must be a positive number of seconds or None, got {timeout!r}")
        self.options: dict[str, Any] = {
            "tokenizer": tokenizer,
            "tone_style": tone_style,
            "correct": correct,
            "typo_threshold": typo_threshold,
            "entities": entities,
            "topics": topics,
            "topic_model": None if topic_model is None else str(topic_model),
            "disable": tuple(disabled),  # hashable: workers cache a Pipeline per option set
            "entity_model": None if entity_model is None else str(entity_model),
            "timeout": timeout,
            "topic_threshold": topic_threshold,
        }
        self.steps: list[tuple[str, Step]] = self._build_steps()
        if timeout is not None:
            # Models and lexicons load on first use; load them now, so the first text's budget
            # is spent on the text.
            self._analyse(_WARM_UP, title=None, source=None)

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options.items())
        return f"Pipeline({opts})"

    @property
    def step_names(self) -> list[str]:
        return [name for name, _ in self.steps]

    def _build_steps(self) -> list[tuple[str, Step]]:
        o = self.options
        off = set(o["disable"])
        steps: list[tuple[str, Step]] = [("normalize", self._normalize_step)]
        if "tokenize" not in off:
            steps.append(("tokenize", self._tokenize_step))
        if o["entities"] and "entities" not in off:
            from vnpolicy.entities import entity_tagger

            self._entity_tagger = entity_tagger(o["entity_model"])
            steps.append(("entities", self._entities_step))
        if o["topics"] and "topics" not in off:
            from vnpolicy.topics import load_model, other_threshold

            self._topic_model = load_model(o["topic_model"])
            threshold = o["topic_threshold"]
            self._topic_threshold = other_threshold(self._topic_model) if threshold is None else float(threshold)
            steps.append(("topics", self._topics_step))
        return steps

    # -- steps ---------------------------------------------------------------------------

    def _normalize_step(self, doc: Document, state: StepState) -> None:
        from vnpolicy.text import correct_trace

        o = self.options
        correct_trace(state.trace, tone_style=o["tone_style"], typos=o["correct"], typo_threshold=o["typo_threshold"])
        doc.text = state.trace.text
        doc.corrections = sorted(state.trace.corrections, key=lambda c: (c.start, c.end))
        if doc.title:
            from vnpolicy.text import normalize

            doc.title = normalize(doc.title, tone_style=o["tone_style"], typos=o["correct"], typo_threshold=o["typo_threshold"])

    def _tokenize_step(self, doc: Document, state: StepState) -> None:
        from vnpolicy.tokenize import sent_tokenize, word_tokenize

        doc.sentences = sent_tokenize(doc.text)
        check("sentences")
        doc.tokens = []
        for sentence in doc.sentences:
            doc.tokens.append(word_tokenize(sentence, backend=self.options["tokenizer"]))
            check("words")

    def _entities_step(self, doc: Document, state: StepState) -> None:
        from vnpolicy.entities import extract_entities
        from vnpolicy.entities.nested import nested_entities

        if self._entity_tagger is None:
            doc.entities = extract_entities(doc.text, reference_date=doc.date)
        else:
            doc.entities = self._entity_tagger.entities(doc.text, reference_date=doc.date)
        doc.nested = nested_entities(doc.text, doc.entities, doc.date)
        from vnpolicy.places import resolve_places

        resolve_places(doc)  # the article's own place; "UBND huyện" → "UBND huyện Tháp Mười"

    def _topics_step(self, doc: Document, state: StepState) -> None:
        from vnpolicy.topics import TopicInputError, best_topic, classify

        text = f"{doc.title}\n{doc.text}" if doc.title else doc.text
        try:
            doc.topics = classify(text, model=self._topic_model)
        except TopicInputError as error:
            # A text the model cannot judge (empty, not Vietnamese) gets no topic, said plainly,
            # rather than failing the whole document or getting a made-up topic.
            doc.topics = []
            doc.meta["topics_error"] = str(error)
        # Below the calibrated threshold the article is about none of the topics (a recipe, a
        # match report): no topic rather than the least unlikely one.
        doc.topic = best_topic(doc.topics, self._topic_threshold)

    # -- running -------------------------------------------------------------------------

    def __call__(self, text: str | Article, *, title: str | None = None, source: str | None = None) -> Document:
        """Analyse one article, given as its raw text or as an :class:`Article`.

        With ``timeout``, the whole of it (reading included) must fit in the budget, else
        :class:`~vnpolicy.errors.TextTimeout` names the step that was under way.
        """
        with time_budget(self.options["timeout"]):
            return self._analyse(text, title=title, source=source)

    def _analyse(self, text: str | Article, *, title: str | None, source: str | None) -> Document:
        _refuse_surrogates(text.raw if isinstance(text, Article) else text, source)
        if isinstance(text, Article):
            article = text
        elif isinstance(text, str):
            from vnpolicy.read import parse_article

            article = parse_article(text, path=source)
            check("read")
        else:
            raise TypeError(f"Pipeline needs a str or an Article, got {type(text).__name__}")
        # The trace's raw text is what correction offsets point into; for an Article built by hand
        # without body spans that is its body, so the Document must carry the same text.
        trace = _body_trace(article)
        doc = Document(
            raw=trace.raw,
            title=title if title is not None else article.title,
            date=article.date,
            authors=list(article.authors),
            source=source if source is not None else article.path,
            meta=_source_meta(article),
        )
        state = StepState(trace=trace, article=article)
        for name, step in self.steps:
            step(doc, state)
            check(name)
        return doc

    def pipe(
        self,
        texts: Iterable[str | Article],
        *,
        n_process: int = 1,
        batch_size: int = 16,
    ) -> Iterator[Document]:
        """Analyse many articles; documents come out in input order.

        With ``n_process > 1`` the texts go in batches of ``batch_size`` to that many worker
        processes (``spawn``; from a script, call this under ``if __name__ == "__main__":``),
        each building its own Pipeline once. At most a few batches per worker are in flight, so
        a long generator of texts is never read ahead into memory. A text that makes a step fail
        raises :class:`~vnpolicy.errors.VnpolicyError` naming its position.

        A text over the ``timeout`` budget does not stop the run: in its place comes a Document
        with what was read of it (``raw``, ``title``, ``source``…) and ``meta["error"]``
        ("text 3 of pipe(): the entities step went over …"), ``meta["error_kind"] = "timeout"``,
        and a :class:`PipeWarning` with the same message; :func:`~vnpolicy.to_frames` lists it in
        its ``errors`` table, not among the documents. Every text gives one Document, in order.
        """
        if n_process is None or n_process <= 1:
            for position, text in enumerate(texts):
                yield _reported(self._within_budget(text), position)
            return
        import multiprocessing

        from vnpolicy.batch.pool import OrderedPool, PoolError, TaskFailure
        from vnpolicy.errors import VnpolicyError

        if getattr(multiprocessing.current_process(), "_inheriting", False):
            # A worker re-imports the user's script; without the guard it reaches this call again.
            # Exit the worker with one line instead of a page of multiprocessing tracebacks.
            raise SystemExit(f"vnpolicy: {MAIN_GUARD_HINT}")
        size = max(1, int(batch_size))
        position = 0
        try:
            pool = OrderedPool(_work_batch, init=Pipeline._for_worker, init_args=(self.options,),
                               workers=int(n_process), window=4 * int(n_process))
            for batch, outcome in pool.imap(_batches(texts, size)):
                if isinstance(outcome, TaskFailure):
                    raise VnpolicyError(f"texts {position}-{position + len(batch) - 1} of pipe(): {outcome.reason}")
                for doc in outcome:
                    yield _reported(doc, position)
                    position += 1
        except PoolError as error:
            if "while starting" in str(error):
                raise VnpolicyError(f"pipe(n_process={n_process}): {error}. {MAIN_GUARD_HINT}") from None
            raise
        except RuntimeError as error:  # multiprocessing's own wording of the same mistake
            if "bootstrapping phase" in str(error):
                raise VnpolicyError(f"pipe(n_process={n_process}): {MAIN_GUARD_HINT}") from None
            raise

    def _within_budget(self, text: str | Article) -> Document:
        """``self(text)``, or for a text over budget a Document saying so (``meta["error"]``)."""
        try:
            return self(text)
        except TextTimeout as error:
            article = text if isinstance(text, Article) else None
            raw = article.raw if article is not None else text if isinstance(text, str) else ""
            return Document(raw=raw, title=article.title if article else None, date=article.date if article else None,
                            authors=list(article.authors) if article else [], source=article.path if article else None,
                            meta={"error": str(error), "error_kind": "timeout", "error_step": error.step})

    @staticmethod
    def _for_worker(options: dict[str, Any]) -> Pipeline:
        """Worker set-up: the Pipeline a worker process keeps for all its batches."""
        return Pipeline(**options)


def _batches(texts: Iterable[str | Article], size: int) -> Iterator[list[str | Article]]:
    batch: list[str | Article] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _work_batch(nlp: Pipeline, batch: list[str | Article]) -> list[Document]:
    return [nlp._within_budget(text) for text in batch]


_WARM_UP = ("Ngày 19/8/2022, Ban Dân vận Tỉnh ủy làm việc với huyện Tháp Mười về Nghị quyết số 01-NQ/TU, "
            "ông Nguyễn Văn A, Bí thư Huyện ủy, phát biểu. Tổ khảo sát đánh giá cao công tác dân vận.")


class PipeWarning(UserWarning):
    """A text that ``Pipeline.pipe`` could not finish (over its time budget); the run goes on."""


def _reported(doc: Document, position: int) -> Document:
    """``doc``, its failure (if any) named by its position in the input and warned about."""
    if doc.meta.get("error_kind") == "timeout" and not doc.meta["error"].startswith("text "):
        doc.meta["error"] = f"text {position} of pipe(): {doc.meta['error']}"
        warnings.warn(doc.meta["error"], PipeWarning, stacklevel=3)
    return doc


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(text: object, source: str | None) -> None:
    """A lone surrogate (bytes decoded with "surrogateescape", a broken JSON escape) is not text:
    say so, rather than let a tokenizer fail on it with an encoding traceback."""
    found = _SURROGATE.search(text) if isinstance(text, str) else None
    if found:
        from vnpolicy.errors import ReadError

        raise ReadError(source or "<text>", f"lone surrogate U+{ord(found.group()):04X} at character {found.start()}: "
                                             "not Unicode text (undecoded bytes?)")


def _source_meta(article: Article) -> dict[str, Any]:
    """``Document.meta`` from the article: encoding, format and the source fields of :data:`SOURCE_META`."""
    meta: dict[str, Any] = {k: v for k, v in (("encoding", article.encoding), ("format", article.format)) if v}
    found = {**article.meta, "path": article.path.rpartition("#")[0] if article.path and "#" in article.path
             and not article.path.startswith("#") else article.path}
    for key in SOURCE_META + DOCUMENT_META:
        if found.get(key):
            meta[key] = found[key]
    return meta


def _body_trace(article: Article) -> TextTrace:
    """A trace over ``article.raw`` with everything outside the body silently removed."""
    trace = TextTrace(article.raw)
    spans = article.body_spans
    if not spans:
        if article.body != article.raw:
            # No spans to trace: the body is taken as a new raw text.
            return TextTrace(article.body)
        return trace
    edits: list[Edit] = []
    pos = 0
    for i, (start, end) in enumerate(spans):
        gap = "" if i == 0 else "\n\n"
        edits.append(Edit(pos, start, gap, "read"))
        pos = end
    edits.append(Edit(pos, len(article.raw), "", "read"))
    trace.apply(edits, record=False)
    return trace


_default_pipeline: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The shared Pipeline with default options, built on first use."""
    global _default_pipeline
    if _default_pipeline is None:
        _default_pipeline = Pipeline()
    return _default_pipeline


def analyze(text: str | Article, *, title: str | None = None, source: str | None = None) -> Document:
    """Run the whole pipeline with the default settings on one article.

    ``text`` may be a scraped article with portal chrome: title, date and byline are recovered.
    A string that is (or looks like) a file path is still analysed as text, with a warning: read
    files with :func:`vnpolicy.read_articles`.
    """
    if isinstance(text, str) and _looks_like_path(text):
        import warnings

        warnings.warn(f"analyze() got {text!r}, which looks like a file path: it is analysed as the text "
                      f"itself. To analyse the file, use vnpolicy.read_articles({text!r})", stacklevel=2)
    return default_pipeline()(text, title=title, source=source)


def _looks_like_path(text: str) -> bool:
    """An existing file, or one line without spaces ending in an article suffix.

    >>> _looks_like_path("data/bai-viet.txt"), _looks_like_path("Hội nghị Ban Dân vận tỉnh.txt")
    (True, False)
    """
    candidate = text.strip()
    if not candidate or "\n" in candidate or len(candidate) > 4096:
        return False
    if candidate.lower().endswith((".txt", ".html", ".htm", ".json", ".jsonl")) and " " not in candidate:
        return True
    try:
        from pathlib import Path

        return Path(candidate).is_file()
    except (OSError, ValueError):
        return False
