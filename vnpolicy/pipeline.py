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
from vnpolicy.resident import paused
from vnpolicy.text.trace import Edit, TextTrace

# The built-in steps in their order, and what each needs from earlier steps. ``disable``,
# ``add_step``, ``remove_step`` and ``replace_step`` all check the step list against it (and a
# custom step's own needs) before any work: one list of named steps, edited spaCy-style.
STEP_NEEDS: dict[str, tuple[str, ...]] = {"normalize": (), "tokenize": ("normalize",),
                                          "entities": ("normalize",), "topics": ("normalize",)}
#: What a custom step needs unless told: the normalized ``doc.text``.
CUSTOM_NEEDS = ("normalize",)
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
#: One entry of a Pipeline's step list: (name, the step or its import path, or None for the
#: built-in of that name, the names of the steps it needs before it).
StepEntry = tuple[str, "Step | str | None", tuple[str, ...]]
_SENTENCE_BATCH = 64  # sentences segmented together in the tokenize step
_DEFAULT_STEPS: tuple[StepEntry, ...] = tuple((name, None, needs) for name, needs in STEP_NEEDS.items())
_registered_steps: dict[str, tuple[Step | str, tuple[str, ...]]] = {}


def register_step(name: str, step: Step | str | None = None, *, needs: Iterable[str] = CUSTOM_NEEDS) -> Any:
    """Name a step, so that ``Pipeline.add_step(name)`` (or ``steps=[…, name]``) finds it.

    ``step(doc, state) -> None`` enriches the Document; ``needs`` names the steps that must run
    before it. Usable as a decorator (``@register_step("word_count")``). For ``pipe(n_process>1)``
    and Dask the step goes to the workers by reference: define it at module level (or give its
    import path, ``"package.module:function"``).
    """
    def add(fn: Step | str) -> Step | str:
        if not isinstance(name, str) or not name or name in STEP_NEEDS:
            raise ValueError(f"register_step: {name!r} is empty or the name of a built-in step {tuple(STEP_NEEDS)}")
        if not (callable(fn) or isinstance(fn, str)):
            raise ValueError(f"register_step: step {name!r} must be callable or an import path, got {fn!r}")
        _registered_steps[name] = (fn, tuple(needs))
        return fn

    return add if step is None else add(step)


