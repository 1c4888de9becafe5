"""Recognise the parts of a Chinese official document in plain text (GB/T 9704 conventions).

``parse_document(lines)`` takes the lines of a document (from a .txt, a .md or a
converted .docx) and finds, in this order: web-page clutter to ignore, the
发文机关标志, the 发文字号, the title, the 主送机关, the body with its numbered
headings (一、 → （一） → 1./1、 → （1）), the 署名 and 成文日期, the 附注
（此件公开发布）, the 附件 and the 版记. A 印发 notice — a short cover letter
("现将《…》印发给你们") signed and dated, followed by the document it publishes — is
recognised, and the published document is the one imported.

Nothing is dropped silently: a line that fits nowhere is kept in ``unplaced`` and
every adjustment (a skipped heading level, a gap in numbering, a corrected
document number) becomes a note. Notes and messages are in messages/printing.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from ..dates import parse_date_text
from ..messages import imports as text

# --- lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the text the importer read
    text: str


_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}])[,:;()?!]|[,:;()?!](?=[{_CJK}])")


def full_width_punctuation(value: str) -> tuple[str, int]:
    """Half-width , : ; ( ) ? ! next to Chinese text → full width (20:00 and 3.5 stay).

    Repeated until nothing changes: in "(20:00)," the ")" only touches Chinese text once
    the "," after it has become "，".
    """
    total = 0
    while True:
        value, count = _HALF_PUNCT.subn(lambda m: _HALF_TO_FULL[m[0]], value)
        total += count
        if not count:
            return value, total


def tidy(value: str) -> str:
    """One line as text: no indentation, no Markdown/Word artefacts, no spaces inside Chinese."""
    value = value.replace("\u00a0", " ").replace("\ufeff", "").strip().strip("\u3000").strip()
    value = re.sub(r"\[bookmark: [^\]]*\]", "", value)  # pandoc's trace of a Word bookmark
    value = re.sub(r"<(a|span) id=\"[^\"]*\"></\1>", "", value)
    value = re.sub(r"^#{1,6}\s+", "", value)  # Markdown heading marks
    value = re.sub(r"\\$", "", value)  # a Markdown hard line break
    m = re.fullmatch(r"(\*\*|__)(.+)\1", value)
    if m:
        value = m[2]
    value = re.sub(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])", "", value)
    return value.strip()


# --- line shapes --------------------------------------------------------------------------------

CN_DIGITS = "〇零一二三四五六七八九"
_CN_NUM = "一二三四五六七八九十百"
HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^([{_CN_NUM}]+)[、，．.]\s*(.*)$")),
    (2, re.compile(rf"^[（(]([{_CN_NUM}]+)[）)]\s*(.*)$")),
    (3, re.compile(r"^(\d{1,2})(?:[.．、](?!\d)|\s)\s*(.*)$")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]\s*(.*)$")),
]
LEVEL_NAMES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
_DOC_NUMBER = re.compile(
    r"^([\u4e00-\u9fff]{1,16})\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*(\d{1,4})\s*([号號])"
)
_PUBLICATION = re.compile(r"^[（(]\s*(此件[^）)]*)\s*[）)]$")
_CN_DATE = re.compile(rf"^([{CN_DIGITS}]{{4}})年([{_CN_NUM}]{{1,3}})月([{_CN_NUM}]{{1,3}})日$")
_ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[：:]\s*(.*)$")
_ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*(\d*)\s*[：:]?$")
_CC = re.compile(r"^抄\s*送\s*[：:]\s*(.+)$")
_PRINTED = re.compile(r"^(.+?)\s*(\d{4}年\d{1,2}月\d{1,2}日)\s*印\s*[发發]$")
_TITLE_END = re.compile(
    r"(通知|通告|公告|通报|决定|意见|方案|办法|辦法|规定|規定|规则|規則|细则|細則|制度|守则|守則|"
    r"计划|計劃|规划|規劃|要点|要點|报告|報告|请示|請示|批复|批復|函|纪要|紀要|章程|须知|須知|启事|啟事|预案|預案)$"
)
_NOTICE_TITLE = re.compile(r"(通知|通告|公告|通报|通報|启事|啟事|函)$")
_TERMINAL = "。；！？"
_FILE_SUFFIX = re.compile(r"\.(docx?|pdf|xlsx?|wps|jpe?g|png)$", re.IGNORECASE)

# Lines of a web page around a pasted document: navigation, metadata, share and print
# buttons, previous/next links, footers.
_CLUTTER = re.compile(
    r"(^(当前位置|您的位置|你的位置|首页)\s*[：:>›»/]?)|(\S\s*[>›»]\s*\S.*[>›»])|"
    r"(发布时间|发布日期|发布机构|信息来源|来源[：:]|浏览次数|阅读次数|访问量|点击[数率量]|责任编辑|编辑[：:]|作者[：:])|"
    r"(【?字[体号][：:]?\s*【?大\s*】?\s*【?中)|(^【\s*(打印|关闭|大|中|小)\s*】)|"
    r"(打印本页|关闭窗口|分享到|扫一扫|手机[端版]|上一篇|下一篇|相关链接|相关文章|相关阅读|网站地图|联系我们|"
    r"版权所有|主办单位|承办单位|技术支持|ICP备|公网安备|网站标识码|政府网站找错|无障碍|索引号|主题分类|"
    r"返回顶部|收藏本页|设为首页|【\s*纠错\s*】)|"
    # a share bar or font-size switch split over lines: "【字体：", "大", "中", "小】", "微信", "微博"
    r"(^【?\s*字\s*[体号]\s*[：:]?\s*(大|中|小|\s|】|【)*$)|(^【?\s*(大|中|小|打印|关闭|返回|分享|微信|微博|QQ空间)\s*】?$)|"
    r"(^(分享|打印|关闭|收藏)[：:]?\s*$)|(二维码|在手机打开|手机扫码|扫码阅读)|"
    # a site's list of downloadable attachments under the document: "相关附件：", "方案.xls"
    r"(^(相关附件|附件下载|下载附件)[：:]?\s*$)|(^(?!\d+[.、．])[^\s，。：:]{1,60}\.(xlsx?|docx?|pdf|wps|et)$)|(^主办[：:])"
)
_METADATA = re.compile(r"^(发文字号|文号|发文机关|发布机关|成文日期)\s*[：:]\s*(.+)$")


def heading_of(value: str) -> tuple[int, int, str] | None:
    """(style level 1–4, its number, the text after the label) of a numbered line."""
    for level, pattern in HEADING_PATTERNS:
        m = pattern.match(value)
        if m and m[2]:
            number = int(m[1]) if m[1].isdigit() else cn_number(m[1])
            if number:
                return level, number, m[2].strip()
    return None


def cn_number(value: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (0 when not a Chinese number)."""
    digits = {ch: n for n, ch in enumerate(CN_DIGITS[1:], start=0)}
    digits["〇"] = 0
    if value.isdigit():
        return int(value)
    total, current = 0, 0
    for ch in value:
        if ch in ("十", "百"):
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
        elif ch in digits:
            current = digits[ch]
        else:
            return 0
    return total + current


