"""The Ray engine: the plan's pending requests as a Ray Data pipeline (`--engine ray`).

It replaces `generator.engine.send` and nothing else: the plan (keys), the judging code and the
`RunStore` are the local engine's, so a run folder is the same whichever engine filled it, and
either resumes the other's. The pipeline, per window of `WINDOW` pending requests:

    rows (key, seed, round, sampling) -> render (prompts) -> the teacher -> judged (checkers)

`generator.ray_stages` holds the stages. The teacher stage is one of two:
- an OpenAI-compatible server (`--teacher http://...`, a `vllm serve`): `ray_workers` actors
  (default one per 64 requests in flight) each keep `concurrency / ray_workers` requests in
  flight through copiste's own HTTP teacher (why not Ray Data LLM's HTTP processor: see `Ask`);
- a model run by vLLM on the cluster's GPU nodes (`--teacher vllm:MODEL`): Ray Data LLM's vLLM
  engine processor (`ray.data.llm.vLLMEngineProcessorConfig`), `ray_workers` engines (default
  1) of one GPU each. It needs `pip install "ray[llm]"` on the nodes (vLLM, aiohttp), the model
  readable from every node (a path on shared storage, or a hub name where nodes may download),
  and one sample per request (the processor keeps one output per row). It was not run here
  (no GPU): `ray.data.llm`'s own documentation is its reference.

This process stays the one writer of the store: rows come back as they finish and are saved
here, one transaction each, so a run killed at any point resumes with nothing lost but the
rows in flight, and a rerun sends only the requests the store does not hold. Every node needs
copiste installed (the same version): the stages import it.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from generator.contract import ProgressCallback, RunConfig, RunError, StopCheck, TeacherFailed
from generator.engine import MAX_FAILURES_IN_A_ROW, account, notify
from generator.plan import PlannedRequest
from generator.ray_stages import Ask, judged, render, to_row, vllm_inputs, vllm_outputs
from generator.session import Session, start_teacher
from generator.teacher_spec import parse_teacher
from generator.teachers import Completion

log = logging.getLogger(__name__)

WINDOW = 10_000  # pending requests per dataset: the plan is read lazily, never all at once
PER_ACTOR = 64  # requests in flight per HTTP actor when `ray_workers` is not given
ACTOR_CPUS = 0.25  # an HTTP actor waits on the network: it reserves a quarter of a CPU


async def send(
    session: Session,
    pending: Iterator[PlannedRequest],
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    tick: Callable[[], None] | None = None,
) -> bool:
    """Send every pending request through Ray; True when `should_stop` stopped it first.

    The same arguments and promises as `generator.engine.send`. Ray's calls block this event
    loop, which has nothing else to do: the driver only stores what comes back.
    """
    config = session.config
    backend = _backend(config)
    if backend == "http":
        await start_teacher(session)  # the served model is the one the keys were made with
    progress = session.progress
    started = time.perf_counter()
    in_a_row, stopped = 0, False
    with connected(config.ray_address):
        import ray.data

        _quiet(ray.data)
        pipeline = _pipeline(session, backend)
        try:
            while not stopped:
                window = {r.key: r for r in itertools.islice(pending, WINDOW)}
                if not window:
                    break
                dataset = pipeline(ray.data.from_items([to_row(r) for r in window.values()]))
                for row in dataset.iter_rows():
                    in_a_row = _keep(session, window[row["key"]], row, in_a_row)
                    progress.elapsed_s = time.perf_counter() - started
                    notify(on_progress, progress)
                    if tick is not None:
                        tick()
                    if should_stop is not None and should_stop():
                        stopped = True  # the rows in flight are sent again by the next run
                        break
        except ray.exceptions.RayError as exc:  # a worker failed, a node went away...
            raise TeacherFailed(
                f"the Ray pipeline failed ({_reason(exc)}); what finished is stored, rerun "
                "to resume"
            ) from None
        finally:
            progress.elapsed_s = time.perf_counter() - started
            notify(on_progress, progress)
    return stopped


# The worker's own exception, in the traceback text Ray carries back (its cause is not kept).
WORKER_ERROR = re.compile(r"^(?!ray\.)([\w.]*\w(?:Error|Exception)): (.+)$", re.MULTILINE)


def _reason(exc: Exception) -> str:
    """What failed in a worker, in one line, out of the tracebacks Ray wraps it in."""
    found = WORKER_ERROR.search(str(exc))
    return f"{found[1]}: {found[2].strip()}" if found else type(exc).__name__


def _quiet(data: Any) -> None:
    """Ray Data's own messages (plans, timings, its progress bars) go to its log file in the Ray
    session folder, not to the console, where they would break copiste's progress bar; its
    errors still show there."""
    data.DataContext.get_current().enable_progress_bars = False
    for handler in logging.getLogger("ray.data").handlers:
        if type(handler).__name__ != "SessionFileHandler":
            handler.setLevel(logging.ERROR)


def _backend(config: RunConfig) -> str:
    """The teacher's kind, or a one-line `RunError` for a run Ray cannot make."""
    backend = parse_teacher(config.teacher).backend
    if backend not in ("http", "vllm"):
        raise RunError(
            f"--engine ray sends requests to an OpenAI-compatible server (http://HOST:PORT) or "
            f"runs vllm:MODEL on the cluster's GPUs, not to the teacher {config.teacher!r}"
        )
    if backend == "vllm" and (config.sampling.n > 1 or config.repair):
        raise RunError(
            "--engine ray with a vllm: teacher takes one sample per request and no repair "
            "rounds (Ray Data LLM's vLLM stage keeps one output); use --samples 1, no --repair, "
            "or a vllm serve teacher over http"
        )
    return backend


