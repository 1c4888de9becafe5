"""Roster import that merges: teams the roster lacks are created (新增队伍) or refused
(--no-new-teams); roster.yml is edited in place, so its comments, order, quoting,
indentation and file mode stay (the untouched parts are compared byte for byte)."""

from __future__ import annotations

import difflib
import stat

import yaml

from generator.content import load_project

from .test_imports import ROSTER_HEADER, write_xlsx

# As an office keeps it: a notice at the top, four-space indents, a comment per team, quoted
# and unquoted values, single quotes, a comment after the last member.
ROSTER = """\
# 内部资料，不得公开
# 河西镇群防群治队伍花名册（2024年3月整理）

teams:
    -   id: patrol
        name: '专（兼）职巡防队'   # 镇综治办管理
    -   id: guards
        name: 保安联防队

members:
    # 巡防队
    -   id: HX001
        name: 甲一
        team: patrol
        phone: "13800001234"
        joined: 2023-01-01
    -   id: HX002
        name: 乙二
        team: patrol
        role: '队员'

    # 保安联防队
    -   id: HX003
        name: 丙三
        team: guards
# 以上 3 人，2024年3月核对
"""

SHEET = [
    ROSTER_HEADER,
    ["HX001", "甲一", "", "", "", "专（兼）职巡防队", "", ""],  # unchanged
    ["", "丁四", "男", "", "13800005678", "巡逻二队", "队员", "2024-07-01"],
    ["", "戊五", "女", "", "", "治安志愿者队", "", ""],
    ["", "己六", "男", "", "", "巡逻二队", "", ""],
    ["", "庚七", "男", "", "", "保安联防队", "", ""],
]


def roster_project(project, mode: int = 0o640):
    root = project({"content/roster.yml": ROSTER})
    (root / "content/roster.yml").chmod(mode)
    return root


def only_insertions(before: bytes, after: bytes) -> list[str]:
    """The lines ``after`` adds to ``before``; fails when any line of ``before`` changed or moved."""
    old, new = before.decode("utf-8").splitlines(True), after.decode("utf-8").splitlines(True)
    added, kept = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        (kept if tag == "equal" else added).extend(new[j1:j2])
    assert "".join(kept).encode("utf-8") == before  # the untouched parts, byte for byte, in order
    return added


def test_two_teams_the_roster_lacks_are_created_and_reported(project, run):
    root = roster_project(project)
    before = (root / "content/roster.yml").read_bytes()
    sheet = write_xlsx(root / "花名册.xlsx", SHEET)
    code, out, err = run("-C", str(root), "roster", "import", str(sheet))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "新增队伍 2 支：巡逻二队（team-1）、治安志愿者队（team-2）"
    assert "新增 4 人，更新 0 人，未变 1 人" in out

    path = root / "content/roster.yml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    added = only_insertions(before, path.read_bytes())
    text = path.read_text(encoding="utf-8")
    # New entries are written in the file's own style: four-space indents, after their siblings.
    assert "    -   id: team-1\n        name: 巡逻二队\n" in "".join(added)
    assert text.index("team-2") < text.index("members:")
    assert text.index("HX003") < text.index("丁四") < text.index("# 以上 3 人")
    assert '        phone: "13800005678"\n' in added  # digits stay text, quoted like the file's own

    roster = load_project(root).roster
    assert [(t.id, t.name) for t in roster.teams] == [
        ("patrol", "专（兼）职巡防队"),
        ("guards", "保安联防队"),
        ("team-1", "巡逻二队"),
        ("team-2", "治安志愿者队"),
    ]
    by_name = {m.name: m for m in roster.members}
    assert (by_name["丁四"].id, by_name["丁四"].team, by_name["丁四"].phone) == (
        "HX004",
        "team-1",
        "13800005678",
    )
    assert (by_name["戊五"].team, by_name["己六"].team, by_name["庚七"].team) == (
        "team-2",
        "team-1",
        "guards",
    )
    assert yaml.safe_load(text)["members"][1]["role"] == "队员"

    # Again: nothing new, the file is not rewritten.
    written = path.read_bytes()
    code, out, _ = run("-C", str(root), "roster", "import", str(sheet))
    assert code == 0 and "新增队伍" not in out and "新增 0 人，更新 0 人，未变 5 人" in out
    assert path.read_bytes() == written


