"""The API's OpenAPI description and Swagger UI (vendored), behind sign-in like everything."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse

from athar import __version__
from athar.web.auth import Principal, require
from athar.web.sections import Section

router = APIRouter(prefix="/api", include_in_schema=False)


def openapi_schema(request: Request) -> dict[str, Any]:
    app = request.app
    if app.openapi_schema is None:
        schema = get_openapi(
            title="Athar API",
            version=__version__,
            description=(
                "Send `Authorization: Bearer <token>` (from `athar user token NAME`), or use a "
                "browser session: then every POST needs the `X-CSRF-Token` header."
            ),
            routes=app.routes,
        )
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer"},
            "session": {"type": "apiKey", "in": "cookie", "name": "athar_session"},
        }
        schema["security"] = [{"bearer": []}, {"session": []}]
        app.openapi_schema = schema
    result: dict[str, Any] = app.openapi_schema
    return result


@router.get("/openapi.json")
def openapi(request: Request, who: Annotated[Principal, Depends(require())]) -> dict[str, Any]:
    return openapi_schema(request)


@router.get("/docs")
def docs(who: Annotated[Principal, Depends(require())]) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/api/openapi.json",
        title="Athar API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
    )


section = Section(name="api-docs", router=router)
