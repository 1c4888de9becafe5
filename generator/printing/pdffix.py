"""Make the text of Chromium's PDFs extract as the characters that were typed.

Noto CJK draws 一 (U+4E00) and the Kangxi radical ⼀ (U+2F00) with one glyph.
Chromium (Skia) writes one Unicode value per glyph into each font's ToUnicode
map and picks the lowest code point, so 一、大、人、日、黑、青、民… come back out of
the PDF as radicals: copying, searching and pdftotext all see ⼀、⼤、⼈、⽇、⿊、⻘、⺠. That
breaks search in a PDF viewer and would let a roster name slip past a text scan.

``fix_cjk_text`` rewrites only the ToUnicode maps that contain such radicals,
mapping each to its unified ideograph (Unicode's Equivalent_Unified_Ideograph), and rebuilds the
cross-reference table. The drawing is untouched. A PDF of a shape it does not
expect (object streams, cross-reference streams) is returned unchanged.
"""

from __future__ import annotations

import re
import zlib

# Unicode's Equivalent_Unified_Ideograph property for the CJK Radicals Supplement and the
# Kangxi Radicals (U+2E80–U+2FDF), as pairs: radical, ideograph. Generated from the Unicode
# Character Database (Perl's Unicode::UCD); NFKC covers only the Kangxi block.
_EQUIVALENTS = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕彐⺖忄⺗心⺘扌⺙攵"
    "⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁"
    "⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶"
    "⻍辶⻎辶⻏邑⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼"
    "⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⼀一⼁丨⼂丶⼃丿⼄乙⼅亅⼆二⼇亠⼈人⼉儿⼊入"
    "⼋八⼌冂⼍冖⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗⼟土⼠士⼡夂⼢夊⼣夕"
    "⼤大⼥女⼦子⼧宀⼨寸⼩小⼪尢⼫尸⼬屮⼭山⼮巛⼯工⼰己⼱巾⼲干⼳幺⼴广⼵廴⼶廾⼷弋⼸弓⼹彐⼺彡⼻彳⼼心"
    "⼽戈⼾戶⼿手⽀支⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月⽊木⽋欠⽌止⽍歹⽎殳⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火"
    "⽖爪⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬⽞玄⽟玉⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢"
    "⽯石⽰示⽱禸⽲禾⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老⽽而⽾耒⽿耳⾀聿⾁肉⾂臣⾃自⾄至⾅臼⾆舌⾇舛"
    "⾈舟⾉艮⾊色⾋艸⾌虍⾍虫⾎血⾏行⾐衣⾑襾⾒見⾓角⾔言⾕谷⾖豆⾗豕⾘豸⾙貝⾚赤⾛走⾜足⾝身⾞車⾟辛⾠辰"
    "⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾧長⾨門⾩阜⾪隶⾫隹⾬雨⾭靑⾮非⾯面⾰革⾱韋⾲韭⾳音⾴頁⾵風⾶飛⾷食⾸首⾹香"
    "⾺馬⾻骨⾼高⾽髟⾾鬥⾿鬯⿀鬲⿁鬼⿂魚⿃鳥⿄鹵⿅鹿⿆麥⿇麻⿈黃⿉黍⿊黑⿋黹⿌黽⿍鼎⿎鼓⿏鼠⿐鼻⿑齊⿒齒"
    "⿓龍⿔龜⿕龠"
)
IDEOGRAPH_OF = dict(zip(_EQUIVALENTS[::2], _EQUIVALENTS[1::2], strict=True))
_RADICALS = re.compile("[\u2e80-\u2fdf]")
_OBJ_RE = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", re.DOTALL)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def fix_cjk_text(pdf: bytes) -> bytes:
    try:
        return _fix(pdf)
    except (ValueError, zlib.error):
        return pdf