def test_an_update_changes_only_that_members_lines(project, run):
    root = roster_project(project, mode=0o600)
    before = (root / "content/roster.yml").read_text(encoding="utf-8")
    sheet = write_xlsx(
        root / "花名册.xlsx", [ROSTER_HEADER, ["HX002", "乙二", "", "", "13900001111", "patrol", "", ""]]
    )
    code, out, err = run("-C", str(root), "roster", "import", str(sheet))
    assert (code, err) == (0, "") and "更新 1 人" in out
    after = (root / "content/roster.yml").read_text(encoding="utf-8")
    # phone goes after role (the roster's field order), in the file's quoting and indent.
    assert after == before.replace(
        "        role: '队员'\n", "        role: '队员'\n        phone: \"13900001111\"\n"
    )
    assert stat.S_IMODE((root / "content/roster.yml").stat().st_mode) == 0o600


def test_no_new_teams_refuses_them_naming_the_rows(project, run):
    root = roster_project(project)
    before = (root / "content/roster.yml").read_bytes()
    sheet = write_xlsx(root / "花名册.xlsx", SHEET)
    code, out, err = run("-C", str(root), "roster", "import", "--no-new-teams", str(sheet))
    assert (code, out) == (2, "")
    hint = "可用队伍：专（兼）职巡防队、保安联防队；要让 pingan 新建这支队伍，去掉 --no-new-teams 再导入"
    assert f"花名册.xlsx:3:6: 所属队伍: 所属队伍“巡逻二队”不在花名册中 — {hint}" in err
    assert f"花名册.xlsx:4:6: 所属队伍: 所属队伍“治安志愿者队”不在花名册中 — {hint}" in err
    assert f"花名册.xlsx:5:6: 所属队伍: 所属队伍“巡逻二队”不在花名册中 — {hint}" in err
    assert (root / "content/roster.yml").read_bytes() == before


def test_a_new_project_takes_a_whole_sheet(project, run, tmp_path):
    # The scaffold's roster (one team, one example member) and a 花名册 of two other teams.
    root = project()
    sheet = write_xlsx(
        tmp_path / "花名册.xlsx",
        [
            ROSTER_HEADER,
            ["", "张 三", "男", "", "", "河西巡防队", "队长", ""],
            ["", "李四", "女", "", "", "河西 巡防队", "", ""],
            ["", "王五", "男", "", "", "平安志愿者", "", ""],
        ],
    )
    code, out, err = run("-C", str(root), "roster", "import", str(sheet))
    assert code == 0, err
    assert "新增队伍 2 支：河西巡防队（team-1）、平安志愿者（team-2）" in out  # 河西 巡防队 is the same team
    assert run("-C", str(root), "check")[0] == 0


def test_a_roster_an_edit_cannot_follow_is_left_as_it_was_with_a_clear_error(project, run):
    # 乙二 shares 甲一's team through an alias: changing 甲一's team in place would move both.
    root = project(
        {
            "content/roster.yml": ROSTER.replace(
                "        team: patrol\n        phone", "        team: &t patrol\n        phone"
            ).replace("        team: patrol\n        role", "        team: *t\n        role")
        }
    )
    before = (root / "content/roster.yml").read_bytes()
    sheet = write_xlsx(
        root / "花名册.xlsx", [ROSTER_HEADER, ["HX001", "甲一", "", "", "", "保安联防队", "", ""]]
    )
    code, out, err = run("-C", str(root), "roster", "import", str(sheet))
    assert (code, out) == (1, "")
    assert err.startswith("content/roster.yml 的写法无法在保留原样的前提下自动修改，未写入任何内容 — ")
    assert (root / "content/roster.yml").read_bytes() == before