def date_of(value: str) -> dt.date | None:
    """A line that is only a date: 2024年5月17日 or 二〇二四年五月十七日."""
    m = _CN_DATE.match(value)
    if m:
        year = int("".join(str(CN_DIGITS.index(ch) - 1 if ch != "〇" else 0) for ch in m[1]))
        try:
            return dt.date(year, cn_number(m[2]), cn_number(m[3]))
        except ValueError:
            return None
    if re.fullmatch(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", value):
        return parse_date_text(value)
    return None


def doc_number_of(value: str) -> tuple[str, str] | None:
    """(the number as written, in the standard form 〔2024〕) of a 发文字号 line."""
    m = _DOC_NUMBER.match(value)
    if not m or len(value) > m.end() + 12:
        return None
    return value[: m.end()], f"{m[1]}〔{m[2]}〕{int(m[3])}{m[4]}"


def number_and_title_of(value: str) -> tuple[str, str, str] | None:
    """A web page's title line that starts with the number: "X府办〔2020〕21号(关于…的通知)"
    → (the number as written, in the standard form, the title)."""
    m = _DOC_NUMBER.match(value)
    if not m:
        return None
    rest = value[m.end() :].strip()
    rest = re.sub(r"^[（(【\[](.*)[）)】\]]$", r"\1", rest).strip()
    if not rest or not _TITLE_END.search(rest) or not _is_title_part(rest):
        return None
    return value[: m.end()], f"{m[1]}〔{m[2]}〕{int(m[3])}{m[4]}", re.sub(r"\s+", "", rest)


def _is_title_part(value: str) -> bool:
    return (
        len(value) <= 60
        and not any(ch in value for ch in _TERMINAL + "：:，")
        and heading_of(value) is None
        and date_of(value) is None
        and not value.startswith("|")
    )


def _is_addressees(value: str) -> bool:
    return (
        value.endswith(("：", ":"))
        and len(value) <= 120
        and "。" not in value
        and heading_of(value) is None
        and not _ATTACHMENT_NOTE.match(value)
        and not _CC.match(value)
    )


def _is_signature_issuer(value: str) -> bool:
    return (
        len(value) <= 40
        and not any(ch in value for ch in _TERMINAL + "，：:、")
        and heading_of(value) is None
    )


def split_list(value: str) -> list[str]:
    """各村（社区）、乡级各有关单位 → two items (separators inside brackets do not split)."""
    items, depth, current = [], 0, ""
    for ch in value.rstrip("：:。"):
        if ch in "（(《":
            depth += 1
        elif ch in "）)》":
            depth = max(0, depth - 1)
        if ch in "、，,；" and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    items.append(current.strip())
    return [item for item in items if item]


# --- the parsed document ----------------------------------------------------------------------------


@dataclass
class Heading:
    level: int  # numbering style: 1 一、 2 （一） 3 1. 4 （1）
    title: str
    line: int
    label: str = ""  # the number as written in the source
    body: list[str] = field(default_factory=list)  # paragraphs (Markdown)
    children: list[Heading] = field(default_factory=list)


@dataclass
class Attachment:
    title: str
    body: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    date: dt.date | None = None
    addressees: list[str] = field(default_factory=list)
    publication_note: str = ""
    cover_title: str = ""  # a 印发 notice: its own title; ``title`` is the document it publishes
    cover: list[str] = field(default_factory=list)  # the cover letter's paragraphs
    intro: list[str] = field(default_factory=list)  # paragraphs before the first heading
    headings: list[Heading] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    printed_by: str = ""
    print_date: dt.date | None = None
    record_lines: list[Line] = field(default_factory=list)  # the 抄送 / 印发 lines as read
    notes: list[str] = field(default_factory=list)
    unplaced: list[Line] = field(default_factory=list)
    clutter: list[Line] = field(default_factory=list)

    @property
    def kind(self) -> Literal["policy", "notice"]:
        if self.cover_title or (self.headings and not _NOTICE_TITLE.search(self.title)):
            return "policy"
        return "notice" if _NOTICE_TITLE.search(self.title) or not self.headings else "policy"


def where(line: Line) -> str:
    return text.NOTE_LINE.format(line=line.number)


# --- parsing ----------------------------------------------------------------------------------------


def parse_document(lines: list[Line]) -> Parsed:
    doc = Parsed()
    lines = _drop_clutter(lines, doc)
    pos = _header(lines, 0, doc)

    signature = _find_signature(lines, pos)
    if signature is not None and _document_follows(lines, signature[1]):
        # A 印发 notice: cover letter, signature, then the published document.
        start, end = signature
        doc.cover_title = doc.title
        doc.cover = [line.text for line in lines[pos:start]]
        _signature(lines[start:end], doc)
        pos = _publication_note(lines, end, doc)
        doc.title = lines[pos].text
        pos += 1
        if doc.cover_title:
            doc.notes.append(text.NOTE_COVER.format(title=doc.cover_title, document=doc.title))
        signature = _find_signature(lines, pos)

    sig_start = signature[0] if signature is not None else len(lines)
    body_end = next((i for i in range(pos, sig_start) if _is_tail_marker(lines[i].text)), sig_start)
    _body(lines[pos:body_end], doc)
    if signature is None:
        pos = body_end
    else:
        if body_end < sig_start:  # 附件说明 before the signature, as GB/T 9704 places it
            after = (
                _take_attachment_note(lines, body_end, doc)
                if _ATTACHMENT_NOTE.match(lines[body_end].text)
                else body_end
            )
            doc.unplaced.extend(lines[after:sig_start])
        _signature(lines[sig_start : signature[1]], doc)
        pos = signature[1]
    pos = _publication_note(lines, pos, doc)
    _tail(lines[pos:], doc)
    return doc


def _is_tail_marker(value: str) -> bool:
    return bool(
        _ATTACHMENT_NOTE.match(value)
        or _ATTACHMENT_LABEL.match(value)
        or _CC.match(value)
        or _PRINTED.match(value)
    )


def _drop_clutter(lines: list[Line], doc: Parsed) -> list[Line]:
    kept = []
    for line in lines:
        meta = _METADATA.match(line.text)
        if meta:  # a site's own metadata table: a hint for fields the document may lack
            key, value = meta[1], meta[2].strip()
            number = doc_number_of(value)
            if key in ("发文字号", "文号") and number:
                doc.doc_number = doc.doc_number or number[1]
            elif key in ("发文机关", "发布机关"):
                doc.issuer = doc.issuer or value
            elif key == "成文日期":
                doc.date = doc.date or parse_date_text(value)
            doc.clutter.append(line)
        elif _CLUTTER.search(line.text) or _is_menu(line.text):
            doc.clutter.append(line)
        else:
            kept.append(line)
    return kept


def _is_menu(value: str) -> bool:
    """首页 政务公开 互动交流 … : several short words side by side, no punctuation."""
    words = re.split(r"\s+|[|｜]", value)
    return (
        len(words) >= 3
        and all(0 < len(w) <= 8 for w in words)
        and not any(ch in value for ch in _TERMINAL + "，：、")
    )


def _header(lines: list[Line], pos: int, doc: Parsed) -> int:
    """发文机关标志, 发文字号, title lines and 主送机关 at the top."""
    title: list[str] = []
    while pos < len(lines):
        value = lines[pos].text
        number = doc_number_of(value)
        joined = "".join(title)
        if title and _TITLE_END.search(joined) and re.sub(r"\s+", "", value) == re.sub(r"\s+", "", joined):
            pass  # a web page shows the title twice: as the page heading and in the document
        elif not title and (both := number_and_title_of(value)) and not number:
            found, fixed, whole = both
            if found != fixed:
                doc.notes.append(text.NOTE_NUMBER_FIXED.format(found=found, fixed=fixed))
            doc.doc_number = doc.doc_number or fixed
            title.append(whole)
        elif number and not doc.doc_number:
            found, fixed = number
            if found != fixed:
                doc.notes.append(text.NOTE_NUMBER_FIXED.format(found=found, fixed=fixed))
            doc.doc_number = fixed
        elif not title and not doc.doc_number and value.endswith("文件") and _is_title_part(value):
            doc.issuer = doc.issuer or value[: -len("文件")]  # 发文机关标志
        elif _is_addressees(value) and pos + 1 < len(lines):
            doc.addressees = split_list(value)
            pos += 1
            break
        elif _is_title_part(value) and len(title) < 4 and not _TITLE_END.search(joined):
            title.append(value)
        else:
            break
        pos += 1
    doc.title = re.sub(r"\s+", "", "".join(title))
    return pos


def _find_signature(lines: list[Line], pos: int) -> tuple[int, int] | None:
    """(first, after last) line of the first 署名 + 成文日期 after ``pos``.

    A date straight after the header (a web page's publication date) is not a signature:
    a signature closes some text.
    """
    for index in range(pos + 1, len(lines)):
        if date_of(lines[index].text):
            start = index
            if index > pos and _is_signature_issuer(lines[index - 1].text):
                start = index - 1
            return start, index + 1
    return None


def _document_follows(lines: list[Line], pos: int) -> bool:
    """After a signature: (note,) a title, then a body with headings = a published document."""
    if pos < len(lines) and _PUBLICATION.match(lines[pos].text):
        pos += 1
    if pos >= len(lines) or not _is_title_part(lines[pos].text):
        return False
    rest = lines[pos + 1 :]
    return sum(heading_of(line.text) is not None for line in rest) >= 2


def _signature(lines: list[Line], doc: Parsed) -> None:
    for line in lines:
        day = date_of(line.text)
        if day:
            doc.date = day
        else:
            doc.issuer = line.text


def _publication_note(lines: list[Line], pos: int, doc: Parsed) -> int:
    if pos < len(lines):
        m = _PUBLICATION.match(lines[pos].text)
        if m:
            doc.publication_note = m[1]
            return pos + 1
    return pos


def _take_attachment_note(lines: list[Line], index: int, doc: Parsed) -> int:
    """Read "附件：1.甲" (and "2.乙" on the lines after); returns the line after the note."""
    first = _ATTACHMENT_NOTE.match(lines[index].text)
    names = [first[1]] if first and first[1] else []
    index += 1
    while index < len(lines) and (numbered := heading_of(lines[index].text)) and numbered[0] == 3:
        names.append(lines[index].text)
        index += 1
    for name in names:
        numbered = heading_of(name)
        title = numbered[2] if numbered and numbered[0] == 3 else name
        doc.attachments.append(Attachment(_FILE_SUFFIX.sub("", title).strip()))
    return index


def _body(lines: list[Line], doc: Parsed) -> None:
    """Paragraphs and numbered headings → intro + a heading tree."""
    stack: list[Heading] = []
    counters: dict[tuple[int, int], int] = {}  # (parent id, style level) → last number seen
    skipped: set[tuple[int, int]] = set()
    table: list[str] = []

    def add(paragraph: str) -> None:
        (stack[-1].body if stack else doc.intro).append(paragraph)

    def flush_table() -> None:
        if table:
            add("\n".join(table))
            table.clear()

    items = _list_items(lines)
    for index, line in enumerate(lines):
        value = line.text
        if value.startswith("|"):
            table.append(value)
            continue
        flush_table()
        numbered = heading_of(value)
        heading = _as_heading(numbered) if numbered and index not in items else None
        if heading is None:
            add(_markdown_paragraph(value))
            continue
        level, number, title, rest = heading
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        label = value[: len(value) - len(numbered[2])].strip()  # "1." / "（一）" as written
        node = Heading(level, title, line.number, label)
        if rest:
            node.body.append(_markdown_paragraph(rest))
        expected = counters.get((id(parent), level), 0) + 1
        counters[(id(parent), level)] = number
        if number != expected:
            doc.notes.append(text.NOTE_NUMBER_GAP.format(where=where(line), label=label, expected=expected))
        parent_level = parent.level if parent else 0
        if level > parent_level + 1 and (id(parent), level) not in skipped:
            skipped.add((id(parent), level))  # noted once per parent, not for every item
            depth = len(stack) + 1
            doc.notes.append(
                text.NOTE_LEVEL_SKIPPED.format(
                    where=where(line),
                    label=label,
                    parent=(parent.label + parent.title) if parent else text.KIND_POLICY,
                    depth=depth,
                    new_label=LEVEL_NAMES[depth],
                )
            )
        (parent.children if parent else doc.headings).append(node)
        stack.append(node)
    flush_table()


RUN_IN_TITLE_MAX = 30  # a heading's own words; longer first sentences are numbered paragraphs
_RUN_IN = re.compile(rf"^(.{{1,{RUN_IN_TITLE_MAX}}}?)[。：:](.*)$")


def _as_heading(numbered: tuple[int, int, str]) -> tuple[int, int, str, str] | None:
    """(level, number, title, text run in after the title), or None for a numbered paragraph.

    "（一）队伍组建" is a heading; "1.场镇集中区。针对该区域…" is a heading with its first
    paragraph run in; "1、年龄在18周岁至65周岁之间，身体健康；" is an item of a list.
    """
    level, number, rest = numbered
    m = _RUN_IN.match(rest)
    if m and m[2].strip():
        return level, number, m[1].strip(), m[2].strip()
    if len(rest) <= RUN_IN_TITLE_MAX and not rest.endswith(tuple(_TERMINAL + "，、")):
        return level, number, rest.rstrip("：:"), ""
    if len(rest) <= 20 and rest.endswith("。") and not any(ch in rest[:-1] for ch in "，、；。："):
        return level, number, rest[:-1], ""  # "1.汛期值班。": a short heading with a full stop
    return None


def _list_items(lines: list[Line]) -> set[int]:
    """Numbered lines that are items of an enumeration, not headings.

    A run of consecutive lines numbered at one level is a list when any of its items
    ends like a clause (；，): "1、年满18周岁，身体健康；  2、… ；  3、…优先。"
    """
    items: set[int] = set()
    start = 0
    while start < len(lines):
        first = heading_of(lines[start].text)
        end = start
        while (
            first and end + 1 < len(lines) and (nxt := heading_of(lines[end + 1].text)) and nxt[0] == first[0]
        ):
            end += 1
        run = range(start, end + 1)
        if end > start and any(lines[i].text.endswith(("；", "，", ";", ",")) for i in run):
            items.update(run)
        start = end + 1
    return items


def _markdown_paragraph(value: str) -> str:
    """Plain text as one Markdown paragraph: no accidental heading, list or quote."""
    if re.match(r"^(#|>|[-*+]\s|\d+\.\s)", value):
        return "\\" + value
    return value


def _tail(lines: list[Line], doc: Parsed) -> None:
    """After the signature: 附件说明, attachment pages, 版记; anything else is unplaced."""
    pos = 0
    current: Attachment | None = None
    pages = 0  # attachment pages seen ("附件1" + title)
    while pos < len(lines):
        line = lines[pos]
        value = line.text
        label = _ATTACHMENT_LABEL.match(value)
        cc, printed = _CC.match(value), _PRINTED.match(value)
        if _ATTACHMENT_NOTE.match(value) and current is None:
            pos = _take_attachment_note(lines, pos, doc)
            continue
        if label and pos + 1 < len(lines):
            index = int(label[1]) - 1 if label[1] else pages
            pages += 1
            title = lines[pos + 1].text
            if 0 <= index < len(doc.attachments):
                current = doc.attachments[index]
            else:
                current = Attachment(title)
                doc.attachments.append(current)
            pos += 2
            continue
        if cc:
            doc.cc = split_list(cc[1])
            doc.record_lines.append(line)
        elif printed:
            doc.printed_by = printed[1].strip()
            doc.print_date = parse_date_text(printed[2])
            doc.record_lines.append(line)
        elif current is not None:
            current.body.append(value if value.startswith("|") else _markdown_paragraph(value))
        else:
            doc.unplaced.append(line)
        pos += 1
    for attachment in doc.attachments:
        if not attachment.body:
            doc.notes.append(text.NOTE_ATTACHMENT_BODY.format(title=attachment.title))
