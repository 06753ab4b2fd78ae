"""`/review`: the page cataloguers rate records on, served from copiste's own files.

Plain HTML, one script and one style sheet (`static/`), no build step and nothing fetched from
elsewhere, so it works offline. The page holds no data: it asks the API (`/v1/reviews/*`) with
the key or name the reviewer gives, so it is served without a key. Its Content-Security-Policy
allows only these files (no inline script, no other origin), a second wall behind the page's
rule of showing record values as text.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/review/assets"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

AUTH_BY_NAME = '<meta name="copiste-auth" content="name">'
AUTH_BY_KEY = '<meta name="copiste-auth" content="key">'

router = APIRouter()


def _static() -> resources.abc.Traversable:
    return resources.files("server.review") / "static"


@router.get("/review", include_in_schema=False)
async def review_page(request: Request) -> HTMLResponse:
    """The page, told whether reviewers sign in with an API key or with their name."""
    html = (_static() / "review.html").read_text(encoding="utf-8")
    if request.app.state.keys.enabled:
        html = html.replace(AUTH_BY_NAME, AUTH_BY_KEY, 1)
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"})


def install_page(app: FastAPI) -> None:
    """Add `/review` and its assets to `app`."""
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=str(_static())), name="review-assets")
