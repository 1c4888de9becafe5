"""The trainer's and members' pages: HTML templates under templates/serve/, autoescaped.

Each page is a small shell; its script (assets/serve/*.js) loads the data through the
API and writes every value with textContent, so nothing a tablet sent is ever markup.
The strings the scripts show come from messages/serve.py, embedded as JSON data.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import HTMLResponse

from ..content import Project
from ..messages import serve as text
from ..render import Renderer


class PageRenderer:
    def __init__(self, project: Project):
        self.project = project
        # HTML: Jinja's autoescaping, not the Markdown finalizer of the site templates.
        self.env = Renderer(project.root).env.overlay(autoescape=True, finalize=None)

    def render(self, template: str, context: dict[str, Any]) -> str:
        base = {"site_name": self.project.config.site.name, "serve_text": text}
        return self.env.get_template(template).render({**base, **context})

    def page(self, template: str, title: str, script: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.render(
            template, {"title": title, "script": script, "script_text": text.SCRIPT_TEXT, **context}
        )
        return HTMLResponse(html, status_code=status)
