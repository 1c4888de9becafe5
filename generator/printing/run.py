"""The print step: plan → find what is unchanged → render and print the rest.

Every output has two keys. The first is a hash of its inputs (``keys.input_keys``:
the item's data, its templates, the settings they read, fonts, code and tools),
known without rendering: when it matches the last build's, the file is reused and
its page is not even rendered, so a build with nothing changed renders nothing.
The second is a hash of exactly what the engine is given (the final HTML, plus for
Word the reference document): a file whose inputs changed is rendered, and printed
only if its HTML changed too (a new pingan version that prints the same page reuses
it). Any change to content, templates, CSS, settings or the roster that reaches a
page reprints that page only. The keys live in ``<print_dir>/.pingan-print.json``.

Files are written into staging folders that the caller swaps in together with
the sites (``publish``), so a failed build leaves every old file in place.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..content import Area, OutputName, Project, stage_outputs
from ..errors import PinganError
from ..memory import give_back_freed_memory
from ..messages import outputs as otext
from ..messages import printing as text
from ..publish import Staging, link_or_copy, writing
from ..render import Renderer
from .docx import WordError, reference_fingerprint, reference_for, write_docx
from .engine import DEFAULT_CONCURRENCY, EngineError, PdfJob, print_pdfs
from .fonts import FontPlan, plan_fonts
from .html import PrintRenderer, Rendered, template_error
from .keys import engine_fingerprint, input_keys
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
    word_key = reference_fingerprint(project.root) if any(o.format == "docx" for o in result.outputs) else ""
    printer = PrintRenderer(project, renderer, result.fonts.css)
    engine_key = engine_fingerprint(project, result.fonts, ENGINE_VERSION)
    live = {area: project.paths.area(area) for area in AREAS}
    previous = {} if force else _load_manifest(live["print"])
    try:
        inputs = input_keys(project, printer.env, result.outputs, engine_key, word_key)
    except jinja2.TemplateError as exc:
        raise PrintError(text.TEMPLATE_FAILED.format(detail=template_error(exc))) from None

    manifest: dict[str, Entry] = {}
    changed: list[Output] = []
    for output in result.outputs:  # unchanged inputs: the file is the one printed from them
        entry, key = previous.get(output.area_rel), inputs.get(output.area_rel, "")
        if key and entry and entry.inputs == key and _reuse(live, result, output):
            manifest[output.area_rel] = entry
        else:
            changed.append(output)

    total = len(changed)
    done = _Done(progress(text.PROGRESS_PRINT, total) if progress and total else None)
    for start in range(0, total, DOCUMENTS_PER_BATCH):
        batch = _Batch(printer, result, inputs, previous, live, manifest, word_key, engine_key)
        batch.run(changed[start : start + DOCUMENTS_PER_BATCH], done, concurrency)
        give_back_freed_memory()  # the batch's pages, before the next batch's Chromium starts
    _save_manifest(folders["print"], manifest)
    result.seconds = time.perf_counter() - started
    return result


# Pages are rendered and printed a batch at a time, so that the HTML of a thousand documents is
# never held at once (about 80 MB of text at 1000 pages). One pandoc run and one Chromium per batch.
# 150, not 300: the trainer's papers and sheets at the end of a large project come to 20 MB of
# HTML per 300, held beside Chromium at the peak of the print.
DOCUMENTS_PER_BATCH = 150


# Each PDF comes back from Chromium as base64 text through Playwright's pipe: a few megabytes
# of short-lived strings per large document, which glibc keeps unless asked to give them back.
FILES_BETWEEN_TRIMS = 20


@dataclass
class _Done:
    """Counts files done for the progress bar (one step per file, reused after rendering or printed),
    and gives freed memory back every FILES_BETWEEN_TRIMS files."""

    advance: Callable[[], None] | None
    count: int = 0

    def __call__(self, *_args: object) -> None:
        self.count += 1
        if self.count % FILES_BETWEEN_TRIMS == 0:
            give_back_freed_memory()
        if self.advance:
            self.advance()


@dataclass
class _Batch:
    printer: PrintRenderer
    result: PrintResult
    inputs: dict[str, str]
    previous: dict[str, Entry]
    live: dict[Area, Path]
    manifest: dict[str, Entry]
    word_key: str
    engine_key: str

    def run(self, outputs: list[Output], done: _Done, concurrency: int) -> None:
        """Render ``outputs``; print those whose page changed, reuse the others."""
        result = self.result
        rendered = _render(self.printer, outputs)
        pdf_jobs: list[tuple[Output, PdfJob]] = []
        word_jobs: list[tuple[Output, str]] = []
        for output in outputs:
            html = rendered[(output.kind.name, output.item.key)].html
            entry = Entry(
                self.inputs.get(output.area_rel, ""), cache_key(output, html, self.word_key, self.engine_key)
            )
            self.manifest[output.area_rel] = entry
            old = self.previous.get(output.area_rel)
            if old and old.html == entry.html and _reuse(self.live, result, output):
                done()  # new inputs, the same page (a change of code that does not show)
            elif output.format == "pdf":
                job = PdfJob(html, result.path(output), output.item.title, refine=refiner(html))
                pdf_jobs.append((output, job))
            elif output.format == "html":  # the page itself, to read on a screen: nothing to print
                result.path(output).parent.mkdir(parents=True, exist_ok=True)
                result.path(output).write_text(html, encoding="utf-8")
                result.printed.append(output)
                done()
            else:
                word_jobs.append((output, html))
        del rendered
        reference = reference_for(self.printer.project.root) if word_jobs else None  # built only when used
        _print(pdf_jobs, word_jobs, reference, result, done, concurrency)
        result.printed += [o for o, _ in pdf_jobs] + [o for o, _ in word_jobs]


def _reuse(live: dict[Area, Path], result: PrintResult, output: Output) -> bool:
    """Put the file published last time in place, if it is there."""
    old = live[output.kind.area] / output.rel
    if not old.is_file():
        return False
    _link_into(old, result.path(output))
    result.reused.append(output)
    return True


def _print(
    pdf_jobs: list[tuple[Output, PdfJob]],
    word_jobs: list[tuple[Output, str]],
    reference: Path | None,
    result: PrintResult,
    done: Callable[..., None],
    concurrency: int,
) -> None:
    """The PDFs with Chromium, then the Word files with pandoc: one after the other, not side by side.

    On two cores Chromium's tabs keep both busy, so a pandoc beside them gained little time and
    added its memory (about 120 MB) to Chromium's at the peak of a large print.
    """
    assert result.fonts is not None
    try:
        print_pdfs([job for _, job in pdf_jobs], concurrency, on_done=done, env=result.fonts.env())
    except EngineError as exc:
        raise PrintError(str(exc)) from None
    for output, html in word_jobs:
        assert reference is not None
        try:
            write_docx(html, result.path(output), reference)
        except WordError as exc:
            raise PrintError(text.WORD_FAILED.format(name=output.item.title, detail=exc)) from None
        done()


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
        _link_into(result.path(download.output), site_dir / path)


def cache_key(output: Output, html: str, word_key: str, engine_key: str) -> str:
    """The key of what the engine is given: the HTML, Chromium and the fonts, for Word the reference."""
    parts = [engine_key, output.format, word_key if output.format == "docx" else "", html]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _render(printer: PrintRenderer, outputs: list[Output]) -> dict[tuple[str, str], Rendered]:
    unique = {(o.kind.name, o.item.key): (o.kind, o.item) for o in outputs}
    if not unique:
        return {}
    try:
        rendered = printer.render_all(unique.values())
    except jinja2.TemplateError as exc:
        raise PrintError(text.TEMPLATE_FAILED.format(detail=template_error(exc))) from None
    except (RuntimeError, OSError) as exc:  # pypandoc reports pandoc failures as RuntimeError
        raise PrintError(text.PANDOC_FAILED.format(detail=str(exc).strip()[:300])) from None
    return {(r.kind.name, r.item.key): r for r in rendered}


@dataclass(frozen=True)
class Entry:
    """What a file in the cache was printed from: its inputs' key and the key of its HTML."""

    inputs: str
    html: str


def _load_manifest(folder: Path) -> dict[str, Entry]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        str(rel): Entry(str(value.get("inputs", "")), str(value.get("html", "")))
        for rel, value in files.items()
        if isinstance(value, dict)  # version 1 kept the HTML's key only, without the fonts': none match
    }


def _save_manifest(folder: Path, manifest: dict[str, Entry]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    files = {rel: {"inputs": e.inputs, "html": e.html} for rel, e in sorted(manifest.items())}
    data = {"version": 2, "files": files}
    (folder / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _link_into(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, target)
