"""Runs: seeds -> requests -> teacher -> judged examples, stored in SQLite, resumable.

The Python API the CLI, the HTTP server and the demo use:

    config = RunConfig(task="unimarc", method="backtranslation", seeds="records.xml",
                       teacher="http://127.0.0.1:8000", n=1000)
    summary = run_generation(config, "runs/bt-1", on_progress=print)
    examples = generate_examples(config)          # a few, synchronously, no folder

Every request has a content key (template hash, seed, round, teacher, sampling parameters). A run
plans its keys, skips those already answered in `run.sqlite`, re-judges stored answers whose
validator version changed, sends the rest with bounded concurrency, and stores each answer with
its examples in one transaction. Killing the process at any point loses at most the requests in
flight; rerunning the same command finishes the job.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.checks import validator_version
from generator.files import try_lock
from generator.methods import Judgement, Method, get_method
from generator.prompts import Template, load_template
from generator.seeds import Seed, SeedError, load_seeds
from generator.store import RunStore, now
from generator.teachers import (
    Completion,
    RequestRejected,
    SamplingParams,
    Teacher,
    TeacherError,
    TeacherUnavailable,
    make_teacher,
)
from validators.rulesets import RULESETS

log = logging.getLogger(__name__)

RULE_TEACHERS = frozenset({"isbd", "rules", "none"})
MAX_FAILURES_IN_A_ROW = 20
EXPORT_EVERY_S = 60.0


class RunError(RuntimeError):
    """A run cannot start: bad config, seeds or folder. The message is one line for the user."""

    exit_code = 2


class TeacherFailed(RunError):
    """The teacher went away or kept failing; finished work is stored, a rerun resumes."""

    exit_code = 1


@cache
def copiste_version() -> str:
    try:
        return version("copiste")
    except PackageNotFoundError:
        return "0.1.0"


class RunConfig(BaseModel):
    """What to generate. Rerunning with the same config (and `out_dir`) resumes."""

    model_config = ConfigDict(extra="forbid")

    task: Literal["unimarc", "math"]
    method: Literal["backtranslation", "answer", "reasoning", "synthesis"]
    seeds: Path | list[dict[str, Any] | str] | None = Field(
        None, description="a file of seeds, inline seeds, or None for the built-in set"
    )
    teacher: str = Field("smollm2", description="teacher spec; `isbd` renders without a model")
    teacher_model: str | None = Field(None, description="model name on an HTTP teacher")
    sampling: SamplingParams = Field(default_factory=SamplingParams)
    n: int = Field(10, ge=1, le=100_000_000, description="examples (samples) to generate")
    concurrency: int = Field(32, ge=1, le=4096, description="requests in flight")
    lang: Literal["fr", "en"] = "fr"
    rules: str = "strict"
    timeout: float = Field(600.0, gt=0, description="seconds per request (HTTP teacher)")
    max_retries: int = Field(6, ge=0, le=100)

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: str) -> str:
        if value not in RULESETS:
            raise ValueError(f"unknown rule set {value!r}; choose one of {', '.join(RULESETS)}")
        return value


class Example(BaseModel):
    """One line of examples.jsonl (see docs/ARCHITECTURE.md)."""

    id: str
    task: str
    method: str
    lang: str
    seed_id: str
    question: str
    answer: str
    reasoning: str | None
    gold: str | None
    accepted: bool
    verdict: dict[str, Any]
    provenance: dict[str, Any]


@dataclass(slots=True)
class Progress:
    """Counts for progress bars: requests planned/finished/failed, examples accepted/rejected,
    tokens of this session's requests."""

    total: int = 0
    done: int = 0
    failed: int = 0
    accepted: int = 0
    rejected: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    elapsed_s: float = 0.0

    @property
    def tokens_per_s(self) -> float:
        return self.completion_tokens / self.elapsed_s if self.elapsed_s > 0 else 0.0


class RunSummary(BaseModel):
    out_dir: str | None
    status: Literal["finished", "stopped", "failed"]
    planned: int
    finished: int
    failed: int
    examples: int
    accepted: int
    rejected: int
    sent: int = Field(description="requests answered by the teacher in this session")
    reused: int = Field(description="requests already answered before this session")
    revalidated: int = Field(description="stored answers judged again (validators changed)")
    prompt_tokens: int
    completion_tokens: int
    elapsed_s: float
    tokens_per_s: float
    examples_path: str | None = None
    error: str | None = None