class Pipeline:
    """A configured analysis pipeline: ``nlp = Pipeline(); doc = nlp(text)``.

    Options:
      ``tokenizer``: "cascade" (default: vnpolicy's own CRF segmenter with underthesea's model
      asked where it is unsure; as accurate as underthesea on VLSP 2013, better on UD and portal
      text, a quarter of its CPU time), "underthesea", "vnpolicy" (the own segmenter alone: a
      little faster, 0.2 F1 below underthesea on VLSP 2013), "pyvi", or
      any backend added with :func:`vnpolicy.tokenize.register_backend`.
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
      ``steps``: the step list, in order (default: normalize, tokenize, entities, topics). Each
      item is a step name (built-in or :func:`register_step`-ed), an import path
      ``"package.module:function"``, or ``(name, step[, needs])``. Usually left alone and
      edited with :meth:`add_step`, :meth:`remove_step` and :meth:`replace_step`.
    """

    def __init__(
        self,
        *,
        tokenizer: str = "cascade",
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
        steps: Iterable[str | tuple[Any, ...]] | None = None,
    ) -> None:
        from vnpolicy.text.normalize import TONE_STYLES
        from vnpolicy.tokenize.backends import check_backend

        check_backend(tokenizer)
        entries = _DEFAULT_STEPS if steps is None else tuple(_step_entry(item) for item in steps)
        disabled = sorted(set(disable))
        switched_off = {name for name, on in (("entities", entities), ("topics", topics)) if not on}
        _check_steps(entries, disabled, off=switched_off)
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
            # hashable, and None while the steps are the built-in ones (workers rebuild from options)
            "steps": None if entries == _DEFAULT_STEPS else entries,
        }
        self.steps: list[tuple[str, Step]] = self._build_steps()
        self._settled = False  # see _analyse
        if timeout is not None:
            # Models and lexicons load on first use; load them now, so the first text's budget
            # is spent on the text.
            self._analyse(_WARM_UP, title=None, source=None)

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options.items())
        return f"Pipeline({opts})"

    @property
    def step_names(self) -> list[str]:
        """The names of the steps that run, in order."""
        return [name for name, _ in self.steps]

    pipe_names = step_names  # spaCy's name for the same list

    # -- editing the step list -------------------------------------------------------------

    def add_step(self, step: Step | str, *, name: str | None = None, before: str | None = None,
                 after: str | None = None, needs: Iterable[str] | None = None) -> Step:
        """Add a step (last, or ``before``/``after`` a named one) and return it.

        ``step`` is a :func:`register_step`-ed name, an import path ``"package.module:function"``
        or a callable ``step(doc, state) -> None``; ``name`` defaults to that name (or the
        function's). ``needs`` (default: "normalize") must all run before it.

        >>> def n_sentences(doc, state):
        ...     doc.meta["n_sentences"] = len(doc.sentences)
        >>> nlp = Pipeline(entities=False, topics=False)
        >>> _ = nlp.add_step(n_sentences, needs=["tokenize"])
        >>> nlp.pipe_names, nlp("Hội nghị diễn ra sáng nay. Đại biểu phát biểu.").meta["n_sentences"]
        (['normalize', 'tokenize', 'n_sentences'], 2)
        """
        entry = _step_entry(step if name is None else (name, step))
        if needs is not None:
            entry = (entry[0], entry[1], tuple(needs))
        entries = list(self._entries())
        if entry[0] in {e[0] for e in entries}:
            raise ValueError(f"add_step: there is already a step {entry[0]!r} (replace_step changes it)")
        if before is not None and after is not None:
            raise ValueError("add_step: give before= or after=, not both")
        anchor = before if before is not None else after
        if anchor is None:
            entries.append(entry)
        else:
            names = [e[0] for e in entries]
            if anchor not in names:
                raise ValueError(f"add_step: no step {anchor!r} to put {entry[0]!r} next to; steps are {tuple(names)}")
            entries.insert(names.index(anchor) + (after is not None), entry)
        self._set_steps(entries, self.options["disable"])
        return dict(self.steps).get(entry[0]) or _resolve_step(entry)

    def remove_step(self, name: str) -> None:
        """Take a step out (a built-in one too, as ``disable`` does); refused if another needs it."""
        entries = self._entries()
        if name not in {e[0] for e in entries}:
            raise ValueError(f"remove_step: no step {name!r}; steps are {tuple(e[0] for e in entries)}")
        if name == "normalize":
            raise ValueError("remove_step: 'normalize' cannot be removed: every other step reads the normalized text")
        self._set_steps([e for e in entries if e[0] != name], [d for d in self.options["disable"] if d != name])

    def replace_step(self, name: str, step: Step | str, *, needs: Iterable[str] | None = None) -> None:
        """Run ``step`` in the place of step ``name`` (keeping its needs unless told)."""
        entries = list(self._entries())
        names = [e[0] for e in entries]
        if name not in names:
            raise ValueError(f"replace_step: no step {name!r}; steps are {tuple(names)}")
        old = entries[names.index(name)]
        new = _step_entry((name, step, old[2] if needs is None else tuple(needs)))
        entries[names.index(name)] = new
        self._set_steps(entries, self.options["disable"])

    def _entries(self) -> tuple[StepEntry, ...]:
        steps = self.options["steps"]
        return _DEFAULT_STEPS if steps is None else steps

    def _set_steps(self, entries: Iterable[StepEntry], disabled: Iterable[str]) -> None:
        """Check and keep an edited step list, and rebuild the steps from it."""
        entries, disabled = tuple(entries), sorted(set(disabled))
        _check_steps(entries, disabled, off=self._switched_off())
        self.options["steps"] = None if entries == _DEFAULT_STEPS else entries
        self.options["disable"] = tuple(disabled)
        self.steps = self._build_steps()

    def _switched_off(self) -> set[str]:
        """Built-in steps turned off by their own option (``entities=False``, ``topics=False``)."""
        return {name for name in ("entities", "topics") if not self.options[name]}

    def _build_steps(self) -> list[tuple[str, Step]]:
        off = set(self.options["disable"]) | self._switched_off()
        steps: list[tuple[str, Step]] = []
        for entry in self._entries():
            if entry[0] not in off:
                steps.append((entry[0], self._built_in(entry[0]) if entry[1] is None else _resolve_step(entry)))
        return steps

    def _built_in(self, name: str) -> Step:
        """The built-in step ``name``, its model loaded once per Pipeline."""
        o = self.options
        if name == "entities" and not hasattr(self, "_entity_tagger"):
            from vnpolicy.entities import entity_tagger

            self._entity_tagger = entity_tagger(o["entity_model"])
        if name == "topics" and not hasattr(self, "_topic_model"):
            from vnpolicy.topics import load_model, other_threshold

            self._topic_model = load_model(o["topic_model"])
            threshold = o["topic_threshold"]
            self._topic_threshold = other_threshold(self._topic_model) if threshold is None else float(threshold)
        built: dict[str, Step] = {"normalize": self._normalize_step, "tokenize": self._tokenize_step,
                                  "entities": self._entities_step, "topics": self._topics_step}
        return built[name]

    # -- steps ---------------------------------------------------------------------------

    def _normalize_step(self, doc: Document, state: StepState) -> None:
        from vnpolicy.text import correct_trace

        o = self.options
        # suspects=False: a Document keeps no suspects, so the restored sentences they carry are not built
        settings = {"tone_style": o["tone_style"], "typos": o["correct"], "typo_threshold": o["typo_threshold"],
                    "suspects": False}
        correct_trace(state.trace, **settings)
        doc.text = state.trace.text
        doc.alignment = state.trace.alignment()
        doc.corrections = sorted(state.trace.corrections, key=lambda c: (c.start, c.end))
        if doc.title:
            if not isinstance(doc.title, str):
                raise TypeError(f"title must be a str, got {type(doc.title).__name__}")
            title = TextTrace(doc.title)  # the title has its own raw text: its corrections say field="title"
            correct_trace(title, **settings)
            doc.raw_title, doc.title, doc.title_alignment = doc.title, title.text, title.alignment()
            for c in title.corrections:
                c.field = "title"
            doc.corrections = sorted(title.corrections, key=lambda c: (c.start, c.end)) + doc.corrections

    def _tokenize_step(self, doc: Document, state: StepState) -> None:
        from vnpolicy.tokenize import sent_tokenize, tokenize_sentences

        doc.sentences = sent_tokenize(doc.text)
        check("sentences")
        doc.tokens = []
        # Sentences go to the segmenter in batches (its model costs per call), small enough that
        # a text over its time budget is still stopped soon after.
        for start in range(0, len(doc.sentences), _SENTENCE_BATCH):
            doc.tokens += tokenize_sentences(doc.sentences[start:start + _SENTENCE_BATCH],
                                             backend=self.options["tokenizer"])
            check("words")

    def _entities_step(self, doc: Document, state: StepState) -> None:
        from vnpolicy.entities import entities_by
        from vnpolicy.entities.nested import nested_entities

        doc.entities = entities_by(self._entity_tagger, doc.text, reference_date=doc.date)
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
        with time_budget(self.options["timeout"]), paused():
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
        if not self._settled:
            # The steps load their models on first use: now they are loaded, keep them out of
            # every later garbage collection (a fifth of the pipeline's time; see vnpolicy.resident).
            from vnpolicy.resident import settle

            self._settled = True
            settle()
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
        init_args = self._worker_args(n_process)
        try:
            pool = OrderedPool(_work_batch, init=Pipeline._for_worker, init_args=init_args,
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

    def _worker_args(self, n_process: int) -> tuple[Any, ...]:
        """What a worker needs to build this Pipeline: its options and, for a tokenizer backend
        registered in this process, its factory; refused here if they cannot be sent."""
        import pickle

        from vnpolicy.errors import VnpolicyError
        from vnpolicy.tokenize.backends import backend_factory, is_built_in

        name = self.options["tokenizer"]
        backends = () if is_built_in(name) else ((name, backend_factory(name)),)
        for what, value in [*((f"step {e[0]!r}", e[1]) for e in self._entries() if e[1] is not None),
                            *((f"tokenizer backend {n!r}", f) for n, f in backends)]:
            try:
                pickle.dumps(value)
            except (pickle.PicklingError, AttributeError, TypeError) as error:
                raise VnpolicyError(f"pipe(n_process={n_process}): the {what} cannot be sent to worker processes "
                                    f"({error}): define it at module level, or give its import path "
                                    "'package.module:function'") from None
        return (self.options, backends)

    @staticmethod
    def _for_worker(options: dict[str, Any], backends: tuple[tuple[str, Any], ...] = ()) -> Pipeline:
        """Worker set-up: the Pipeline a worker process keeps for all its batches (registering
        the parent's own tokenizer backend first, when it uses one)."""
        if backends:
            from vnpolicy.tokenize.backends import register_backend

            for name, factory in backends:
                register_backend(name, factory, replace=True)
        return Pipeline(**options)


def _step_entry(item: Any) -> StepEntry:
    """One step-list entry from a name, an import path, a callable or ``(name, step[, needs])``."""
    if isinstance(item, tuple):
        if not (2 <= len(item) <= 3 and isinstance(item[0], str) and item[0]):
            raise ValueError(f"steps: {item!r} is not (name, step) or (name, step, needs)")
        name, step = item[0], item[1]
        if step is None or (isinstance(step, str) and ":" not in step):
            base = _step_entry(name if step is None else step)
            if base[1] is None and base[0] != name:
                raise ValueError(f"steps: the built-in step {base[0]!r} keeps its name (not {name!r})")
            return (name, base[1], tuple(item[2]) if len(item) == 3 else base[2])
        if not (callable(step) or isinstance(step, str)):
            raise ValueError(f"steps: step {name!r} must be callable or an import path, got {step!r}")
        return (name, step, tuple(item[2]) if len(item) == 3 else CUSTOM_NEEDS)
    if isinstance(item, str):
        if item in STEP_NEEDS:
            return (item, None, STEP_NEEDS[item])
        if item in _registered_steps:
            step, needs = _registered_steps[item]
            return (item, step, needs)
        if ":" in item:  # an import path: the step is named after the function
            return (item.rpartition(":")[2].rpartition(".")[2], item, CUSTOM_NEEDS)
        raise ValueError(f"unknown step {item!r}: steps are {tuple(STEP_NEEDS)}, "
                         f"registered ones {tuple(_registered_steps)}, or an import path 'module:function'")
    if callable(item):
        fn_name = getattr(item, "__name__", None)
        if not isinstance(fn_name, str) or fn_name == "<lambda>":
            raise ValueError(f"steps: name the step {item!r}: add_step(fn, name=...)")
        return (fn_name, item, CUSTOM_NEEDS)
    raise ValueError(f"steps: {item!r} is not a step name, an import path or a callable")


def _check_steps(entries: tuple[StepEntry, ...], disabled: list[str], off: Iterable[str] = ()) -> None:
    """The step list is runnable: names once each, normalize kept, every step's needs before it."""
    names = [e[0] for e in entries]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"steps: {twice[0]!r} is in the step list twice")
    if "normalize" not in names:
        raise ValueError("steps: 'normalize' cannot be left out: every other step reads the normalized text")
    unknown = [d for d in disabled if d not in names]
    if unknown:
        raise ValueError(f"disable: unknown step {unknown[0]!r}; steps are {tuple(names)}")
    if "normalize" in disabled:
        raise ValueError("disable: 'normalize' cannot be disabled: every other step reads the normalized text")
    skipped = set(disabled) | set(off)
    for name in disabled:
        needed_by = [e[0] for e in entries if name in e[2] and e[0] not in skipped]
        if needed_by:
            raise ValueError(f"disable: step {name!r} is needed by {', '.join(needed_by)} (disable those too)")
    before: set[str] = set()
    for name, _, needs in entries:
        if name not in skipped:
            missing = [n for n in needs if n not in before]
            if missing:
                raise ValueError(f"steps: step {name!r} needs {missing[0]!r} to run before it; "
                                 f"the steps are {tuple(n for n in names if n not in skipped)}")
            before.add(name)


def _resolve_step(entry: StepEntry) -> Step:
    """The callable of a custom step entry (importing it when given by path)."""
    name, step, _ = entry
    if isinstance(step, str):
        from vnpolicy.tokenize.backends import import_object

        step = import_object(step)
    if not callable(step):
        raise ValueError(f"step {name!r} is {step!r}, not callable as step(doc, state)")
    return step


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
