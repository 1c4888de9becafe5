"""Bad content: every case asserts the file, the line, the column and the message.

Each case replaces files of the minimal scaffold project and runs `pingan check`;
the expected text is the exact diagnostic line (file:line:col: field: message — hint).
"""

from __future__ import annotations

import pytest

POLICY_HEAD = """\
id: work-plan
issuer: 某某乡人民政府
date: 2025-01-06
title: 某某乡群防群治工作方案
"""

BANK_HEAD = """\
id: basics
title: 基础知识练习
mode: practice
questions:
"""

ROSTER_HEAD = """\
teams:
  - id: patrol
    name: 巡防队
members:
"""

CASES = {
    "yaml-syntax": (
        {"content/notices/n01.yml": "id: n01\ntitle: 通知\n  date: 2025-02-10\n"},
        # (the parser's own English words follow in brackets; they differ between libyaml and pure Python)
        "content/notices/n01.yml:3:7: YAML 语法错误：此处不能出现“键: 值”，通常是缩进不对，或值里有未加引号的冒号（mapping values",
    ),
    "yaml-unclosed-bracket": (
        {"content/notices/n01.yml": "id: n01\ntitle: [未闭合\n"},
        "content/notices/n01.yml:3:1: YAML 语法错误：方括号 [ ] 没有闭合，相关位置在第 2 行第 8 列",
    ),
    "duplicate-key": (
        {
            "content/notices/n01.yml": "id: n01\ntitle: 通知\ntitle: 又一个\ndate: 2025-02-10\n"
            "issuer: 乡政府\nbody: 正文\n"
        },
        "content/notices/n01.yml:3:1: title: 字段重复出现（第 2 行已经写过） — 同一层级每个字段只能写一次",
    ),
    "missing-field": (
        {"content/notices/n01.yml": "id: n01\ntitle: 通知\ndate: 2025-02-10\nbody: 正文\n"},
        "content/notices/n01.yml:1:1: issuer: 缺少必填字段 — 请补上这个字段",
    ),
    "unknown-field-suggests": (
        {"content/notices/n01.yml": "id: n01\ntitel: 通知\ndate: 2025-02-10\nissuer: 乡政府\nbody: 正文\n"},
        "content/notices/n01.yml:2:1: titel: 不认识的字段 — 是不是想写 title？可用字段：id、doc_number、title",
    ),
    "int-expected": (
        {
            "content/modules/m01.yml": 'id: m01\ntitle: 课\nmonth: "2025-01"\nkind: training\n'
            "category: 安全知识\nduration: 一小时\n"
        },
        "content/modules/m01.yml:6:1: duration: 应为整数，实际是 “一小时” — 只写数字，例如 90",
    ),
    "impossible-date": (
        {"content/notices/n01.yml": "id: n01\ntitle: 通知\ndate: 2025-02-30\nissuer: 乡政府\nbody: 正文\n"},
        "content/notices/n01.yml:3:7: date: 看起来是日期，但不是有效日期 — 请检查年月日",
    ),
    "chinese-date-accepted-bad-text-rejected": (
        {"content/notices/n01.yml": "id: n01\ntitle: 通知\ndate: 二月十日\nissuer: 乡政府\nbody: 正文\n"},
        "content/notices/n01.yml:3:1: date: 日期格式无效：“二月十日” — 写作 2024-05-17 或 2024年5月17日",
    ),
    "bad-month": (
        {
            "content/modules/m01.yml": 'id: m01\ntitle: 课\nmonth: "2025-13"\nkind: training\n'
            "category: 安全知识\nduration: 60\n"
        },
        "content/modules/m01.yml:3:1: month: 月份格式不对：“2025-13” — 写作带引号的“年-月”",
    ),
    "doc-number-brackets": (
        {"content/policies/work-plan.yml": POLICY_HEAD + "doc_number: 某某府发[2025]1号\n"},
        "content/policies/work-plan.yml:5:1: doc_number: 文号格式不对：“某某府发[2025]1号” — 年份须用六角括号〔〕",
    ),
    "choice": (
        {
            "content/modules/m01.yml": 'id: m01\ntitle: 课\nmonth: "2025-01"\nkind: seminar\n'
            "category: 安全知识\nduration: 60\n"
        },
        "content/modules/m01.yml:4:1: kind: 取值 “seminar” 无效 — 可选值：training、drill",
    ),
    "slug": (
        {
            "content/notices/n01.yml": "id: Notice 1\ntitle: 通知\ndate: 2025-02-10\nissuer: 乡政府\nbody: 正文\n"
        },
        "content/notices/n01.yml:1:1: id: 格式不对：“Notice 1” — 只能用小写英文字母、数字和连字符",
    ),
    "answer-not-option": (
        {
            "quizzes/basics.yml": BANK_HEAD + "  - id: q1\n    type: single\n    stem: 题\n"
            "    options: {A: 甲, B: 乙}\n    answer: E\n"
        },
        "quizzes/basics.yml:9:5: questions[0].answer: 答案 “E” 不是本题的选项（可选：A、B） — 答案只能写已有选项的字母",
    ),
    "multiple-needs-list": (
        {
            "quizzes/basics.yml": BANK_HEAD + "  - id: q1\n    type: multiple\n    stem: 题\n"
            "    options: {A: 甲, B: 乙, C: 丙}\n    answer: A\n"
        },
        "quizzes/basics.yml:9:5: questions[0].answer: 多选题的答案应为至少两个字母的列表",
    ),
    "true-false-with-options": (
        {
            "quizzes/basics.yml": BANK_HEAD + "  - id: q1\n    type: true_false\n    stem: 题\n"
            "    options: {A: 对, B: 错}\n    answer: true\n"
        },
        "quizzes/basics.yml:8:5: questions[0].options: 判断题不需要选项",
    ),
    "true-false-answer-word": (
        {
            "quizzes/basics.yml": BANK_HEAD
            + "  - id: q1\n    type: true_false\n    stem: 题\n    answer: 对\n"
        },
        "quizzes/basics.yml:8:5: questions[0].answer: 判断题的答案应为 true 或 false",
    ),
    "option-letters-order": (
        {
            "quizzes/basics.yml": BANK_HEAD + "  - id: q1\n    type: single\n    stem: 题\n"
            "    options: {A: 甲, C: 丙}\n    answer: A\n"
        },
        "quizzes/basics.yml:8:5: questions[0].options: 选项字母应从 A 起按顺序排列，实际是 A、C",
    ),
    "duplicate-question-id": (
        {
            "quizzes/basics.yml": BANK_HEAD
            + "  - id: q1\n    type: true_false\n    stem: 甲\n    answer: true\n"
            "  - id: q1\n    type: true_false\n    stem: 乙\n    answer: false\n"
        },
        "quizzes/basics.yml:9:5: questions[1].id: 编号 “q1” 重复，questions[0] 已经使用 — 每个题目的 id 必须唯一",
    ),
    "duplicate-stem": (
        {
            "quizzes/basics.yml": BANK_HEAD
            + "  - id: q1\n    type: true_false\n    stem: 甲\n    answer: true\n"
            "  - id: q2\n    type: true_false\n    stem: 甲\n    answer: false\n"
        },
        "quizzes/basics.yml:11:5: questions[1].stem: 题干与第 1 题重复",
    ),
    "duplicate-id-across-files": (
        {"content/notices/n02.yml": "id: n01\ntitle: 另一条\ndate: 2025-02-11\nissuer: 乡政府\nbody: 正文\n"},
        "content/notices/n02.yml:1:1: id: 编号 “n01” 重复，content/notices/n01.yml 已经使用 — 每个通知的 id 必须唯一",
    ),
    "module-unknown-quiz": (
        {
            "content/modules/m01.yml": 'id: m01\ntitle: 课\nmonth: "2025-01"\nkind: training\n'
            "category: 安全知识\nduration: 60\nquizzes:\n  - basics\n  - fire-safety\n"
        },
        "content/modules/m01.yml:9:5: quizzes[1]: 引用的题库 “fire-safety” 不存在 — 可用题库：basics",
    ),
    "source-unknown-section": (
        {
            "quizzes/basics.yml": BANK_HEAD
            + "  - id: q1\n    type: true_false\n    stem: 题\n    answer: true\n"
            "    source: policy:work-plan#5.1\n"
        },
        "quizzes/basics.yml:9:5: questions[0].source: 出处指向的章节 “work-plan#5.1” 不存在 — 可用：guiding-idea、mechanism、2.1",
    ),
    "source-bad-form": (
        {
            "quizzes/basics.yml": BANK_HEAD
            + "  - id: q1\n    type: true_false\n    stem: 题\n    answer: true\n"
            "    source: 工作方案第三条\n"
        },
        "quizzes/basics.yml:9:5: questions[0].source: 出处写法不对：“工作方案第三条” — 写作 policy:文件id#章节id",
    ),
    "phone-malformed": (
        {
            "content/roster.yml": ROSTER_HEAD
            + '  - id: M001\n    name: 甲某\n    team: patrol\n    phone: "1380000123"\n'
        },
        "content/roster.yml:8:5: members[0].phone: 手机号码格式不对 — 应为 11 位数字、以 1 开头",
    ),
    "phone-unquoted": (
        {
            "content/roster.yml": ROSTER_HEAD
            + "  - id: M001\n    name: 甲某\n    team: patrol\n    phone: 13800001234\n"
        },
        "content/roster.yml:8:5: members[0].phone: 应为文本，实际是 数字 — 如果是数字或日期，请加英文引号",
    ),
    "id-number-check-digit": (
        {
            "content/roster.yml": ROSTER_HEAD + "  - id: M001\n    name: 甲某\n    team: patrol\n"
            '    id_number: "110101199003070001"\n'
        },
        "content/roster.yml:8:5: members[0].id_number: 身份证号无效：校验码不对，按前 17 位应为 3 — 请核对 18 位居民身份证号",
    ),
    "unknown-team": (
        {"content/roster.yml": ROSTER_HEAD + "  - id: M001\n    name: 甲某\n    team: guards\n"},
        "content/roster.yml:7:5: members[0].team: 所属队伍 “guards” 不存在 — 在 roster.yml 的 teams 中添加该队伍，或改为已有队伍：patrol",
    ),
    "number-in-section-title": (
        {"content/policies/work-plan.yml": POLICY_HEAD + "sections:\n  - title: 一、指导思想\n"},
        "content/policies/work-plan.yml:6:5: sections[0].title: 标题里自带了序号“一、” — 序号（一、（一）1.（1））由系统自动生成",
    ),
    "section-too-deep": (
        {
            "content/policies/work-plan.yml": POLICY_HEAD + "sections:\n  - title: 甲\n    sections:\n"
            "      - title: 乙\n        sections:\n          - title: 丙\n            sections:\n"
            "              - title: 丁\n                sections:\n                  - title: 戊\n"
        },
        "content/policies/work-plan.yml:14:21: sections[0].sections[0].sections[0].sections[0].sections[0]: 章节层级超过 4 级",
    ),
    "empty-file": (
        {"content/notices/n01.yml": "# 只有注释\n"},
        "content/notices/n01.yml:1:1: 文件是空的 — 请填写内容，或删除这个文件",
    ),
    "top-level-list": (
        {"content/notices/n01.yml": "- id: n01\n"},
        "content/notices/n01.yml:1:1: 文件顶层必须是“字段: 值”的映射",
    ),
    "not-utf8": (
        {"content/notices/n01.yml": "id: n01\ntitle: 巡逻\n".encode("gbk")},
        "content/notices/n01.yml:1:1: 文件不是 UTF-8 编码（第 17 字节处无法解码） — 请用记事本或 WPS 另存为“UTF-8”编码后重试",
    ),
    "config-missing-site-name": (
        {"site_config.yml": "site:\n  language: zh\norganisation:\n  name: 某某乡人民政府\n"},
        "site_config.yml:1:1: site.name: 缺少必填字段 — 请补上这个字段",
    ),
    "public-notice-names-member": (
        {
            "content/notices/n01.yml": "id: n01\ntitle: 表彰\ndate: 2025-02-10\nissuer: 乡政府\npublic: true\n"
            "body: |\n  对示例队员同志予以表彰。\n"
        },
        "content/notices/n01.yml:7:4: body: 公开内容中出现了队员 M001 的姓名 — 公开站点不得出现花名册中的个人信息",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_with_file_line_and_fix(case, project, run):
    files, expected = CASES[case]
    root = project(files)
    code, _out, err = run("check", str(root))
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert any(line.startswith(expected) for line in lines), f"expected {expected!r} in:\n{err}"


def test_all_errors_in_all_files_come_back_in_one_run(project, run):
    root = project(
        {
            "content/notices/n01.yml": "id: n01\ntitle: 通知\ndate: 2025-02-30\nissuer: 乡政府\nbody: 正文\n",
            "content/modules/m01.yml": 'id: m01\ntitle: 课\nmonth: "2025-01"\nkind: seminar\n'
            "category: 安全知识\nduration: 0\n",
            "quizzes/basics.yml": BANK_HEAD + "  - id: q1\n    type: single\n    stem: 题\n"
            "    options: {A: 甲, B: 乙}\n    answer: E\n",
        }
    )
    code, _out, err = run("check", str(root))
    assert code == 2
    reported = [line.split(":")[0] + ":" + line.split(":")[1] for line in err.splitlines() if ".yml:" in line]
    assert reported == [
        "content/modules/m01.yml:4",  # kind
        "content/modules/m01.yml:6",  # duration below 1
        "content/notices/n01.yml:3",
        "quizzes/basics.yml:9",
    ]
    assert "发现 4 个错误" in err


MORE_CASES = {
    "output-over-content": (
        {
            "site_config.yml": "site:\n  name: 站\norganisation:\n  name: 乡政府\noutputs:\n  public_site: content\n"
        },
        "site_config.yml:6:3: outputs.public_site: 输出目录“content”会覆盖 content — 每次生成都会整体替换输出目录",
    ),
    "output-is-project-root": (
        {"site_config.yml": "site:\n  name: 站\norganisation:\n  name: 乡政府\noutputs:\n  team_site: .\n"},
        "site_config.yml:6:3: outputs.team_site: 输出目录“.”（即 ",
    ),
    "outputs-overlap": (
        {
            "site_config.yml": "site:\n  name: 站\norganisation:\n  name: 乡政府\noutputs:\n  team_site: site\n"
            "  public_site: site/public\n"
        },
        "site_config.yml:7:3: outputs.public_site: 输出目录“site/public”与 outputs.team_site 重叠",
    ),
    "numeric-section-id": (
        {"content/policies/work-plan.yml": POLICY_HEAD + "sections:\n  - id: '2'\n    title: 甲\n"},
        "content/policies/work-plan.yml:6:5: sections[0].id: 章节 id “2” 全是数字",
    ),
    "module-source-with-anchor": (
        {
            "quizzes/basics.yml": BANK_HEAD
            + "  - id: q1\n    type: true_false\n    stem: 题\n    answer: true\n"
            "    source: module:m01#part\n"
        },
        "quizzes/basics.yml:9:5: questions[0].source: 课程出处不能带 #“part” — 写作 module:课程id",
    ),
    "member-name-in-site-config": (
        {"site_config.yml": "site:\n  name: 站\n  copyright: 示例队员 制作\norganisation:\n  name: 乡政府\n"},
        "site_config.yml:3:14: site.copyright: 公开内容中出现了队员 M001 的姓名",
    ),
}


@pytest.mark.parametrize("case", sorted(MORE_CASES))
def test_more_bad_input(case, project, run):
    files, expected = MORE_CASES[case]
    code, _out, err = run("check", str(project(files)))
    assert code == 2, err
    assert any(line.startswith(expected) for line in err.splitlines()), f"expected {expected!r} in:\n{err}"


def test_cross_file_checks_still_run_when_another_file_is_invalid(project, run):
    root = project(
        {
            # invalid: the schema rejects it, so bank "basics" does not load...
            "quizzes/basics.yml": BANK_HEAD + "  - id: q1\n    type: essay\n    stem: 题\n",
            # ...so m01's reference to it must not be called unknown, while the public
            # notice naming a member (a link-phase check) is still reported in the same run.
            "content/notices/n01.yml": "id: n01\ntitle: 表彰\ndate: 2025-02-10\nissuer: 乡政府\npublic: true\n"
            "body: 表彰示例队员。\n",
        }
    )
    code, _, err = run("check", str(root))
    assert code == 2
    assert "quizzes/basics.yml:6:5: questions[0].type: 取值 “essay” 无效" in err
    assert "content/notices/n01.yml:6:9: body: 公开内容中出现了队员 M001 的姓名" in err
    assert "引用的题库" not in err


NOTICE_OLD_NUMBER = (
    "id: n01\nnumber: 某府通〔2025〕3号\ntitle: 通知\ndate: 2025-02-10\nissuer: 乡政府\nbody: 正文\n"
)


def test_a_renamed_field_still_reads_with_a_warning_that_says_what_to_write(project, run):
    root = project({"content/notices/n01.yml": NOTICE_OLD_NUMBER})
    code, _, err = run("check", str(root))
    assert code == 0, err
    assert (
        "content/notices/n01.yml:2:1: number: [警告] 字段 number 已改名为 doc_number（旧写法仍可读取）"
        " — 请把 number: 改写为 doc_number:，其余不变"
    ) in err
    code, _, err = run("check", "--strict", str(root))
    assert code == 2 and "已改名为 doc_number" in err


def test_a_renamed_field_written_both_ways_is_an_error(project, run):
    root = project({"content/notices/n01.yml": NOTICE_OLD_NUMBER + "doc_number: 某府通〔2025〕4号\n"})
    code, _, err = run("check", str(root))
    assert code == 2
    assert (
        "content/notices/n01.yml:2:1: number: 同时写了旧字段 number 和新字段 doc_number — 只保留 doc_number，删除 number"
        in err
    )


def test_an_old_field_name_keeps_its_line_for_later_checks(project, run):
    # the value is checked under its new name, but reported at the line the user wrote
    root = project({"content/notices/n01.yml": NOTICE_OLD_NUMBER.replace("〔2025〕", "[2025]")})
    code, _, err = run("check", str(root))
    assert code == 2
    assert "content/notices/n01.yml:2:1: doc_number: 文号格式不对" in err
