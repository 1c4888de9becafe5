"""The faces a printed file is set in: one per role (GB/T 9704), embedded as CID TrueType fonts.

Chromium (Skia) embeds a TrueType-outline font as a CID font (Type 0), but writes a
font with CFF outlines (every Noto CJK and Fandol font: .otf/.ttc) and any synthetic
bold or italic as Type 3 fonts: one per few dozen glyphs, hundreds per file, text
some viewers cannot search or copy and print shops refuse. So:

- the print Chromium sees only TrueType-outline fonts: it runs with its own fontconfig
  file (``fonts.conf`` in the cache) that rejects CFF fonts and adds the prepared fonts
  and the project's ``fonts/`` folder;
- the free faces pingan falls back to that exist only as CFF (Fandol, from Debian's
  texlive-lang-chinese) are converted once to TrueType outlines (fontTools cu2qu) into a
  cache outside the project (``~/.cache/pingan/fonts``, or ``$PINGAN_FONT_CACHE``);
- a role that needs bold and whose face has no bold gets an emboldened copy
  (FreeType's ``FT_Outline_Embolden``), so bold is never synthesised;
- each role becomes ``@font-face`` aliases (``local()``, nothing is fetched) that the
  print CSS uses by role: ``var(--fangsong)``, ``var(--xiaobiaosong)``, …

A licensed face wins over the free ones: the names in ``print.fonts`` of
``site_config.yml``, then the usual names of the office fonts (仿宋_GB2312, 方正小标宋简体 …),
looked up among the system fonts and the project's ``fonts/`` folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content import Project
from ..messages import printing as text
from ..usercache import user_cache_dir

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
TEXLIVE_FANDOL = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol")
EMBOLDEN = 0.04  # of the em: how much an emboldened face grows (both sides together)


@dataclass(frozen=True)
class Role:
    key: str  # the name in site_config.yml print.fonts, and the CSS variable --<key>
    label: str  # 仿宋, 小标宋, …
    licensed: tuple[str, ...]  # office fonts looked for first, in this order
    free: tuple[str, ...]  # free Simplified faces: "Fandol*.otf" (converted) or a family name
    free_hant: tuple[str, ...]  # free faces for Traditional documents, tried before ``free``
    bold: bool  # needs a real bold face


ROLES: tuple[Role, ...] = (
    Role("fangsong", "仿宋",
         ("仿宋_GB2312", "FangSong_GB2312", "方正仿宋_GB2312", "方正仿宋_GBK", "方正仿宋简体", "仿宋",
          "FangSong", "华文仿宋", "STFangsong"),
         ("FandolFang-Regular.otf",), ("cwTeXFangSong",), True),
    Role("xiaobiaosong", "小标宋",
         ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋",
          "华文中宋", "STZhongsong"),
         ("FandolSong-Bold.otf",), ("cwTeXMing",), False),
    Role("heiti", "黑体",
         ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "华文黑体", "STHeiti"),
         ("FandolHei-Regular.otf", "FandolHei-Bold.otf"), ("cwTeXHeiBold",), True),
    Role("kaiti", "楷体",
         ("楷体_GB2312", "KaiTi_GB2312", "方正楷体_GB2312", "方正楷体_GBK", "方正楷体简体", "楷体", "KaiTi",
          "华文楷体", "STKaiti"),
         ("LXGW WenKai",), ("LXGW WenKai",), True),
    Role("songti", "宋体",
         ("宋体", "SimSun", "方正书宋_GBK", "方正书宋简体", "华文宋体", "STSong"),
         ("FandolSong-Regular.otf", "FandolSong-Bold.otf"), ("cwTeXMing",), True),
)  # fmt: skip
FALLBACK = ("AR PL UMing CN", "AR PL UMing TW")  # TrueType, GB2312 + Big5 and more: the last resort


@dataclass(frozen=True)
class Face:
    """One installed font file (a face of a TrueType collection has an index)."""

    families: tuple[str, ...]
    fullname: str
    postscript: str
    weight: float  # fontconfig's scale: 50 light, 80 regular, 100 medium, 200 bold
    cff: bool
    file: Path
    index: int = 0

    @property
    def name(self) -> str:
        family = self.families[0] if self.families else self.fullname
        return f"{family} Bold" if self.bold and "Bold" not in family else family

    @property
    def bold(self) -> bool:
        return self.weight >= 180


@dataclass(frozen=True)
class Chosen:
    """The face of one role: regular and bold, and where it came from."""

    role: Role
    regular: Face | None  # None: nothing found, the fallback is used
    bold: Face | None
    licensed: bool


@dataclass
class FontPlan:
    """What every printed file is set in, and the fontconfig file the print Chromium uses."""

    roles: list[Chosen]
    hant: list[Chosen]
    fontconfig: Path
    css: str = ""
    fingerprint: str = ""
    notes: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        return {**os.environ, "FONTCONFIG_FILE": str(self.fontconfig)}

    def summary(self) -> list[str]:
        lines = []
        for chosen in self.roles:
            if chosen.regular is None:
                lines.append(text.FONT_ROLE_MISSING.format(role=chosen.role.label, fallback=FALLBACK[0]))
                continue
            kind = text.FONT_LICENSED if chosen.licensed else text.FONT_FREE
            lines.append(text.FONT_ROLE.format(role=chosen.role.label, face=chosen.regular.name, kind=kind))
        if not all(c.licensed for c in self.roles):
            lines.append(text.FONT_ADD_LICENSED)
        return lines


def cache_dir() -> Path:
    configured = os.environ.get("PINGAN_FONT_CACHE")
    if configured:
        return Path(configured)
    return user_cache_dir() / "fonts"


# --- preparing the free faces ----------------------------------------------------------------------


def prepare_free_fonts(cache: Path) -> None:
    """Convert the free CFF faces the roles fall back to (Fandol) into ``cache``; idempotent."""
    for role in ROLES:
        for source in role.free:
            if source.endswith(".otf") and (TEXLIVE_FANDOL / source).is_file():
                converted(TEXLIVE_FANDOL / source, 0, cache)


def converted(source: Path, index: int, cache: Path) -> Path:
    """``source`` (face ``index``) with TrueType outlines, made once into ``cache``."""
    stat = source.stat()
    key = hashlib.sha256(f"{source.resolve()}|{index}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    target = cache / "converted" / f"{source.stem}-{index}-{key[:10]}.ttf"
    if not target.is_file():
        _atomic(target, lambda tmp: _to_truetype(source, index, tmp))
    return target


def emboldened(source: Path, index: int, cache: Path) -> Path:
    """A bold copy of a TrueType-outline face (never a synthetic bold), made once into ``cache``."""
    stat = source.stat()
    key = hashlib.sha256(f"{source.resolve()}|{index}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    target = cache / "bold" / f"{source.stem}-{index}-{key[:10]}-bold.ttf"
    if not target.is_file():
        _atomic(target, lambda tmp: _embolden(source, index, tmp))
    return target


def _atomic(target: Path, make) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        make(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; fonts are readable by every user
        os.replace(tmp, target)  # another process making the same file at once is harmless
    finally:
        Path(tmp).unlink(missing_ok=True)


def _to_truetype(source: Path, index: int, target: Path) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source), fontNumber=index)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):  # fmt: skip
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
    drop_control_codes(font)
    font.save(str(target))


def drop_control_codes(font) -> None:
    """Fandol maps U+0000–U+0020 all to the space glyph; Chromium writes the lowest code point into
    the PDF's text layer, so every space would copy as U+0001. Only U+0020 keeps it."""
    for table in font["cmap"].tables:
        if hasattr(table, "cmap") and isinstance(table.cmap, dict):
            for code in [c for c in table.cmap if c < 0x20 or 0x7F <= c <= 0x9F]:
                del table.cmap[code]


