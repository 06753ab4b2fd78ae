"""The FastAPI application: routes, middleware, error shape, and the job runner's life cycle."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO

from fastapi import Depends, FastAPI

from generator.folders import try_lock
from server import errors
from server.auth import KeyRing, current_caller
from server.docs import install_docs
from server.jobstore import JobStore
from server.limits import BodyLimitMiddleware
from server.metrics import Metrics, MetricsMiddleware
from server.review.page import install_page
from server.review.store import ReviewStore
from server.routes import catalogue, generate, jobs, review, system, validate
from server.routes.system import copiste_version
from server.runner import JobRunner
from server.settings import ServerSettings, load_settings
from validators.errors import CopisteError

DESCRIPTION = """\
copiste makes a teacher model write training data for UNIMARC cataloguing, keeps what the rule
engine accepts, and distils it into small students.

* **validate**: check records (MARCXML, MarcXchange, unimarcslim, ISO 2709) against a rule set.
* **generate**: a few examples while you wait; **jobs**: batch runs that survive restarts.
* **catalogue**: the configured student writes a checked record for each description.
* **review**: cataloguers rate and correct records (the page is `/review`).

Errors are always `{"error": {"code", "message"}}` with a 4xx status for anything a client
can fix. When the server has API keys, send `Authorization: Bearer <key>` everywhere but
`/healthz` (a browser opens these docs with `/docs?key=<key>` once).
"""


class DataDirInUse(CopisteError, RuntimeError):
    """Another server process runs the jobs of this data folder."""


def _claim(data_dir: Path) -> IO[str]:
    """Hold the data folder for this process (released when it exits, even on a crash).

    Two servers on one job store would both resume the same jobs; the second is refused.
    """
    handle = try_lock(data_dir / "server.lock")
    if handle is None:
        raise DataDirInUse(f"another copiste server is using {data_dir}")
    return handle


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The app for `settings` (loaded from the config file and environment when None).

    Also an app factory for `uvicorn --factory server.app:create_app`.
    """
    settings = settings or load_settings()
    settings.jobs_dir.mkdir(parents=True, exist_ok=True)
    claim = _claim(settings.data_dir)
    store = JobStore(settings.db_path)
    reviews = ReviewStore(settings.reviews_path)
    metrics = Metrics(store.counts)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner = JobRunner(store, settings, metrics)
        app.state.runner = runner
        app.state.generate_gate = asyncio.Semaphore(settings.generate_concurrency)
        await runner.start()
        try:
            yield
        finally:
            await runner.stop()
            if app.state.student is not None:
                await app.state.student.aclose()
            store.close()
            reviews.close()
            claim.close()

    app = FastAPI(
        title="copiste",
        version=copiste_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # server.docs serves them from local files, keyed like the API
        redoc_url=None,
        openapi_url=None,
        generate_unique_id_function=lambda route: route.name,  # operationId: the function name
    )
    app.state.settings = settings
    app.state.store = store
    app.state.reviews = reviews
    app.state.metrics = metrics
    # Set when a stop signal comes (by `copiste serve`), so requests in progress end early.
    app.state.stopping = threading.Event()
    app.state.student = catalogue.student_service(settings)
    app.state.keys = KeyRing([key.get_secret_value() for key in settings.api_keys])
    errors.install(app)
    app.include_router(system.router)
    for module in (validate, generate, jobs, catalogue, review):
        app.include_router(module.router, dependencies=[Depends(current_caller)])
    install_docs(app, settings)
    install_page(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app
