"""plan_site on an in-memory project: sections, navigation, extra sections, download links."""

from __future__ import annotations

from generator.printing import plan_outputs
from generator.site import NavGroup, NavLink, Section, plan_site
from generator.site.pages import BankPage, NoticePage, Page, mkdocs_nav
from tests.seams import small_project


def titles(nav) -> list:
    return [item.title if isinstance(item, NavLink) else (item.title, titles(item.children)) for item in nav]


def test_team_site_sections_in_order_with_modules_grouped_by_month():
    plan = plan_site(small_project(), "team")
    assert titles(plan.nav) == [
        "首页",
        ("制度文件", ["制度文件", "工作方案", "内部规定"]),
        ("五要十不准", ["五要十不准"]),
        ("培训课程", ["培训课程", ("2025年1月", ["巡逻基础"]), ("2025年3月", ["消防演练"])]),
        ("题库", ["题库", "基础练习"]),
        ("通知公告", ["通知公告", "招募志愿者", "内部通知"]),
    ]
    assert [p.path for p in plan.pages][:3] == ["index.md", "policies/index.md", "policies/plan.md"]


def test_exam_banks_get_no_page_and_are_not_practice_banks():
    plan = plan_site(small_project(), "team")
    assert [p.bank.id for p in plan.pages if isinstance(p, BankPage)] == ["basics"]
    assert [b.id for b in plan.practice_banks] == ["basics"]


def test_public_site_has_only_public_notices_and_policies():
    plan = plan_site(small_project(), "public")
    assert {p.path for p in plan.pages} == {
        "index.md",
        "policies/index.md",
        "policies/plan.md",
        "notices/index.md",
        "notices/n2.md",
    }
    assert plan.practice_banks == []


def test_an_extra_section_is_sorted_in_by_weight_and_kept_to_its_audiences():
    extra = Section("台账统计", 50, Page("records/index.md", "台账统计", "pages/records_index.md.j2"), (),
                    {"assets/x.svg": "<svg/>"}, frozenset({"team"}))  # fmt: skip
    team = plan_site(small_project(), "team", [extra])
    labels = [item.title for item in team.nav]
    assert labels.index("台账统计") == labels.index("题库") + 1 < labels.index("通知公告")
    assert team.files == {"assets/x.svg": "<svg/>"}
    public = plan_site(small_project(), "public", [extra])
    assert "台账统计" not in [item.title for item in public.nav] and public.files == {}


def test_a_page_links_the_printed_files_of_the_documents_it_shows():
    project = small_project()
    outputs = plan_outputs(project)
    plan = plan_site(project, "public", outputs=outputs)
    notice = next(p for p in plan.pages if isinstance(p, NoticePage))
    assert [d.path for d in plan.downloads[notice.path]] == [
        "downloads/notices/n2.pdf",
        "downloads/notices/n2.docx",
    ]
    assert "index.md" not in plan.downloads
    assert all(d.output.kind.area == "print" for links in plan.downloads.values() for d in links)
    assert plan_site(project, "public").downloads == {}  # no outputs: no links


def test_nav_is_a_typed_tree_mkdocs_can_read():
    plan = plan_site(small_project(), "team")
    assert all(isinstance(item, NavLink | NavGroup) for item in plan.nav)
    assert mkdocs_nav(plan.nav)[0] == {"首页": "index.md"}
    assert mkdocs_nav(plan.nav)[1]["制度文件"][1] == {"工作方案": "policies/plan.md"}
