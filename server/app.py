"""The FastAPI application: routes, middleware, error shape, and the job runner's life cycle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO

from fastapi import Depends, FastAPI

from generator.folders import try_lock
from server import errors
from server.auth import KeyRing, current_caller
from server.jobstore import JobStore
from server.limits import BodyLimitMiddleware
from server.metrics import Metrics, MetricsMiddleware
from server.routes import generate, jobs, system, validate
from server.routes.system import copiste_version
from server.runner import JobRunner
from server.settings import ServerSettings, load_settings

DESCRIPTION = """\
copiste makes a teacher model write training data for UNIMARC cataloguing, keeps what the rule
engine accepts, and distils it into small students.

* **validate**: check records (MARCXML, MarcXchange, unimarcslim, ISO 2709) against a rule set.
* **generate**: a few examples while you wait; **jobs**: batch runs that survive restarts.

Errors are always `{"error": {"code", "message"}}` with a 4xx status for anything a client
can fix. When the server has API keys, send `Authorization: Bearer <key>` everywhere but
`/healthz`.
"""


class DataDirInUse(RuntimeError):
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
            store.close()
            claim.close()

    docs = settings.public_docs or not settings.api_keys
    app = FastAPI(
        title="copiste",
        version=copiste_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
        generate_unique_id_function=lambda route: route.name,  # operationId: the function name
    )
    app.state.settings = settings
    app.state.store = store
    app.state.metrics = metrics
    app.state.keys = KeyRing([key.get_secret_value() for key in settings.api_keys])
    errors.install(app)
    app.include_router(system.router)
    for module in (validate, generate, jobs):
        app.include_router(module.router, dependencies=[Depends(current_caller)])
    if not docs:
        _keyed_docs(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app


def _keyed_docs(app: FastAPI) -> None:
    """/openapi.json and /docs behind the bearer check, as every endpoint but /healthz."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import JSONResponse

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(current_caller)])
    async def keyed_openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(current_caller)])
    async def keyed_docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="copiste")
