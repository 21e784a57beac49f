"""Keep the models, once loaded, out of the cyclic garbage collector's way.

Why: the models and lexicons a pipeline loads (segmenter vocabulary and weight rows, the
spelling tables, the entity tagger's lists, the gazetteers) are some 70,000 container objects
that live as long as the process. Every full collection walks all of them (about 50 ms), and the
objects an article makes set one off every few articles: without this, a fifth of the pipeline's
CPU time in ``benchmarks/speed.py`` went to walking the models. :func:`settle` moves the objects
alive at that moment into the collector's permanent generation (:func:`gc.freeze`), which later
collections skip. They are still freed by reference counting as usual; only a reference cycle
among them would outlive its last use. Set ``vnpolicy.resident.enabled = False`` before the first
article to leave the collector alone (``gc.unfreeze()`` undoes a freeze).

While an article is analysed the collector is also paused (:func:`paused`): an article makes
thousands of short-lived containers (token lists, spans, matches) and no reference cycle among
them, so the collections they set off (a dozen per article) found nothing to free and cost a
thirtieth of the pipeline's time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Set to False to never freeze (a host program that manages the collector itself).
enabled = True
#: Fewer objects than this tracked outside the permanent generation: nothing worth a collection.
MIN_OBJECTS = 20_000


def settle() -> bool:
    """After models were loaded (a Pipeline's first article): collect, then freeze what is alive.

    Returns whether it froze. Cheap when there is nothing new to freeze: it counts the tracked
    objects (a few ms) and stops there, so every new Pipeline may call it.
    """
    if not enabled or len(gc.get_objects()) < MIN_OBJECTS:
        return False
    gc.collect()  # no garbage goes into the permanent generation
    gc.freeze()
    return True


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, and turn it back on after.

    Why: the pipeline's work on one article leaves no reference cycles (reference counting frees
    all of it; ``tests/test_pipeline.py`` checks), so collections during it only walk live objects.
    Nothing is changed when ``enabled`` is False or the collector is already off (a host program
    that manages it, or another thread in the same block).
    """
    if not enabled or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
