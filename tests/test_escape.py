"""Plain text through the real Markdown the sites use, MkDocs' front matter, the print
renderer and spreadsheet cells: it comes out as the same text, never as markup or a formula."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from mkdocs.utils import meta

from generator.escape import MarkdownText, html_text, markdown_text, one_line, spreadsheet_text
from generator.printing.html import MarkdownBatch
from generator.render import Renderer, md_attr
from tests.hostile_text import PAYLOADS
from tests.pagemarkdown import page_markdown

HOSTILE = [
    *(p.format(n=7) for p in PAYLOADS.values()),
    "1. 总则",
    "2) 分则",
    "- 列表",
    "+ 列表",
    "* 列表",
    "> 引用",
    "# 标题",
    "C#",
    "    缩进四格",
    "===",
    ": 定义",
    "~~~",
    "```python",
    "!!! warning",
    "??? note",
    "***",
    "a\\*b\\_c",
    "&copy; &#60;b&#62;",
    "[^1] [x]: https://e.invalid",
    "<!-- 注释 -->",
    "<https://e.invalid>",
    "a | b || c",
    "值班  \n电话\r\n110",
    "\x02wzxhzdk:0\x03",
    "控制\x80字符\x9f",
    "第一行\n\n第二段\n\n    代码",
]

# Where page templates put plain text (shapes taken from templates/pages and partials).
CONTEXTS = {
    "paragraph": "{{ v }}\n",
    "after a paragraph": "抄送：甲。\n\n{{ v }}\n",
    "list item": "- {{ v }}\n",
    "table cell": "| 甲 | 乙 |\n| --- | --- |\n| {{ v }} | 2 |\n",
    "heading with id": "### 1. {{ v }} { #q1 }\n",
    "link text": "- [{{ v }}](a.md)（2025年1月1日）\n",
    "raw html": '<p class="pingan-doc-number">{{ v }}</p>\n',
    "admonition": '!!! note "考核要点"\n\n    - {{ v }}\n',
    "markdown in html": '<div class="pingan-signature" markdown>\n\n{{ v }}\n\n</div>\n',
}


class Shape(HTMLParser):
    """Start tags with their attributes, and the text, of an HTML fragment."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text = ""
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, sorted(attrs)))

    def handle_data(self, data):
        self.text += data


def to_html(source: str) -> str:
    return page_markdown(source)


@pytest.fixture(scope="module")
def env():
    return Renderer().env


@pytest.mark.parametrize("context", CONTEXTS)
def test_plain_text_in_a_page_template_is_the_same_text_and_no_markup(env, context):
    template = env.from_string(CONTEXTS[context])
    expected = Shape(to_html(template.render(v="占位")))
    for value in HOSTILE:
        got = Shape(to_html(template.render(v=value)))
        assert got.tags == expected.tags, (context, value)
        assert " ".join(got.text.split()) == " ".join(
            expected.text.replace("占位", one_line(value)).split()
        ), (
            context,
            value,
        )


def test_markdown_fields_and_safe_markup_are_written_as_they_are(env):
    template = env.from_string("{{ md }}|{{ text }}|{{ '#' * 2 }}|{{ ('#' * 2) | safe }}|{{ n }}")
    out = template.render(md=MarkdownText("**粗**"), text="**粗**", n=3)
    assert out == "**粗**|&#42;&#42;粗&#42;&#42;|&#35;&#35;|##|3"
    indented = env.from_string("{{ md | indent(4) }}").render(md=MarkdownText("一\n**二**"))
    assert indented == "一\n    **二**"


def test_ordinary_text_is_not_changed():
    for value in ("青石乡人民政府", "青石府发〔2024〕21号", "20:00—22:00，2+2+X 模式", "各村（社区）"):
        assert markdown_text(value) == html_text(value) == value


@pytest.mark.parametrize("value", HOSTILE)
def test_html_settings_and_front_matter_titles_read_back_as_the_text(value):
    escaped = html_text(value)
    assert not set(escaped) & set("<>\"'") and html.unescape(escaped) == one_line(value)
    _, data = meta.get_data(f"---\ntitle: {md_attr(value)}\n---\n\n# 正文\n")
    assert data["title"] == escaped  # MkDocs and Material print it as HTML


def test_the_print_markdown_filter_renders_only_markdown_fields():
    batch = MarkdownBatch()
    plain = batch.add("**不是粗体** <img src=x onerror=alert(1)>")
    formatted = batch.add(MarkdownText("**粗体**"))
    batch.convert()
    assert str(plain) == "**不是粗体** &lt;img src=x onerror=alert(1)&gt;"
    assert batch.fill(formatted) == "<p><strong>粗体</strong></p>"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("https://e.invalid","点我")', '\'=HYPERLINK("https://e.invalid","点我")'),
        ("+86 138", "'+86 138"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("张三", "张三"),
        ("a=b", "a=b"),
    ],
)
def test_csv_cells_that_look_like_formulas_get_a_quote(value, cell):
    assert spreadsheet_text(value) == cell


def test_the_default_public_site_name_escapes_the_organisation(project, tmp_path):
    from generator.content import load_project
    from generator.site.build import mkdocs_config
    from generator.site.plan import plan_site

    hostile = '<img src=x onerror="alert(1)">乡政府'
    root = project()
    config = root / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: 某某乡人民政府", f"name: '{hostile}'"),
        encoding="utf-8",
    )
    loaded = load_project(root)
    assert loaded.config.organisation.name == hostile and not loaded.config.site.public_name
    settings = mkdocs_config(loaded, plan_site(loaded, "public"), tmp_path / "docs", tmp_path / "site")
    assert "<" not in settings["site_name"] and hostile in html.unescape(settings["site_name"])
