"""Official documents as editable Word files: the print HTML through pandoc.

The same HTML that Chromium prints is converted by pandoc with a reference
document whose styles follow GB/T 9704: 仿宋 3号 body with a fixed 28.95 pt line,
2号 小标宋 title, headings 一、 in 黑体 and （一） in 楷体 (Heading 2 and 3; 1. and
（1） are Heading 4 and 5, 仿宋), A4 with mirrored margins 37/35/28/26 mm and page
numbers "— 1 —" right on odd pages and left on even ones. The fonts are named as
WPS and Word on an office PC know them. A project can supply its own
``templates/print/reference.docx``; otherwise the reference is built here.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
import tempfile
from pathlib import Path

import pypandoc
from docx import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..errors import PinganError
from ..render import BUILTIN_TEMPLATES

LUA_FILTER = BUILTIN_TEMPLATES / "print" / "word" / "styles.lua"
REFERENCE_OVERRIDE = "templates/print/reference.docx"
REFERENCE_VERSION = "gbt9704-1"  # change when the built reference changes: cached .docx are rebuilt

FANGSONG, HEITI, KAITI, TITLE_FONT, SONGTI = "仿宋", "黑体", "楷体", "方正小标宋简体", "宋体"
BODY = Pt(16)
LINE = Pt(28.95)  # 22 lines in the 225 mm 版心
RED = RGBColor(0xE6, 0x00, 0x12)
BLACK = RGBColor(0, 0, 0)


class WordError(PinganError):
    pass


def write_docx(html: str, target: Path, reference: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        pypandoc.convert_text(
            html,
            "docx",
            format="html",
            outputfile=str(target),
            extra_args=[f"--reference-doc={reference}", f"--lua-filter={LUA_FILTER}"],
        )
    except (RuntimeError, OSError) as exc:
        raise WordError(str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)) from exc


def reference_for(project_root: Path) -> Path:
    """The project's own reference.docx, or the built-in one."""
    override = project_root / REFERENCE_OVERRIDE
    return override if override.is_file() else built_reference()


def reference_fingerprint(project_root: Path) -> str:
    """Part of every Word file's cache key: a changed reference or filter rebuilds them all.

    The built-in reference is built anew by a run that converts a Word file (with new zip
    timestamps), so it is identified by the code that builds it, and needs not be built to
    know its key; a project's own file by its bytes.
    """
    override = project_root / REFERENCE_OVERRIDE
    source = override.read_bytes() if override.is_file() else Path(__file__).read_bytes()
    digest = hashlib.sha256(source + LUA_FILTER.read_bytes()).hexdigest()
    return f"{REFERENCE_VERSION}:{digest[:16]}"


@functools.cache
def built_reference() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="pingan-word-"))
    default = folder / "pandoc-default.docx"
    subprocess.run(
        [pypandoc.get_pandoc_path(), "-o", str(default), "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    )
    target = folder / "reference.docx"
    build_reference(default, target)
    return target


def build_reference(default: Path, target: Path) -> None:
    doc = WordDocument(str(default))
    styles = doc.styles

    def style(name: str, base: str | None = "Normal"):
        try:
            found = styles[name]
        except KeyError:
            found = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            if base:
                found.base_style = styles[base]
        return found

    def setup(name, font, size=BODY, *, indent=None, align=None, line=LINE, before=None, after=None,
              color=BLACK, bold=False, base="Normal"):  # fmt: skip
        s = style(name, base)
        _font(s, font, size, color, bold)
        fmt = s.paragraph_format
        fmt.first_line_indent = indent if indent is not None else Pt(0)  # never inherit Normal's
        fmt.left_indent = fmt.right_indent = None
        fmt.space_before, fmt.space_after = before or Pt(0), after or Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
        fmt.alignment = align
        return s

    two_chars = Pt(32)
    setup("Normal", FANGSONG, indent=two_chars, align=WD_ALIGN_PARAGRAPH.JUSTIFY, base=None)
    for name in ("Body Text", "First Paragraph", "Compact", "Block Text"):
        setup(name, FANGSONG, indent=two_chars, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    setup("Heading 1", TITLE_FONT, Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36), after=LINE)
    setup("Heading 2", HEITI, indent=two_chars)
    setup("Heading 3", KAITI, indent=two_chars)
    setup("Heading 4", FANGSONG, indent=two_chars)
    setup("Heading 5", FANGSONG, indent=two_chars)
    setup("发文机关标志", TITLE_FONT, Pt(30), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(40), before=Mm(35),
          color=RED)  # fmt: skip
    number = setup("发文字号", FANGSONG, align=WD_ALIGN_PARAGRAPH.CENTER, before=2 * LINE, after=2 * LINE)
    _bottom_border(number, "E60012", eighths=12)
    setup("主送机关", FANGSONG, before=LINE)
    setup("附件说明", FANGSONG, indent=two_chars, before=LINE)
    signature = setup("落款", FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, before=LINE)
    signature.paragraph_format.right_indent = Pt(64)  # 右空四字
    setup("附注", FANGSONG, indent=two_chars)
    label = setup("附件标识", HEITI)
    label.paragraph_format.page_break_before = True
    record = setup("版记", FANGSONG, Pt(14), line=Pt(22))
    record.paragraph_format.left_indent = record.paragraph_format.right_indent = Pt(14)
    _bottom_border(record, "000000", eighths=4)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)  # 订口 28 mm, mirrored below
    section.footer_distance = Mm(23)  # number 7 mm below the 版心
    _mirror_margins(doc.settings.element)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    doc.save(str(target))


def _font(style, name: str, size, color, bold: bool) -> None:
    font = style.font
    font.name = name
    font.size = size
    font.bold = bold
    font.italic = False  # pandoc's default Heading 4–5 are italic; Chinese documents never are
    font.color.rgb = color
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _bottom_border(style, color: str, eighths: int) -> None:
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(eighths)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, *_AFTER_PBDR)


# Elements that come after w:pBdr in a paragraph's properties (Word rejects them out of order).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# Settings that come before w:mirrorMargins.
_BEFORE_MIRROR = {
    qn(tag)
    for tag in (
        "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
        "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
        "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts",
        "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
    )
}  # fmt: skip


def _mirror_margins(settings) -> None:
    """对称页边距: the 28 mm 订口 is on the left of odd pages and the right of even ones."""
    position = next((n for n, child in enumerate(settings) if child.tag not in _BEFORE_MIRROR), len(settings))
    settings.insert(position, OxmlElement("w:mirrorMargins"))


def _page_number(footer, align) -> None:
    """ "— 1 —" in 4号 宋体, one character in from the outer edge."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)
    before, number, after = (paragraph.add_run(part) for part in ("— ", "1", " —"))
    for run in (before, number, after):
        run.font.size = Pt(14)
        run.font.name = SONGTI
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SONGTI)
    field = OxmlElement("w:fldSimple")  # the page number, updated by Word and WPS
    field.set(qn("w:instr"), "PAGE")
    number._element.addprevious(field)
    field.append(number._element)