def _fix(pdf: bytes) -> bytes:
    if b"/ObjStm" in pdf or b"/XRef" in pdf:
        raise ValueError("object or cross-reference streams")
    refs = {int(n) for n in re.findall(rb"/ToUnicode (\d+) 0 R", pdf)}
    xref_at = pdf.rindex(b"\nxref") + 1
    offsets = _read_xref(pdf, xref_at)
    replacements: list[tuple[int, int, bytes]] = []  # (start, end, new bytes) in the old file
    for number in sorted(refs):
        start = offsets.get(number)
        if start is None:
            continue
        m = _OBJ_RE.match(pdf, start)
        if m is None or int(m[1]) != number:
            raise ValueError(f"object {number} not at its offset")
        length = int(re.search(rb"/Length (\d+)", m[2])[1])  # type: ignore[index]
        raw = pdf[m.end() : m.end() + length]
        cmap = zlib.decompress(raw) if b"/FlateDecode" in m[2] else raw
        fixed = _fix_cmap(cmap)
        if fixed is None:
            continue
        end = pdf.index(b"endobj", m.end() + length) + len(b"endobj")
        body = zlib.compress(fixed)
        new = b"%d 0 obj\n<</Filter /FlateDecode\n/Length %d>> stream\n" % (number, len(body))
        replacements.append((start, end, new + body + b"\nendstream\nendobj"))
    if not replacements:
        return pdf
    return _rebuild(pdf, xref_at, offsets, replacements)


def _fix_cmap(cmap: bytes) -> bytes | None:
    """The CMap with radicals mapped to ideographs, or None when it has none."""
    mapping: dict[bytes, str] = {}
    for block in _BFCHAR.findall(cmap):
        codes = _HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2], strict=True):
            mapping[src] = _utf16(dst)
    for block in _BFRANGE.findall(cmap):
        for line in block.strip().splitlines():
            values = _HEX.findall(line)
            if len(values) < 3:
                continue
            lo, hi, width = int(values[0], 16), int(values[1], 16), len(values[0])
            if b"[" in line:
                targets = [_utf16(v) for v in values[2:]]
            else:
                first = _utf16(values[2])
                targets = [first[:-1] + chr(ord(first[-1]) + n) for n in range(hi - lo + 1)]
            for n, target in enumerate(targets[: hi - lo + 1]):
                mapping[b"%0*X" % (width, lo + n)] = target
    if not any(_RADICALS.search(value) for value in mapping.values()):
        return None
    head = cmap[: cmap.index(b"endcodespacerange") + len(b"endcodespacerange")]
    entries = [
        b"<%s> <%s>" % (src.upper(), _RADICALS.sub(lambda m: IDEOGRAPH_OF.get(m[0], m[0]), dst)
                        .encode("utf-16-be").hex().upper().encode())
        for src, dst in sorted(mapping.items(), key=lambda kv: int(kv[0], 16))
    ]  # fmt: skip
    blocks = [entries[i : i + 100] for i in range(0, len(entries), 100)]
    body = b"".join(b"\n%d beginbfchar\n%s\nendbfchar" % (len(b), b"\n".join(b)) for b in blocks)
    tail = b"\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    return head + body + tail


def _utf16(hex_value: bytes) -> str:
    return bytes.fromhex(hex_value.decode()).decode("utf-16-be")


def _read_xref(pdf: bytes, xref_at: int) -> dict[int, int]:
    lines = pdf[xref_at : pdf.index(b"trailer", xref_at)].split(b"\n")[1:]
    offsets: dict[int, int] = {}
    index = 0
    while index < len(lines):
        header = lines[index].split()
        index += 1
        if len(header) != 2:
            continue
        first, count = int(header[0]), int(header[1])
        for n in range(count):
            offset, _generation, state = lines[index + n].split()[:3]
            if state == b"n":
                offsets[first + n] = int(offset)
        index += count
    return offsets


def _rebuild(
    pdf: bytes, xref_at: int, offsets: dict[int, int], replacements: list[tuple[int, int, bytes]]
) -> bytes:
    replacements.sort()
    out = bytearray()
    position = 0
    shifts: list[tuple[int, int]] = []  # (old start, cumulative shift after it)
    shift = 0
    for start, end, new in replacements:
        out += pdf[position:start] + new
        position = end
        shift += len(new) - (end - start)
        shifts.append((start, shift))
    out += pdf[position:xref_at]

    def moved(offset: int) -> int:
        applied = 0
        for start, cumulative in shifts:
            if start >= offset:
                break
            applied = cumulative
        return offset + applied

    size = max(offsets) + 1
    table = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for number in range(1, size):
        if number in offsets:
            table.append(b"%010d 00000 n \n" % moved(offsets[number]))
        else:
            table.append(b"0000000000 65535 f \n")
    trailer_at = pdf.index(b"trailer", xref_at)
    trailer = pdf[trailer_at : pdf.index(b"startxref", trailer_at)]
    new_xref_at = len(out)
    return bytes(out) + b"".join(table) + trailer + b"startxref\n%d\n%%%%EOF\n" % new_xref_at
