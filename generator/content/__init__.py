"""Stage 1 of the pipeline: a content project → one typed, checked ``Project``.

loader         YAML text → Python values + the line and column of every key
schema         pydantic models, one per YAML kind, with their own cross-field checks
validate       pydantic's errors → Chinese diagnostics (file, line, field, hint)
model          ``Project`` and ``Content.for_audience`` (who sees what)
paths          ``ProjectPaths``: every output folder and the records database
link           cross-file references (a module's quiz, a question's source)
privacy_rules  no roster member in anything the public site will show
load           ``load_project``: read every file, validate, link; all problems at once
"""

from .load import CONFIG_FILE, READERS, NotAProject, load_project, read_document
from .model import AUDIENCES, Audience, Content, Project
from .paths import OUTPUT_NAMES, Area, OutputName, ProjectPaths, stage_outputs

__all__ = [
    "AUDIENCES",
    "CONFIG_FILE",
    "OUTPUT_NAMES",
    "READERS",
    "Area",
    "Audience",
    "Content",
    "NotAProject",
    "OutputName",
    "Project",
    "ProjectPaths",
    "load_project",
    "read_document",
    "stage_outputs",
]
