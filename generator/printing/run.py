"""The print step: plan → render → reuse what is unchanged → print the rest.

Every output's cache key is a hash of exactly what the engine is given (the
final HTML, plus for Word the reference document), so an unchanged document is
copied from the previous run instead of printed, and any change to content,
templates, CSS or the roster that reaches a page reprints that page only. The
keys live in ``<print_dir>/.pingan-print.json``.

Files are written into staging folders that the caller swaps in together with
the sites (``publish``), so a failed build leaves every old file in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..content import Area, OutputName, Project, stage_outputs
from ..errors import PinganError
from ..messages import outputs as otext
from ..messages import printing as text
from ..publish import Staging, writing
from ..render import Renderer
from .docx import WordError, reference_fingerprint, reference_for, write_docx
from .engine import DEFAULT_CONCURRENCY, EngineError, PdfJob, print_pdfs
from .fonts import FontPlan, plan_fonts
from .html import PrintRenderer, Rendered, template_error
from .kinds import Download, Output, plan_outputs
from .lastpage import refiner

AREAS: tuple[Area, ...] = ("print", "trainer")
PRINT_OUTPUTS: dict[Area, OutputName] = {"print": "print_dir", "trainer": "trainer_dir"}
MANIFEST = ".pingan-print.json"
ENGINE_VERSION = "chromium-pdffix-truetype-2"  # change when printing changes in a way the HTML does not show

ProgressHook = Callable[[str, int], Callable[[], None]]


class PrintError(PinganError):
    """Printing failed; the message is Chinese and complete."""


@dataclass
class PrintResult:
    outputs: list[Output]
    printed: list[Output] = field(default_factory=list)
    reused: list[Output] = field(default_factory=list)
    folders: dict[Area, Path] = field(default_factory=dict)  # staging folders until swapped in
    seconds: float = 0.0
    fonts: FontPlan | None = None  # the face of each role (shown by pingan build / pdf)

    def path(self, output: Output) -> Path:
        return self.folders[output.kind.area] / output.rel


def print_project(
    project: Project,
    renderer: Renderer,
    folders: dict[Area, Path],
    *,
    progress: ProgressHook | None = None,
    force: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    outputs: list[Output] | None = None,
) -> PrintResult:
    """Write every printable file of ``project`` (``outputs``, default all) into ``folders``."""
    started = time.perf_counter()
    result = PrintResult(plan_outputs(project) if outputs is None else outputs, folders=folders)
    result.fonts = plan_fonts(project)
    rendered = _render(project, renderer, result.outputs, result.fonts)
    needs_word = any(o.format == "docx" for o in result.outputs)
    reference = reference_for(project.root) if needs_word else None
    word_key = reference_fingerprint(reference) if reference else ""

    live = {area: project.paths.area(area) for area in AREAS}
    previous = {} if force else _load_manifest(live["print"])
    manifest: dict[str, str] = {}
    pdf_jobs: list[tuple[Output, PdfJob]] = []
    word_jobs: list[tuple[Output, str]] = []
    for output in result.outputs:
        html = rendered[(output.kind.name, output.item.key)].html
        key = cache_key(output, html, word_key)
        manifest[output.area_rel] = key
        old = live[output.kind.area] / output.rel
        if previous.get(output.area_rel) == key and old.is_file():
            _link_or_copy(old, result.path(output))
            result.reused.append(output)
        elif output.format == "pdf":
            job = PdfJob(html, result.path(output), output.item.title, refine=refiner(html))
            pdf_jobs.append((output, job))
        elif output.format == "html":  # the page itself, to read on a screen: nothing to print
            result.path(output).parent.mkdir(parents=True, exist_ok=True)
            result.path(output).write_text(html, encoding="utf-8")
            result.printed.append(output)
        else:
            word_jobs.append((output, html))

    total = len(pdf_jobs) + len(word_jobs)
    advance = progress(text.PROGRESS_PRINT, total) if progress and total else None
    with ThreadPoolExecutor(max_workers=1) as pool:  # Word files are converted while Chromium prints
        futures: list[Future] = []
        for output, html in word_jobs:
            future = pool.submit(write_docx, html, result.path(output), reference)
            if advance:
                future.add_done_callback(lambda _f: advance())
            futures.append(future)
        try:
            print_pdfs(
                [job for _, job in pdf_jobs],
                concurrency,
                on_done=(lambda _job: advance()) if advance else None,
                env=result.fonts.env(),
            )
        except EngineError as exc:
            for future in futures:
                future.cancel()
            raise PrintError(str(exc)) from None
        for (output, _), future in zip(word_jobs, futures, strict=True):
            try:
                future.result()
            except WordError as exc:
                raise PrintError(text.WORD_FAILED.format(name=output.item.title, detail=exc)) from None
    result.printed += [o for o, _ in pdf_jobs] + [o for o, _ in word_jobs]
    _save_manifest(folders["print"], manifest)
    result.seconds = time.perf_counter() - started
    return result


def print_folders(staging: Staging) -> dict[Area, Path]:
    """The staging folders of the print and trainer areas."""
    return {area: staging.folder(name) for area, name in PRINT_OUTPUTS.items()}


def published(project: Project, result: PrintResult) -> PrintResult:
    """Point ``result`` at the files as published (after the staging folders were swapped in)."""
    result.folders = {area: project.paths.area(area) for area in AREAS}
    return result


def print_only(
    project: Project,
    renderer: Renderer,
    *,
    progress: ProgressHook | None = None,
    force: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    outputs: list[Output] | None = None,
) -> PrintResult:
    """`pingan pdf`: print and publish the print and trainer folders, no sites."""
    with stage_outputs(project.paths, project.config, PRINT_OUTPUTS.values()) as staging:
        with writing(otext.WHAT_PRINTS, project.paths.print_dir):
            result = print_project(
                project,
                renderer,
                print_folders(staging),
                progress=progress,
                force=force,
                concurrency=concurrency,
                outputs=outputs,
            )
        staging.publish()
    return published(project, result)


def copy_downloads(result: PrintResult, downloads: dict[str, list[Download]], site_dir: Path) -> None:
    """Put the printed files that a site's pages link into that site (``downloads/…``)."""
    for path, download in {d.path: d for links in downloads.values() for d in links}.items():
        if download.output.kind.area != "print":
            raise AssertionError(f"refusing to put a trainer file into a site: {path}")
        _link_or_copy(result.path(download.output), site_dir / path)


def cache_key(output: Output, html: str, word_key: str) -> str:
    parts = [ENGINE_VERSION, output.format, word_key if output.format == "docx" else "", html]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _render(
    project: Project, renderer: Renderer, outputs: list[Output], fonts: FontPlan
) -> dict[tuple[str, str], Rendered]:
    unique = {(o.kind.name, o.item.key): (o.kind, o.item) for o in outputs}
    try:
        rendered = PrintRenderer(project, renderer, fonts.css).render_all(unique.values())
    except jinja2.TemplateError as exc:
        raise PrintError(text.TEMPLATE_FAILED.format(detail=template_error(exc))) from None
    except (RuntimeError, OSError) as exc:  # pypandoc reports pandoc failures as RuntimeError
        raise PrintError(text.PANDOC_FAILED.format(detail=str(exc).strip()[:300])) from None
    return {(r.kind.name, r.item.key): r for r in rendered}


def _load_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _save_manifest(folder: Path, manifest: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"version": 1, "files": dict(sorted(manifest.items()))}
    (folder / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # same file system (staging is a sibling): no copy needed
    except OSError:
        shutil.copy2(source, target)