ProgressCallback = Callable[[Progress], None]
StopCheck = Callable[[], bool]


@dataclass(slots=True)
class Job:
    key: str
    seed: Seed
    round: int
    params: SamplingParams


@dataclass(slots=True)
class _Session:
    """The state of one invocation."""

    config: RunConfig
    method: Method
    template: Template
    store: RunStore
    version: str
    teacher: Teacher | None
    identity: dict[str, str]
    plan: list[Job] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)
    sent: int = 0
    reused: int = 0
    revalidated: int = 0
    failed_now: set[str] = field(default_factory=set)


def run_generation(
    config: RunConfig,
    out_dir: str | Path,
    *,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> RunSummary:
    """Generate into `out_dir` (run.sqlite, examples.jsonl, run.json); blocking; resumable.

    Raises `RunError` (with a one-line message) when the run cannot start or the teacher goes
    away; what was finished stays stored and a rerun picks up from there.
    """
    out = Path(out_dir)
    return _blocking(_run_folder(config, out, on_progress, should_stop))


def generate_examples(config: RunConfig, *, should_stop: StopCheck | None = None) -> list[Example]:
    """A few examples, synchronously, without a run folder (the HTTP API's `/v1/generate`).

    `should_stop` turning true (the client went away) cancels what is in flight; the examples
    finished by then are returned."""

    async def go() -> list[Example]:
        store = RunStore(":memory:")
        try:
            session = await _open_session(config, store)
            try:
                await _work(session, None, should_stop, export=None)
            finally:
                if session.teacher is not None:
                    await session.teacher.aclose()
            return [Example(**data) for job in session.plan for data in store.examples_for(job.key)]
        finally:
            store.close()

    return _blocking(go())


def _blocking(coroutine: Any) -> Any:
    """asyncio.run, also when the caller already runs an event loop (then in a thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=target, name="copiste-run")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


async def _run_folder(
    config: RunConfig,
    out: Path,
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
) -> RunSummary:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError(f"cannot create the run folder {out}: {exc.strerror}") from None
    lock = _lock(out)
    try:
        store = RunStore(out / "run.sqlite")
    except Exception as exc:
        lock.close()
        raise RunError(f"cannot open {out / 'run.sqlite'}: {exc}") from None
    started = time.perf_counter()
    session: _Session | None = None
    status, error = "failed", None
    try:
        session = await _open_session(config, store)
        _write_run_json(out, session, "running", started)
        exporter = _Exporter(out, session)
        try:
            stopped = await _work(session, on_progress, should_stop, export=exporter)
            status = "stopped" if stopped else "finished"
        except RunError as exc:
            error = str(exc)
            raise
        except (asyncio.CancelledError, KeyboardInterrupt):
            status = "stopped"
            raise
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            if session.teacher is not None:
                await session.teacher.aclose()
            exporter.export()
            _write_run_json(out, session, status, started, error)
        return _summary(session, out, status, started)
    finally:
        store.close()
        lock.close()


def _lock(out: Path) -> IO[str]:
    """Hold the run folder for this process: two writers would interleave one store."""
    handle = try_lock(out / ".lock")
    if handle is None:
        raise RunError(f"another copiste process is writing {out}")
    return handle


async def _open_session(config: RunConfig, store: RunStore) -> _Session:
    """Check the config against the store, build the teacher and the plan."""
    method = get_method(config.task, config.method)
    identity = {"task": config.task, "method": config.method, "lang": config.lang}
    held = store.get_meta("identity")
    if held is not None and held != identity:
        raise RunError(
            f"this run folder holds a {held['task']}/{held['method']} run in {held['lang']}; "
            "use another --out"
        )
    store.set_meta("identity", identity)
    template = load_template(config.task, config.method, config.lang)
    try:
        usable = usable_seeds(config, method)
    except SeedError as exc:
        raise RunError(str(exc)) from None
    teacher, teacher_identity = await _teacher(config, method, store)
    session = _Session(
        config=config,
        method=method,
        template=template,
        store=store,
        version=validator_version(config.rules),
        teacher=teacher,
        identity=teacher_identity,
    )
    session.plan = _plan(session, usable)
    return session


def usable_seeds(config: RunConfig, method: Method) -> list[Seed]:
    """The config's seeds that `method` can use, in order. Raises `SeedError` (one line for the
    user) when they cannot be read or none suits; shared with the HTTP server, which refuses
    such seeds before queueing a job."""
    seeds = load_seeds(config.seeds, task=config.task, method=config.method, lang=config.lang)
    usable = [s for s in seeds if method.usable(s)]
    if not usable:
        raise SeedError(
            f"none of the {len(seeds)} seeds suits {config.task} {config.method}, "
            f"which needs {method.needs}"
        )
    return usable


async def _teacher(
    config: RunConfig, method: Method, store: RunStore
) -> tuple[Teacher | None, dict[str, str]]:
    if config.teacher.strip().lower() in RULE_TEACHERS:
        if not method.rule_based:
            raise RunError(
                f"{config.task} {config.method} needs a model as teacher; the rule-based "
                f"teacher {config.teacher!r} only does unimarc backtranslation"
            )
        return None, {"backend": "rules", "model": "isbd"}
    try:
        teacher = make_teacher(
            config.teacher,
            model=config.teacher_model,
            concurrency=config.concurrency,
            timeout=config.timeout,
            max_retries=config.max_retries,
        )
    except ValueError as exc:
        raise RunError(str(exc)) from None
    described = teacher.describe()
    if described.get("model") is None:
        # The served model is known only once asked; a rerun remembers it, so a finished run
        # can be re-judged without reaching the server.
        remembered = (store.get_meta("served_models") or {}).get(config.teacher)
        if remembered is None:
            await _start(teacher)
            remembered = teacher.describe()["model"]
            _remember_model(store, config.teacher, remembered)
        return teacher, {"backend": described["backend"], "model": remembered}
    return teacher, teacher.identity()


def _remember_model(store: RunStore, spec: str, model: str) -> None:
    served = store.get_meta("served_models") or {}
    served[spec] = model
    store.set_meta("served_models", served)


async def _start(teacher: Teacher) -> None:
    try:
        await teacher.start()
    except TeacherError as exc:
        raise TeacherFailed(str(exc)) from None


def _plan(session: _Session, seeds: list[Seed]) -> list[Job]:
    config, method = session.config, session.method
    base = config.sampling
    updates: dict[str, Any] = {}
    if base.max_tokens is None:
        updates["max_tokens"] = method.max_tokens
    supports = session.teacher is not None and session.teacher.supports_structured
    if base.structured is None and supports and method.structured() is not None:
        updates["structured"] = method.structured()
    if session.teacher is None:
        updates.update(n=1, temperature=0.0, seed=None)
    base = base.model_copy(update=updates)
    per_request = base.n
    requests = math.ceil(config.n / per_request)
    if session.teacher is None:
        requests = min(requests, len(seeds))  # rules give one description per record
    jobs = []
    for index in range(requests):
        seed, round_ = seeds[index % len(seeds)], index // len(seeds)
        params = base
        if base.seed is not None:
            params = base.model_copy(update={"seed": base.seed + round_})
        key = _key(session, seed, round_, params)
        jobs.append(Job(key, seed, round_, params))
    session.progress.total = len(jobs)
    return jobs


def _key(session: _Session, seed: Seed, round_: int, params: SamplingParams) -> str:
    content = {
        "template": session.template.name,
        "template_hash": session.template.hash,
        "seed_id": seed.id,
        "seed_hash": seed.content_hash,
        "round": round_,
        "teacher": session.identity,
        "sampling": params.canonical(),
    }
    return _digest(json.dumps(content, sort_keys=True, ensure_ascii=False))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


async def _work(
    session: _Session,
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    *,
    export: _Exporter | None,
) -> bool:
    """Re-judge what is stale, send what is missing. True when stopped before the end."""
    store, progress = session.store, session.progress
    finished = store.finished_keys()
    planned = {job.key for job in session.plan}
    stale = store.stale_keys(session.version) & planned
    for job in session.plan:
        if job.key in stale:
            _rejudge(session, job)
    session.revalidated = len(stale)
    pending = [job for job in session.plan if job.key not in finished]
    session.reused = len(session.plan) - len(pending)
    progress.done = session.reused
    progress.accepted, progress.rejected = store.counts(planned)
    if stale:
        log.info("judged %d stored answers again (validators changed)", len(stale))
    _notify(on_progress, progress)
    if not pending:
        return False
    if session.teacher is not None:
        await _start(session.teacher)
        if session.identity["model"] != session.teacher.describe()["model"]:
            raise TeacherFailed(
                f"the teacher now serves {session.teacher.describe()['model']!r}, not "
                f"{session.identity['model']!r} as when this run started; "
                "pass --teacher-model or use another --out"
            )
    return await _send(session, pending, on_progress, should_stop, export)


async def _send(
    session: _Session,
    pending: list[Job],
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    export: _Exporter | None,
) -> bool:
    progress = session.progress
    started = time.perf_counter()
    queue = iter(pending)
    in_flight: dict[asyncio.Task, Job] = {}
    in_a_row, stopped, exhausted = 0, False, False
    last_error = ""
    try:
        while True:
            while not stopped and not exhausted and len(in_flight) < session.config.concurrency:
                if should_stop is not None and should_stop():
                    stopped = True
                    break
                job = next(queue, None)
                if job is None:
                    exhausted = True
                    break
                in_flight[asyncio.create_task(_ask(session, job))] = job
            if not in_flight:
                break
            done, _ = await asyncio.wait(
                in_flight, timeout=0.5, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                job = in_flight.pop(task)
                error = task.exception()
                if error is None:
                    in_a_row = 0
                    _account(session, job, *task.result())
                elif isinstance(error, TeacherUnavailable):
                    raise TeacherFailed(str(error))
                elif isinstance(error, TeacherError):
                    in_a_row += 1
                    last_error = str(error)
                    session.failed_now.add(job.key)
                    session.store.record_failure(job.key, last_error)
                    progress.failed = len(session.failed_now)
                    log.warning("request %s failed: %s", job.key, last_error)
                    if in_a_row >= MAX_FAILURES_IN_A_ROW:
                        raise TeacherFailed(
                            f"{in_a_row} requests in a row failed, stopping; last: {last_error}"
                        )
                else:
                    raise error
            progress.elapsed_s = time.perf_counter() - started
            if done:
                _notify(on_progress, progress)
            if export is not None:
                export.maybe()
            if should_stop is not None and not stopped and in_flight and should_stop():
                stopped = True
            if stopped:
                break  # the finally below cancels what is in flight
    finally:
        for task in in_flight:
            task.cancel()
        if in_flight:
            await asyncio.gather(*in_flight, return_exceptions=True)
        progress.elapsed_s = time.perf_counter() - started
        _notify(on_progress, progress)
    return stopped


async def _ask(session: _Session, job: Job) -> tuple[list[Completion], list[dict[str, Any]]]:
    """Send one request (or render it by rules) and store the answer with its examples; both
    are handed back so the progress counts need not read them again from SQLite."""
    method, lang = session.method, session.config.lang
    if session.teacher is None:
        text = method.offline(job.seed, lang) or ""
        messages: Any = {"rules": "isbd", "seed_id": job.seed.id}
        completions = [Completion(text=text, finish_reason="stop")]
    else:
        try:
            messages = session.template.render(**method.variables(job.seed, lang))
        except Exception as exc:  # a template that cannot render this seed is this seed's fault
            raise RequestRejected(f"cannot render {session.template.name}: {exc}") from None
        completions = await session.teacher.chat(messages, job.params, request_id=job.key)
    described = session.teacher.describe() if session.teacher else {**session.identity}
    described.setdefault("endpoint", None)
    created = now()
    data = [c.model_dump() for c in completions]
    examples = _judge(session, job, completions, described, created)
    session.store.save(
        key=job.key,
        seed_id=job.seed.id,
        round=job.round,
        template=session.template.name,
        template_hash=session.template.hash,
        teacher=described,
        sampling=job.params.canonical(),
        request=messages,
        completions=data,
        created_at=created,
        examples=examples,
        validator_version=session.version,
    )
    return completions, examples


def _judge(
    session: _Session,
    job: Job,
    completions: list[Completion],
    teacher: dict[str, Any],
    created_at: str,
) -> list[dict[str, Any]]:
    config = session.config
    examples = []
    for sample, completion in enumerate(completions):
        judged = _judge_one(session, job, completion)
        example = Example(
            id=_digest(f"{job.key}:{sample}"),
            task=config.task,
            method=config.method,
            lang=config.lang,
            seed_id=job.seed.id,
            question=judged.question,
            answer=judged.answer,
            reasoning=judged.reasoning,
            gold=judged.gold,
            accepted=judged.accepted,
            verdict=judged.verdict,
            provenance={
                "teacher": teacher,
                "template": session.template.name,
                "template_hash": session.template.hash,
                "sampling": job.params.canonical(),
                "validator_version": session.version,
                "rules": config.rules,
                "copiste_version": copiste_version(),
                "request": job.key,
                "round": job.round,
                "sample": sample,
                "finish_reason": completion.finish_reason,
                "timings": {"latency_s": completion.latency_s},
                "tokens": {
                    "prompt": completion.prompt_tokens,
                    "completion": completion.completion_tokens,
                },
                "created_at": created_at,
                "judged_at": now(),
            },
        )
        examples.append(example.model_dump())
    return examples


def _judge_one(session: _Session, job: Job, completion: Completion) -> Judgement:
    """The method's judgement; a judging bug rejects this one answer (kept, and judged again
    once fixed and CHECKS_VERSION bumped) instead of ending an overnight run."""
    config = session.config
    try:
        return session.method.judge(job.seed, completion, lang=config.lang, rules=config.rules)
    except Exception as exc:
        log.exception("cannot judge the answer to %s", job.key)
        finding = {"rule": "JUDGE_ERROR", "severity": "error", "message": f"{exc!r}"}
        verdict = {"valid": False, "score": 0.0, "findings": [finding], "checks": {}}
        return Judgement("", completion.text, None, None, verdict, False)


def _rejudge(session: _Session, job: Job) -> None:
    stored = session.store.response(job.key)
    if stored is None:
        return
    completions = [Completion(**c) for c in stored["completions"]]
    examples = _judge(session, job, completions, stored["teacher"], stored["created_at"])
    session.store.replace_examples(job.key, examples, session.version)


def _account(
    session: _Session,
    job: Job,
    completions: list[Completion],
    examples: list[dict[str, Any]],
) -> None:
    """Count a request just answered: `examples` are those `_ask` stored for it."""
    progress = session.progress
    session.sent += 1 if session.teacher is not None else 0
    session.failed_now.discard(job.key)
    progress.failed = len(session.failed_now)
    progress.done += 1
    for example in examples:
        if example["accepted"]:
            progress.accepted += 1
        else:
            progress.rejected += 1
    progress.prompt_tokens += sum(c.prompt_tokens for c in completions[:1])
    progress.completion_tokens += sum(c.completion_tokens for c in completions)


def _notify(callback: ProgressCallback | None, progress: Progress) -> None:
    if callback is not None:
        callback(Progress(**asdict(progress)))


class _Exporter:
    """examples.jsonl from SQLite, in plan order, replaced atomically; every minute or so."""

    def __init__(self, out: Path, session: _Session) -> None:
        self.path = out / "examples.jsonl"
        self.session = session
        self.last = time.monotonic()
        self.interval = EXPORT_EVERY_S

    def maybe(self) -> None:
        if time.monotonic() - self.last >= self.interval:
            self.export()

    def export(self) -> None:
        started = time.monotonic()
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            for job in self.session.plan:
                for line in self.session.store.example_lines(job.key):
                    handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        self.last = time.monotonic()
        # A large run exports less often, so exporting never takes a noticeable share of it.
        self.interval = max(EXPORT_EVERY_S, 20 * (self.last - started))


def _summary(session: _Session, out: Path | None, status: str, started: float) -> RunSummary:
    progress = session.progress
    planned = {job.key for job in session.plan}
    accepted, rejected = session.store.counts(planned)
    elapsed = time.perf_counter() - started
    return RunSummary(
        out_dir=str(out) if out else None,
        status=status,  # type: ignore[arg-type]
        planned=len(session.plan),
        finished=progress.done,
        failed=len(session.store.failed_keys(planned)),
        examples=accepted + rejected,
        accepted=accepted,
        rejected=rejected,
        sent=session.sent,
        reused=session.reused,
        revalidated=session.revalidated,
        prompt_tokens=progress.prompt_tokens,
        completion_tokens=progress.completion_tokens,
        elapsed_s=round(elapsed, 3),
        tokens_per_s=round(progress.tokens_per_s, 2),
        examples_path=str(out / "examples.jsonl") if out else None,
    )


def _write_run_json(
    out: Path, session: _Session, status: str, started: float, error: str | None = None
) -> None:
    summary = _summary(session, out, status if status != "running" else "stopped", started)
    data = {
        "status": status,
        "error": error,
        "config": json.loads(session.config.model_dump_json()),
        "teacher": session.teacher.describe() if session.teacher else session.identity,
        "template": session.template.name,
        "template_hash": session.template.hash,
        "validator_version": session.version,
        "copiste_version": copiste_version(),
        "updated_at": now(),
        "summary": summary.model_dump(exclude={"status"}),
    }
    temporary = out / f".run.json.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, out / "run.json")