def _embolden(source: Path, index: int, target: Path) -> None:
    import ctypes

    import freetype
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=index)
    face = freetype.Face(str(source), index)
    strength = int(font["head"].unitsPerEm * EMBOLDEN)
    glyf, hmtx = font["glyf"], font["hmtx"]
    for gid, name in enumerate(font.getGlyphOrder()):
        face.load_glyph(gid, freetype.FT_LOAD_NO_SCALE | freetype.FT_LOAD_NO_HINTING)
        outline = face.glyph.outline
        if outline.n_points == 0 or outline.n_contours <= 0:
            continue
        # Grows every outline by strength/2 on each side; the advance stays, so the
        # layout (22 lines of 28 characters) is the same in bold.
        freetype.raw.FT_Outline_Embolden(ctypes.byref(outline._FT_Outline), strength)
        pen = TTGlyphPen(None)
        _draw_outline(outline, pen)
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[name] = glyph
        hmtx[name] = (hmtx[name][0], glyph.xMin)
    _rename_bold(font)
    drop_control_codes(font)
    font.save(str(target))


def _draw_outline(outline, pen) -> None:
    """A FreeType outline of quadratic curves (TrueType) into a fontTools pen."""
    points, tags, start = outline.points, outline.tags, 0
    for end in outline.contours:
        contour = [(points[i], tags[i] & 1) for i in range(start, end + 1)]
        start = end + 1
        first_on = next((i for i, (_, on) in enumerate(contour) if on), None)
        if first_on is None:
            continue
        contour = contour[first_on:] + contour[:first_on]
        pen.moveTo(contour[0][0])
        off: list[tuple[int, int]] = []
        for point, on in contour[1:]:
            if not on:
                off.append(point)
            elif off:
                pen.qCurveTo(*off, point)
                off = []
            else:
                pen.lineTo(point)
        if off:
            pen.qCurveTo(*off, contour[0][0])
        pen.closePath()


