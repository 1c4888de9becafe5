"""yamledit: a YAML file's text edited in place. Every shape a hand-kept roster.yml comes in
(indents, quoting, comments, flow lists, CRLF, a BOM, block scalars, empty keys): what is
added or set reads back as meant, and every byte that was not edited stays."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest
import yaml

from generator.yamledit import YamlTextEditor, quoted


def untouched(before: str, after: str) -> list[str]:
    """The lines ``after`` adds; fails when a line of ``before`` changed or moved."""
    old, new = before.splitlines(True), after.splitlines(True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            added += new[j1:j2]
    return added


ROSTER = """\
# 内部资料，不得公开
teams:
    -   id: patrol
        name: '巡防队'   # 镇综治办管理

members:
    # 巡防队
    -   id: A1
        name: 甲一
        team: patrol
        phone: "13800001234"   # 本人
        joined: 2023-01-01
    -   id: A2
        name: 乙二
        team: patrol
        notes: |
          夜班
          白班
# 以上 2 人
"""


def by_id(editor: YamlTextEditor, key: str = "members"):
    return {item.fields["id"].text: item for item in editor.items(key) if item}


def test_new_items_follow_the_files_layout_before_its_closing_comment():
    editor = YamlTextEditor(ROSTER)
    editor.append("teams", {"id": "team-1", "name": "巡逻二队"})
    editor.append(
        "members", {"id": "A3", "name": "丙三", "phone": quoted("13900001111"), "joined": dt.date(2024, 7, 1)}
    )
    after = editor.dump()

    added = untouched(ROSTER, after)
    assert added == [
        "    -   id: team-1\n",
        "        name: 巡逻二队\n",
        "    -   id: A3\n",
        "        name: 丙三\n",
        '        phone: "13900001111"\n',
        "        joined: 2024-07-01\n",
    ]
    assert after.index("A3") > after.index("白班") and after.index("A3") < after.index("# 以上 2 人")
    data = yaml.safe_load(after)
    assert data["members"][1]["notes"] == "夜班\n白班\n"
    assert data["members"][2] == {
        "id": "A3",
        "name": "丙三",
        "phone": "13900001111",
        "joined": dt.date(2024, 7, 1),
    }


def test_set_keeps_quoting_and_comments_and_puts_new_keys_in_field_order():
    editor = YamlTextEditor(ROSTER)
    members = by_id(editor)
    editor.set(members["A1"], "phone", quoted("13900002222"), after=["id", "name", "team"])
    editor.set(members["A1"], "role", "队长", after=["id", "name", "team"])
    editor.set(members["A1"], "gender", "男", after=["id", "name"])
    editor.set(members["A2"], "notes", "只上白班", after=[])
    after = editor.dump()

    assert '        phone: "13900002222"   # 本人\n' in after
    block = after[after.index("id: A1") : after.index("id: A2")]
    assert (
        block.index("name")
        < block.index("gender")
        < block.index("team")
        < block.index("role")
        < block.index("phone")
    )
    data = yaml.safe_load(after)
    assert data["members"][0]["role"] == "队长" and data["members"][1]["notes"] == "只上白班"
    assert after.endswith("        notes: 只上白班\n# 以上 2 人\n")


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "2024-01-01",
        "123",
        "a: b",
        "# 注释",
        " 前后空格 ",
        "多\n行",
        "含'单引号'",
        'x"y',
        "-",
        "~",
        "\x07铃",
        "null",
    ],
)
def test_any_text_reads_back_as_the_same_text(value: str):
    editor = YamlTextEditor("members:\n  - id: A1\n    name: 甲\n")
    editor.set(by_id(editor)["A1"], "role", value, after=["id", "name"])
    editor.append("members", {"id": "A2", "name": value})
    data = yaml.safe_load(editor.dump())
    assert data["members"][0]["role"] == value and data["members"][1]["name"] == value


def test_single_quoted_values_stay_single_quoted():
    editor = YamlTextEditor("members:\n  - id: A1\n    role: '队员'\n")
    editor.set(by_id(editor)["A1"], "role", "it's", after=[])
    assert editor.dump() == "members:\n  - id: A1\n    role: 'it''s'\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("teams: []\nmembers: []\n", "teams: []\nmembers:\n  - id: A1\n    name: 甲\n"),
        ("teams: []\nmembers:\n", "teams: []\nmembers:\n  - id: A1\n    name: 甲\n"),
        ("teams: []\n", "teams: []\nmembers:\n  - id: A1\n    name: 甲\n"),
        (
            "teams: []\nmembers: [{id: A0, name: 零}]\n",
            "teams: []\nmembers: [{id: A0, name: 零}, {id: A1, name: 甲}]\n",
        ),
        ("", "members:\n  - id: A1\n    name: 甲\n"),
        ("members:\n- id: A0\n  name: 零\n", "members:\n- id: A0\n  name: 零\n- id: A1\n  name: 甲\n"),
    ],
)
def test_empty_missing_flow_and_unindented_lists(text: str, expected: str):
    editor = YamlTextEditor(text)
    editor.append("members", {"id": "A1", "name": "甲"})
    after = editor.dump()
    assert after == expected
    assert yaml.safe_load(after)["members"][-1] == {"id": "A1", "name": "甲"}


def test_crlf_and_bom_are_kept():
    text = "\ufeffmembers:\r\n  - id: A1\r\n    name: 甲\r\n"
    editor = YamlTextEditor(text)
    editor.set(by_id(editor)["A1"], "role", "队员", after=["id", "name"])
    editor.append("members", {"id": "A2", "name": "乙"})
    assert (
        editor.dump()
        == "\ufeffmembers:\r\n  - id: A1\r\n    name: 甲\r\n    role: 队员\r\n  - id: A2\r\n    name: 乙\r\n"
    )


def test_a_flow_item_is_written_again_whole():
    editor = YamlTextEditor("members:\n  - {id: A1, name: 甲}  # 队长\n")
    editor.rewrite(by_id(editor)["A1"], {"id": "A1", "name": "甲", "phone": quoted("13800001234")})
    assert editor.dump() == 'members:\n  - {id: A1, name: 甲, phone: "13800001234"}  # 队长\n'


def test_an_empty_value_is_filled():
    editor = YamlTextEditor("members:\n  - id: A1\n    role:\n    name: 甲\n")
    editor.set(by_id(editor)["A1"], "role", "队员", after=["id"])
    assert yaml.safe_load(editor.dump())["members"][0] == {"id": "A1", "role": "队员", "name": "甲"}
