"""Connecting to a Dask cluster: an existing scheduler, or a LocalCluster started for one run.

``settings.scheduler`` (``tcp://host:port``) joins a cluster someone started with
``dask scheduler`` and ``dask worker`` (or dask-kubernetes, dask-jobqueue); otherwise a
``LocalCluster`` of ``settings.workers`` processes with one thread each is started and torn
down with the run. One thread per worker: extraction is pure Python (the GIL would serialise
threads) and the embedder is told to use one torch thread, so processes are what scale.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from monazite.errors import ConfigError
from monazite.settings import Settings

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["CONNECT_TIMEOUT_S", "VocabularyPlugin", "dask_client", "vocabulary_on_workers", "worker_slots",
           "worker_vocabulary"]

CONNECT_TIMEOUT_S = 30  # how long to wait for a named scheduler before saying it is not there


@contextmanager
def dask_client(settings: Settings) -> Iterator[Client]:
    """A ``distributed.Client`` for this run; closes it (and a cluster it started) afterwards."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - distributed is a core dependency
        raise ConfigError("the dask executor needs dask.distributed: pip install 'dask[distributed]'") from exc
    if settings.scheduler:
        try:
            client = Client(settings.scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {settings.scheduler}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=max(1, settings.workers), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def worker_slots(client: Client) -> int:
    """Threads across the cluster's workers now (at least 1): how many tasks run at once."""
    return max(1, sum(client.nthreads().values()))


class VocabularyPlugin(WorkerPlugin):
    """The run's vocabulary, held by every worker for the run, and given to any worker that
    joins mid-run (a replacement for one that died).

    Why a plugin and not ``client.scatter(vocab, broadcast=True)``: scattered data is a task
    result like any other, so the scheduler's memory manager may drop the replicas it deems
    redundant; the worker keeping the last one can then die, and every task needing the
    vocabulary is cancelled for good (scattered data cannot be recomputed). A plugin is sent
    once per worker and is not data the scheduler manages.
    """

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab


@contextmanager
def vocabulary_on_workers(client: Client, vocab: Any | None, run_id: str) -> Iterator[str | None]:
    """Send ``vocab`` to every worker once for the run; yields the name tasks look it up by
    (None without a vocabulary), and drops it from a cluster that outlives the run."""
    if vocab is None:
        yield None
        return
    name = f"monazite-vocab-{run_id}"
    client.register_plugin(VocabularyPlugin(vocab), name=name)
    try:
        yield name
    finally:
        try:
            client.unregister_worker_plugin(name)
        except Exception:  # noqa: BLE001 - a worker gone or a cluster shutting down: nothing left to free
            pass


def worker_vocabulary(name: str) -> Any:
    """In a task: the vocabulary ``vocabulary_on_workers`` sent to this worker."""
    from distributed import get_worker

    return get_worker().plugins[name].vocab