def _rename_bold(font) -> None:
    font["OS/2"].usWeightClass = 700
    font["OS/2"].fsSelection = (font["OS/2"].fsSelection & ~0x40) | 0x20
    font["head"].macStyle |= 1
    family = font["name"].getDebugName(1) or "Font"
    postscript = re.sub(r"[^A-Za-z0-9-]", "", font["name"].getDebugName(6) or family).split("-")[0] or "Font"
    for record in font["name"].names:
        if record.nameID == 2:
            record.string = "Bold"
        elif record.nameID == 4:
            record.string = f"{family} Pingan Bold"
        elif record.nameID == 6:
            record.string = f"{postscript}-PinganBold"
    for record in font["name"].names:
        if record.nameID in (16, 17):
            record.string = family if record.nameID == 16 else "Bold"


# --- finding the installed faces --------------------------------------------------------------------

_FIELDS = ["family", "fullname", "postscriptname", "weight", "style", "fontformat", "file", "index"]
_FC_FORMAT = "\t".join(f"%{{{name}}}" for name in _FIELDS) + "\n"


def installed_faces(fontconfig: Path) -> list[Face]:
    """Every font fontconfig finds with ``fontconfig`` (CFF ones included: they may be converted)."""
    tool = shutil.which("fc-list")
    if tool is None:
        return []
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig)}
    done = subprocess.run([tool, "--format", _FC_FORMAT], capture_output=True, env=env, check=False)
    faces = []
    for line in done.stdout.decode("utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) != 8:
            continue
        families, fullname, postscript, weight, style, fmt, file, index = parts
        names = tuple(n.strip() for n in families.split(",") if n.strip())
        faces.append(
            Face(names, fullname.split(",")[0], postscript, _weight(weight, style), fmt == "CFF", Path(file),
                 int(index or 0))
        )  # fmt: skip
    return faces


def _weight(value: str, style: str) -> float:
    """fontconfig's weight; a face named Bold is bold even when its OS/2 table says 400 (Fandol)."""
    m = re.search(r"[\d.]+", value)
    weight = float(m[0]) if m else 80.0
    return max(weight, 200.0) if re.search(r"\bBold\b", style) else weight


def write_fontconfig(cache: Path, extra_dirs: Iterable[Path], *, reject_cff: bool) -> Path:
    """A fontconfig file: the system's, plus ``extra_dirs``; without CFF fonts when printing."""
    dirs = "".join(f"  <dir>{_xml(str(d))}</dir>\n" for d in extra_dirs if d.is_dir())
    reject = (
        '  <selectfont><rejectfont><pattern><patelt name="fontformat"><string>CFF</string></patelt>'
        "</pattern></rejectfont></selectfont>\n"
        if reject_cff
        else ""
    )
    body = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{dirs}  <cachedir>{_xml(str(cache / 'fccache'))}</cachedir>\n{reject}</fontconfig>\n"
    )
    key = hashlib.sha256(body.encode()).hexdigest()[:12]
    path = cache / "fontconfig" / f"{'print' if reject_cff else 'all'}-{key}.conf"
    if not path.is_file():
        _atomic(path, lambda tmp: tmp.write_text(body, encoding="utf-8"))
    return path


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- choosing a face per role ------------------------------------------------------------------------


def plan_fonts(project: Project, cache: Path | None = None) -> FontPlan:
    """The face of every role for ``project``: licensed first, then free; and their CSS."""
    return choose_fonts(project.config.print.fonts, [project.root / "fonts"], cache or cache_dir())


def choose_fonts(wanted: dict[str, list[str]], font_dirs: list[Path], cache: Path) -> FontPlan:
    prepare_free_fonts(cache)
    dirs = [*font_dirs, cache]
    every = installed_faces(write_fontconfig(cache, dirs, reject_cff=False))
    roles, hant = [], []
    for role in ROLES:
        names = (*wanted.get(role.key, []), *role.licensed)
        roles.append(_choose(role, names, role.free, every, cache))
        hant.append(_choose(role, (), role.free_hant, every, cache))
    plan = FontPlan(roles, hant, write_fontconfig(cache, dirs, reject_cff=True))
    plan.css = font_css(plan)
    plan.fingerprint = hashlib.sha256(plan.css.encode()).hexdigest()[:16]
    return plan


