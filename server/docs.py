"""`/docs` and `/openapi.json`: Swagger UI from copiste's own files, reachable by a browser.

FastAPI's stock page loads Swagger UI from a CDN, so it is blank on a machine without internet
(copiste's home setting). Here the page follows FastAPI's self-hosting recipe with the Swagger UI
files the `fastapi-offline` package ships, served under `/docs/assets`: nothing is fetched from
elsewhere, at run time or ever.

With API keys, every endpoint but /healthz needs one, and a browser cannot add a bearer header
to the page it opens. So `/docs?key=<key>` checks the key once, keeps it in an HttpOnly cookie
(scripts cannot read it; SameSite=Strict, so other sites cannot send it) and redirects to
`/docs` without it; the cookie opens `/docs` and `/openapi.json` only, never the API itself
(Swagger UI's Authorize button sends the bearer key for "Try it out"). `public_docs = true`
opens both to everyone instead: they describe the API and hold no data.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.staticfiles import StaticFiles

from server.auth import Caller, KeyRing, bearer
from server.errors import APIError
from server.settings import ServerSettings

ASSETS = "/docs/assets"
COOKIE = "copiste_docs_key"
# Swagger UI shows a badge fetched from validator.swagger.io unless told not to.
SWAGGER_PARAMETERS = {"validatorUrl": None}


def _assets_dir() -> str:
    return str(resources.files("fastapi_offline") / "static")


async def docs_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """The caller of a docs page: a bearer key, or the cookie `/docs?key=` left; else a 401
    that says how a browser gets in."""
    ring: KeyRing = request.app.state.keys
    token = credentials.credentials if credentials else request.cookies.get(COOKIE)
    if not token:
        raise APIError(401, "unauthorized", key="docs_key", headers={"WWW-Authenticate": "Bearer"})
    return ring.caller(token)


def install_docs(app: FastAPI, settings: ServerSettings) -> None:
    """Add the assets, `/openapi.json` and `/docs` to `app` (created with docs turned off)."""
    app.mount(ASSETS, StaticFiles(directory=_assets_dir()), name="docs-assets")
    public = settings.public_docs or not settings.api_keys
    guard = [] if public else [Depends(docs_caller)]

    @app.get("/openapi.json", include_in_schema=False, dependencies=guard)
    async def openapi_schema() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(
        request: Request, key: Annotated[str | None, Query(include_in_schema=False)] = None
    ) -> Response:
        if not public:
            if key is not None:
                return _remember(request, key)
            await docs_caller(request, await bearer(request))
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}/openapi.json",
            title="copiste API",
            swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS}/favicon.png",
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )


def _remember(request: Request, key: str) -> Response:
    """Check `key` (a 401 when wrong), keep it in the docs cookie, and send the browser to
    /docs, so the key leaves the address bar and the history."""
    ring: KeyRing = request.app.state.keys
    ring.caller(key)
    response: Response = RedirectResponse(f"{request.scope.get('root_path', '')}/docs", 303)
    response.set_cookie(
        COOKIE,
        key,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response
