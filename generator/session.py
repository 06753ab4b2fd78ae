"""One invocation of a run: its configuration checked against the store, its teacher, its plan.

The teacher is started in one place, `start_teacher`, at most once per session: when the plan
first holds a request to send, or earlier when the model an HTTP server serves must be known to
compute the keys (a rerun remembers it, so a finished run can be judged again offline).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.checks import validator_version
from generator.contract import Progress, RunConfig, RunError, TeacherFailed
from generator.methods import Method, get_method
from generator.plan import Plan, first_usable_seed, request_params
from generator.prompts import Template, load_template
from generator.seeds import SeedError, SeedStream
from generator.store import RunStore
from generator.teacher_spec import TeacherSpec, parse_teacher
from generator.teachers import Teacher, TeacherError, TeacherSpecError, make_teacher


@dataclass(slots=True)
class Session:
    """The state of one invocation; the engine, the judge and the export read it."""

    config: RunConfig
    method: Method
    template: Template
    store: RunStore
    version: str
    teacher: Teacher | None
    identity: dict[str, str]
    plan: Plan
    seeds: SeedStream
    repair_template: Template | None = None  # the message of a repair round (`--repair`)
    progress: Progress = field(default_factory=Progress)
    sent: int = 0
    reused: int = 0
    revalidated: int = 0
    failed_now: set[str] = field(default_factory=set)
    started: bool = False

    def notes(self) -> list[str]:
        """What the user must hear about the seeds: fewer examples than asked, seeds skipped."""
        notes = []
        if shortfall := self.plan.shortfall():
            notes.append(shortfall)
        if self.plan.duplicates:
            notes.append(
                f"{self.plan.duplicates} duplicate seeds skipped "
                "(same id and content as an earlier seed)"
            )
        if self.seeds.unreadable:
            notes.append(
                f"{self.seeds.unreadable} seed records could not be read and were skipped "
                f"(first: {self.seeds.first_problem})"
            )
        return notes


async def open_session(config: RunConfig, store: RunStore) -> Session:
    """Check the config and seeds against the store, build the teacher and the plan."""
    method = get_method(config.task, config.method)
    _check_records(config, method)
    _hold(store, "identity", {"task": config.task, "method": config.method, "lang": config.lang})
    template = load_template(config.task, config.method, config.lang, syntax=config.syntax)
    repair = load_template(config.task, "repair", config.lang) if config.repair else None
    try:
        seeds = SeedStream(config.seeds, task=config.task, method=config.method, lang=config.lang)
        first_usable_seed(seeds, method, config)
    except SeedError as exc:
        raise RunError(str(exc)) from None
    _hold_seeds(store, seeds)
    spec = parse_teacher(config.teacher)
    teacher, identity, started = await _teacher(config, spec, method, store)
    if config.draft_bias and teacher is not None and not teacher.supports_draft_bias:
        raise RunError(
            f"--draft-bias needs a local transformers teacher, which biases its own logits; "
            f"{config.teacher!r} decodes elsewhere"
        )
    params = request_params(
        config,
        method,
        structured=teacher is not None and teacher.supports_structured,
        rules=teacher is None,
    )
    plan = Plan(
        config, method, template, identity, seeds, params, rules=teacher is None, repair=repair
    )
    session = Session(
        config=config,
        method=method,
        template=template,
        store=store,
        version=validator_version(config.rules),
        teacher=teacher,
        identity=identity,
        plan=plan,
        seeds=seeds,
        repair_template=repair,
        started=started,
    )
    session.progress.total = plan.requests
    return session


def _check_records(config: RunConfig, method: Method) -> None:
    """A syntax other than MARCXML and repair rounds only mean something where the teacher
    writes a record; anywhere else they would be silently ignored, so they are refused."""
    if method.writes_records:
        return
    wanted = [
        option
        for option, given in (
            (f"--syntax {config.syntax}", config.syntax != "marcxml"),
            (f"--repair {config.repair}", config.repair > 0),
        )
        if given
    ]
    if wanted:
        raise RunError(
            f"{' and '.join(wanted)}: {config.task} {config.method} does not ask the teacher "
            "for a record; use them with unimarc answer, reasoning or synthesis"
        )


def _hold(store: RunStore, key: str, identity: dict[str, str]) -> None:
    held = store.get_meta(key)
    if held is not None and held != identity:
        raise RunError(
            f"this run folder holds a {held['task']}/{held['method']} run in {held['lang']}; "
            "use another --out"
        )
    store.set_meta(key, identity)


def _hold_seeds(store: RunStore, seeds: SeedStream) -> None:
    """Refuse other seeds in a folder that holds a run: both would mix in one store while
    run.json describes one. The same seeds (byte for byte) resume."""
    fingerprint = seeds.fingerprint()
    held = store.get_meta("seeds")
    if held is not None and held["sha256"] != fingerprint:
        raise RunError(
            f"this run folder was made from other seeds ({held['source']}), not "
            f"{seeds.describe()}; rerun with those seeds to resume, or use another --out"
        )
    store.set_meta("seeds", {"source": seeds.describe(), "sha256": fingerprint})


async def _teacher(
    config: RunConfig, spec: TeacherSpec, method: Method, store: RunStore
) -> tuple[Teacher | None, dict[str, str], bool]:
    """The teacher, its identity in the keys, and whether it had to be started to learn it."""
    if not spec.needs_model:
        if not method.rule_based:
            raise RunError(
                f"{config.task} {config.method} needs a model as teacher; the rule-based "
                f"teacher {config.teacher!r} only does unimarc backtranslation"
            )
        return None, {"backend": "rules", "model": "isbd"}, False
    try:
        teacher = make_teacher(
            spec,
            model=config.teacher_model,
            concurrency=config.concurrency,
            timeout=config.timeout,
            max_retries=config.max_retries,
        )
    except TeacherSpecError as exc:
        raise RunError(str(exc)) from None
    described = teacher.describe()
    if described.get("model") is not None:
        return teacher, teacher.identity(), False
    # The served model is known only once asked; a rerun remembers it, so a finished run
    # can be judged again without reaching the server.
    served = store.get_meta("served_models") or {}
    started = config.teacher not in served
    if started:
        await _start(teacher)
        served[config.teacher] = teacher.describe()["model"]
        store.set_meta("served_models", served)
    return teacher, {"backend": described["backend"], "model": served[config.teacher]}, started


async def start_teacher(session: Session) -> None:
    """Start the teacher before the first request is sent (once), and check that it still
    serves the model the run's keys were made with."""
    teacher = session.teacher
    if teacher is None or session.started:
        return
    await _start(teacher)
    session.started = True
    served = teacher.describe()["model"]
    if session.identity["model"] != served:
        raise TeacherFailed(
            f"the teacher now serves {served!r}, not {session.identity['model']!r} as when "
            "this run started; pass --teacher-model or use another --out"
        )


async def _start(teacher: Teacher) -> None:
    try:
        await teacher.start()
    except TeacherError as exc:
        raise TeacherFailed(str(exc)) from None