def _choose(
    role: Role, licensed: Iterable[str], free: Iterable[str], every: list[Face], cache: Path
) -> Chosen:
    for name in licensed:
        faces = _named(every, name)
        if faces:
            regular, bold = _pair(faces, role, cache, heavy=False)
            return Chosen(role, regular, bold, licensed=True)
    for source in free:
        if source.endswith(".otf"):
            faces = _named(every, Path(source).stem.split("-")[0])
            faces = [f for f in faces if not f.cff]  # the converted copies in the cache
        else:
            faces = _named(every, source)
        if faces:
            # 小标宋 has no free face: a bold Song stands in for it (FandolSong-Bold)
            heavy = not role.bold and source.endswith("-Bold.otf")
            regular, bold = _pair(faces, role, cache, heavy=heavy)
            return Chosen(role, regular, bold, licensed=False)
    return Chosen(role, None, None, licensed=False)


def _named(every: list[Face], name: str) -> list[Face]:
    wanted = name.casefold()
    return [f for f in every if wanted in (n.casefold() for n in (*f.families, f.fullname, f.postscript))]


def _pair(faces: list[Face], role: Role, cache: Path, *, heavy: bool) -> tuple[Face, Face | None]:
    """(regular, bold) among one family's faces, TrueType outlines only (CFF converted)."""
    faces = [_truetype(f, cache) for f in faces]
    target = 200 if heavy else 80
    regular = min(faces, key=lambda f: (abs(f.weight - target), str(f.file)))
    bolds = sorted((f for f in faces if f.bold), key=lambda f: (abs(f.weight - 200), str(f.file)))
    if not role.bold:
        return regular, None
    if bolds and bolds[0] != regular:
        return regular, bolds[0]
    path = emboldened(regular.file, regular.index, cache)
    name = f"{regular.fullname} Pingan Bold"
    return regular, Face(regular.families, name, _bold_postscript(regular), 200, False, path)


def _bold_postscript(face: Face) -> str:
    base = re.sub(r"[^A-Za-z0-9-]", "", face.postscript or face.name).split("-")[0] or "Font"
    return f"{base}-PinganBold"


def _truetype(face: Face, cache: Path) -> Face:
    if not face.cff:
        return face
    path = converted(face.file, face.index, cache)
    return Face(face.families, face.fullname, face.postscript, face.weight, False, path)


def font_css(plan: FontPlan) -> str:
    """@font-face aliases for every role, and the CSS variables print templates use."""
    rules = []
    for script, chosen_list in (("", plan.roles), ("-hant", plan.hant)):
        for chosen in chosen_list:
            if chosen.regular is None:
                continue
            family = f"pingan-{chosen.role.key}{script}"
            rules.append(_face_rule(family, chosen.regular, "100 599"))
            if chosen.bold is not None:
                rules.append(_face_rule(family, chosen.bold, "600 900"))
    for name in FALLBACK:
        rules.append(_face_rule("pingan-fallback", Face((name,), name, "", 80, False, Path()), "100 900"))
    stacks = {c.role.key: f'"pingan-{c.role.key}"' for c in plan.roles if c.regular is not None}
    hant = {c.role.key: f'"pingan-{c.role.key}-hant"' for c in plan.hant if c.regular is not None}
    simplified = _variables(stacks, {})
    traditional = _variables(stacks, hant)
    return "\n".join([*rules, f":root {{ {simplified} }}", f":root:lang(zh-Hant) {{ {traditional} }}"])


def _face_rule(family: str, face: Face, weight: str) -> str:
    names = [n for n in dict.fromkeys((face.postscript, face.fullname)) if n]
    src = ", ".join(f'local("{_css_string(n)}")' for n in names)
    return f'@font-face {{ font-family: "{family}"; src: {src}; font-weight: {weight}; }}\n'


def _css_string(name: str) -> str:
    """A font's own name (from a file anyone may drop into fonts/) inside a CSS string in <style>."""
    return "".join(ch if ch.isalnum() or ch in " _-." else f"\\{ord(ch):x} " for ch in name)


def _variables(stacks: dict[str, str], first: dict[str, str]) -> str:
    out = []
    for role in ROLES:
        parts = [first.get(role.key), stacks.get(role.key), '"pingan-fallback"']
        out.append(f"--{role.key}: {', '.join(p for p in parts if p)};")
    return " ".join(out)


def main() -> None:  # scripts/setup.sh: prepare the free faces once, so the first print is quick
    plan = choose_fonts({}, [], cache_dir())
    for line in plan.summary():
        print(line)
