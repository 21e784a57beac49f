"""Folders at scale: ``vnpolicy analyze`` and :func:`analyze_folder`.

The room for running the pipeline over many files: expanding inputs (:mod:`.inputs`), running
them on worker processes or a Dask cluster (:mod:`.pool`, :mod:`.engines`, :mod:`.work`), writing
results that survive crashes and can be resumed (:mod:`.output`), and the command line
(:mod:`.command`). It must not analyse text itself: every document comes from
:class:`vnpolicy.Pipeline`, so a batch run gives exactly what ``Pipeline()(text)`` gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vnpolicy.batch.command import register, run
from vnpolicy.batch.output import read_jsonl

if TYPE_CHECKING:
    import pandas as pd


def analyze_folder(
    path: str | Path | Iterable[str | Path],
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    timeout: float | None = None,
    max_chars: int | None = 1_000_000,
    dedup: bool = True,
    **options: Any,
) -> dict[str, pd.DataFrame]:
    """Analyse every article under ``path`` (files, folders, globs); return the tables of
    :func:`vnpolicy.to_frames` plus ``errors`` (one row per input that gave no document, and
    per bad record of a multi-article file: ``input`` is then ``path#N``).

    ``options`` are :class:`vnpolicy.Pipeline` options (``tokenizer``, ``tone_style``,
    ``correct``, ``topic_model``…). ``workers=1`` runs in this process; more runs that many
    worker processes (from a script, call it under ``if __name__ == "__main__":``);
    ``engine="dask"`` runs on a Dask cluster (``scheduler`` address, or a local one).
    An article longer than ``max_chars`` characters fails (``None``: no limit); with ``timeout``
    (seconds), an input that takes longer fails. With ``dedup`` near-duplicates are marked
    (:mod:`vnpolicy.dedup`), so the analysis helpers count stories. A path that names nothing raises :class:`~vnpolicy.errors.ReadError`.
    """
    from vnpolicy.batch.command import iter_results
    from vnpolicy.batch.inputs import expand_inputs, no_inputs_error
    from vnpolicy.frames import errors_frame, to_frames
    items = [str(path)] if isinstance(path, (str, Path)) else [str(p) for p in path]
    tasks, failures = expand_inputs(items)
    if not tasks:
        raise no_inputs_error(failures)
    docs = []
    errors: list[dict[str, object]] = [{"input": f.input, "kind": f.kind, "error": f.error} for f in failures]
    inline = engine == "local" and workers <= 1 and timeout is None
    for result in iter_results(tasks, options, engine=engine, workers=max(1, workers), scheduler=scheduler,
                               timeout=timeout, inline=inline, max_chars=max_chars):
        docs.extend(result.docs)
        errors.extend(result.failure_rows())
    if dedup:
        from vnpolicy.dedup import mark_duplicates

        mark_duplicates(docs)
    frames = to_frames(docs)
    frames["errors"] = errors_frame(errors)
    return frames


__all__ = ["analyze_folder", "read_jsonl", "register", "run"]