@contextmanager
def connected(address: str | None) -> Iterator[None]:
    """Ray, connected: an instance the caller already started, the cluster at `address`, or a
    local one started here (on the loopback interface) and shut down at the end."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if address is None:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # a one-node instance
    try:
        import ray
    except ImportError:
        raise RunError(
            "--engine ray needs Ray Data: pip install 'copiste[ray]' (or \"ray[data]\")"
        ) from None
    if ray.is_initialized():
        yield
        return
    if address is not None:
        _check_reachable(address)
    try:
        ray.init(address=address, include_dashboard=False, logging_level=logging.WARNING)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise RunError(f"cannot start or reach {where}: {exc}") from None
    try:
        yield
    finally:
        ray.shutdown()


def _check_reachable(address: str) -> None:
    """A cluster address (`HOST:PORT`, `ray://HOST:PORT`) that nothing answers on is one clear
    error at once; `ray.init` would wait minutes for it. Other forms (`auto`) are Ray's."""
    host, colon, port = address.removeprefix("ray://").rpartition(":")
    if not colon or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except OSError as exc:
        raise RunError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}"
        ) from None


def _pipeline(session: Session, backend: str) -> Callable[[Any], Any]:
    """The stages after the rows, for one kind of teacher."""
    config = session.config
    # The seeds stay out: rows carry their own, and inline seeds would ride on every task.
    run = config.model_dump_json(exclude={"seeds"})
    if backend == "http":
        workers = config.ray_workers or math.ceil(config.concurrency / PER_ACTOR)
        teacher = _http_stage(run, session.identity["model"], workers, config.concurrency)
    else:
        teacher = _vllm_stage(session, config.ray_workers or 1)

    def pipeline(dataset: Any) -> Any:
        dataset = dataset.map(render, fn_kwargs={"config": run})
        return teacher(dataset).map(judged, fn_kwargs={"config": run})

    return pipeline


def _http_stage(run: str, model: str, workers: int, concurrency: int) -> Callable[[Any], Any]:
    from ray.data import ActorPoolStrategy

    per_actor = max(1, math.ceil(concurrency / workers))

    def stage(dataset: Any) -> Any:
        return dataset.map_batches(
            Ask,
            fn_constructor_kwargs={"config": run, "model": model, "concurrency": per_actor},
            batch_format="pyarrow",
            batch_size=per_actor,
            compute=ActorPoolStrategy(size=workers),
            num_cpus=ACTOR_CPUS,
        )

    return stage


def _vllm_stage(session: Session, engines: int) -> Callable[[Any], Any]:
    """Ray Data LLM's vLLM engine processor: the chat template, tokenizer and engine stages
    on the cluster, one GPU per engine."""
    from ray.data.llm import build_processor, vLLMEngineProcessorConfig

    from generator.models import resolve_model

    teacher = session.teacher
    assert teacher is not None
    described = json.dumps(teacher.describe(), ensure_ascii=False)
    processor = build_processor(
        vLLMEngineProcessorConfig(
            model_source=resolve_model(parse_teacher(session.config.teacher).target),
            concurrency=engines,
            batch_size=64,
        ),
        preprocess=vllm_inputs,
        postprocess=partial(vllm_outputs, teacher=described),
    )
    return processor


def _check_same_copiste(session: Session, examples: list[dict[str, Any]]) -> None:
    """Workers with another copiste would store examples this one judges otherwise."""
    for example in examples[:1]:
        made = example["provenance"]
        if (made["validator_version"], made["template_hash"]) != (
            session.version,
            session.template.hash,
        ):
            raise RunError(
                f"the Ray workers run copiste {made['copiste_version']} with other validators "
                "or templates than this process; install the same copiste on every node"
            )


def _keep(session: Session, request: PlannedRequest, row: dict[str, Any], in_a_row: int) -> int:
    """Store one finished row (answer and examples in one transaction) and count it, or
    record its failure as the local engine does; the failures in a row so far come back (too
    many mean the teacher is broken, not the requests)."""
    store, progress = session.store, session.progress
    if row["error"]:
        if row["unavailable"]:
            raise TeacherFailed(row["error"])
        in_a_row += 1
        session.failed_now.add(request.key)
        store.record_failure(request.key, row["error"])
        progress.failed = len(session.failed_now)
        log.warning("request %s failed: %s", request.key, row["error"])
        if in_a_row >= MAX_FAILURES_IN_A_ROW:
            raise TeacherFailed(
                f"{in_a_row} requests in a row failed, stopping; last: {row['error']}"
            )
        return in_a_row
    completions = json.loads(row["completions"])
    examples = json.loads(row["examples"])
    _check_same_copiste(session, examples)
    store.save(
        key=request.key,
        seed_id=request.seed.id,
        round=request.round,
        template=session.template.name,
        template_hash=session.template.hash,
        teacher=json.loads(row["teacher"]),
        sampling=request.params.canonical(),
        request=json.loads(row["request"]),
        completions=completions,
        created_at=row["created_at"],
        examples=examples,
        validator_version=session.version,
    )
    account(session, request, [Completion(**c) for c in completions], examples)
    return 0
