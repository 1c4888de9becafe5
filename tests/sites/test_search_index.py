"""pingan's search index as built: sections, folding, shards, the worker, privacy (no browser here)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from generator.content import load_project
from generator.site import PrivacyLeak, scan_public_site
from generator.site.search import (
    SHARD_CHARS,
    SearchBuildError,
    SearchIndex,
    fold,
    fold_class,
    fold_map,
    fold_table,
    page_sections,
)
from tests.conftest import REPO

PAGE = """
<h1 id="top">巡查制度<a class="headerlink" href="#top">¶</a></h1>
<p>总则：夜间巡逻<b>两人</b>一组。</p><p>遇到险情立即报告。</p>
<h2 id="post">一、护学岗<a class="headerlink" href="#post" title="Permanent link">¶</a></h2>
<table><tr><td>护学岗</td><td>夜巡岗</td></tr></table>
<script>var secret = "不应被搜到";</script>
<h3 id="time">（一）时间</h3>
<ul><li>每日16:00</li><li>逢“369”赶集日</li></ul>
"""


def test_a_page_splits_at_its_headings_into_plain_text():
    sections = page_sections(PAGE, "巡查制度")
    assert [(s.anchor, s.title) for s in sections] == [
        ("", "巡查制度"),
        ("post", "一、护学岗"),
        ("time", "（一）时间"),
    ]
    intro, post, time = sections
    assert intro.text == "总则：夜间巡逻两人一组。 遇到险情立即报告。"  # inline tags join, blocks do not
    assert post.text == "护学岗 夜巡岗"  # table cells never run together into 岗夜
    assert "不应被搜到" not in post.text and "¶" not in post.title
    assert time.text == "每日16:00 逢“369”赶集日"


def test_folding_maps_either_spelling_to_one_and_keeps_every_position():
    assert fold("網格員 護學崗 萬家燈火 二手房東") == "网格员 护学岗 万家灯火 二手房东"
    assert fold("２＋２＋Ｘ　ＡＥＤ") == "2+2+x aed"
    assert fold("网格员巡逻 369") == "网格员巡逻 369"
    table = fold_map()
    assert len(table) > 2500
    assert all(len(a) == len(b) == 1 and ord(a) < 0x10000 and ord(b) < 0x10000 for a, b in table.items())
    assert all(fold(b) == b for b in table.values())  # folding twice changes nothing
    assert len(fold_table()) == 2 * len(table)
    folded = re.compile(f"[{fold_class()}]")  # the browser's copy: the same characters, no more
    assert all(folded.fullmatch(c) for c in table)
    assert not folded.search("网格员巡逻369。、abc")


def paragraph(chars: int) -> str:
    return f"<p>{'巡' * chars}</p>"


def test_shards_stay_small_and_keep_every_page_whole_and_in_order():
    index = SearchIndex()
    for n in range(12):
        index.add(f"p{n}.md", f"p{n}.html", f"第{n}页", paragraph(SHARD_CHARS // 5))
    shards = index.shards(index.pages)
    assert len(shards) >= 3
    assert [p.url for shard in shards for p in shard] == [f"p{n}.html" for n in range(12)]
    assert all(sum(p.chars for p in shard) <= SHARD_CHARS for shard in shards)


def test_a_partial_build_writes_the_index_a_full_build_writes():
    """Pages an incremental build does not render come from the last build's entries, in site order."""
    full = SearchIndex()
    full.order = [f"p{n}.md" for n in range(6)]
    for n in range(6):
        full.add(f"p{n}.md", f"p{n}.html", f"第{n}页", paragraph(SHARD_CHARS // 4))
    partial = SearchIndex(kept={s: e for s, e in full.entries().items() if s != "p3.md"})
    partial.order = full.order
    partial.add("p3.md", "p3.html", "第3页", paragraph(SHARD_CHARS // 4))
    assert [p.as_json() for p in partial.pages] == [p.as_json() for p in full.pages]
    assert partial.entries() == full.entries()


def test_writing_needs_the_themes_worker_file(tmp_path):
    index = SearchIndex()
    index.add("index.md", "index.html", "首页", "<p>首页</p>")
    with pytest.raises(SearchBuildError) as caught:
        index.write(tmp_path)
    assert "搜索脚本" in caught.value.message and caught.value.hint


def test_the_site_gets_one_utf8_index_and_pingans_worker(example_site):
    site = example_site / "site/team"
    search = site / "search"
    material = json.loads((search / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []  # Material's own index is empty: nothing is written twice
    shards = sorted(search.glob("pingan-search-*.js"))
    raw = "".join(p.read_text(encoding="utf-8") for p in shards)
    assert "消火栓" in raw and "\\u" not in raw  # UTF-8, not ASCII escapes
    indexed = {url for p in shards for url, _ in json.loads(p.read_text(encoding="utf-8")[20:-3])}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    assert indexed == pages
    (worker,) = (site / "assets/javascripts/workers").glob("search.*.min.js")
    source = worker.read_text(encoding="utf-8")
    assert source.startswith("var __pinganSearchMeta = ") and "__pinganSearchShard" in source
    assert source.split(";", 1)[0].isascii()  # the fold table cannot spell a name the scan would miss
    assert not list(worker.parent.glob("*.map"))


def test_the_public_index_holds_only_public_pages(example_site):
    site = example_site / "site/public"
    shards = sorted((site / "search").glob("pingan-search-*.js"))
    indexed = {url for p in shards for url, _ in json.loads(p.read_text(encoding="utf-8")[20:-3])}
    assert indexed == {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    team = example_site / "site/team"
    assert {
        p.relative_to(team).as_posix() for p in team.rglob("*.html")
    } - indexed  # the team site has pages the public index never mentions


def test_the_privacy_scan_reads_the_search_index(example_site, tmp_path):
    site = tmp_path / "public"
    shutil.copytree(example_site / "site/public", site)
    roster = yaml.safe_load((REPO / "content/roster.yml").read_text(encoding="utf-8"))
    name = roster["members"][3]["name"]
    shard = site / "search/pingan-search-0.js"
    shard.write_text(shard.read_text(encoding="utf-8").replace("首页", f"首页{name}", 1), encoding="utf-8")
    with pytest.raises(PrivacyLeak) as caught:
        scan_public_site(load_project(example_site), site)
    assert "search/pingan-search-0.js" in caught.value.message


def test_a_page_neither_rendered_nor_kept_is_left_out():
    """Plain ``mkdocs build --dirty`` over pingan's sources renders a few pages and keeps nothing."""
    index = SearchIndex()
    index.order = ["index.md", "p1.md"]
    index.add("p1.md", "p1.html", "第1页", paragraph(10))
    assert [page.url for page in index.pages] == ["p1.html"]
    assert list(index.entries()) == ["p1.md"]
