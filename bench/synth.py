"""Synthetic pingan content projects of any size, for the benchmark.

    python bench/synth.py OUT_DIR --pages 1000

writes site_config.yml, content/{policies,rules,modules,notices}, content/roster.yml
and quizzes/ into OUT_DIR, sized so the team site has about ``--pages`` pages.
The text is Chinese built from word lists below, varied by a seeded RNG, so the
same arguments always give byte-identical files. ``generate()`` does the same
from Python.

Roster names are built only from characters that occur nowhere in the generated
documents, so a public page can never contain a member's name by accident.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

# --- word lists -------------------------------------------------------------------------------

TOWN = "云岭镇"
ORG = "安和县云岭镇人民政府"
SHORT = "云岭府"
OFFICE = "云岭镇平安法治办公室"

ACTORS = [
    "巡防队员",
    "网格员",
    "带队人员",
    "综治专干",
    "调解员",
    "平安志愿者",
    "保安联防队员",
    "警务室民警",
    "村（社区）干部",
    "值班人员",
    "劝导员",
    "护学岗队员",
]
UNITS = ["各村（社区）", "镇级各有关单位", "各巡防片区", "各联防单位", "镇平安法治办公室", "各网格"]
VERBS = ["排查", "登记", "核实", "巡查", "走访", "整改", "督促", "疏导", "化解", "记录", "检查", "宣传"]
MANNERS = ["认真", "及时", "逐户", "定期", "全面", "主动", "按规定", "耐心细致地", "挨家挨户", "分片包干"]
OBJECTS = [
    "矛盾纠纷",
    "消防隐患",
    "出租房屋",
    "流动人口",
    "电动自行车充电点",
    "校门口交通秩序",
    "独居老人住所",
    "集贸市场秩序",
    "山坪塘等危险水域",
    "安全生产隐患",
    "可疑人员和车辆",
    "占道经营行为",
    "重点人群动态",
    "九小场所",
    "消火栓和灭火器",
    "农村道路交通安全",
    "征地拆迁遗留矛盾",
    "劳资纠纷苗头",
    "电信网络诈骗线索",
    "地质灾害隐患点",
]
PLACES = [
    "场镇主街",
    "中心校校门口",
    "村委会院坝",
    "集贸市场",
    "企业厂区",
    "高山村组",
    "老旧住宅小区",
    "客运招呼站",
    "河道沿线",
    "卫生院门口",
    "农家乐集中区",
    "在建工地周边",
]
TIMES = [
    "每逢赶集日",
    "节假日期间",
    "汛期",
    "暑假前后",
    "每天20:00以后",
    "春节前后",
    "每月月初",
    "重大活动期间",
    "开学第一周",
    "夜间",
    "农忙时节",
    "雨雪冰冻天气",
]
GOALS = [
    "确保隐患动态清零",
    "做到早发现、早报告、早处置",
    "让群众的安全感更加充实",
    "防止小事拖成大事",
    "形成人人参与平安的良好氛围",
    "压实首查负责制度",
    "做到巡防不留死角和空白",
    "切实维护社会面平稳有序",
    "把问题解决在萌芽状态",
    "提高群众的自我防范意识",
]
CONNECTORS = ["同时", "此外", "必要时", "一经发现", "对屡劝不改的", "如遇紧急情况", "与此同时", "对此"]
FREQUENCIES = ["周", "月", "季度"]

SENTENCES: list[str] = [
    "{time}，{actor}要{manner}{verb}{place}的{object}，{goal}。",
    "{actor}在{place}发现{object}问题的，应当当场{verb}并报告{actor2}。",
    "{connector}，{actor}要把{object}情况写入《巡查日志》，{goal}。",
    "对{object}，要坚持边巡边宣、边查边改，{goal}。",
    "{actor}每{freq}至少{verb}{object}{n}次，{goal}。",
    "{unit}要明确专人负责{object}工作，{goal}。",
    "{time}{place}人员往来频繁，{actor}要加密巡查频次，重点关注{object}。",
    "{unit}要会同{actor}对{object}建立台账，逐项明确责任人和整改时限。",
    "{actor}{verb}{object}时要亮明身份、文明执勤，不与群众发生争执。",
    "涉及{object}的，{actor}要{manner}做好解释说明，{goal}。",
]

SECTION_TITLES = [
    "总体要求",
    "工作目标",
    "主要任务",
    "组织保障",
    "职责分工",
    "工作措施",
    "督导考核",
    "经费保障",
    "时间安排",
    "宣传引导",
    "应急处置",
    "信息报送",
    "队伍建设",
    "勤务安排",
    "奖惩办法",
    "档案管理",
]
SECTION_SUFFIXES = ["工作", "专项整治", "排查化解", "日常管理", "宣传教育", "隐患整改"]
SECTION_SLUGS = ["plan", "duty", "patrol", "team", "check", "safety", "report", "review", "support", "drill"]

POLICY_TOPICS = [
    "平安建设",
    "群防群治队伍管理",
    "矛盾纠纷多元化解",
    "消防安全网格化管理",
    "防溺水专项工作",
    "电动自行车安全隐患整治",
    "出租房屋安全管理",
    "反电信网络诈骗宣传",
    "护学岗勤务",
    "汛期安全巡查",
    "地质灾害群测群防",
    "重点人群服务",
]
POLICY_KINDS = ["工作方案", "实施办法", "管理制度", "考核细则", "实施意见", "工作规则"]
ADDRESSEES = ["各村（社区）", "镇级各有关单位", "镇属各学校", "辖区各企业"]
CC = ["安和县委政法委", "安和县公安局云岭派出所", "安和县应急管理局", "安和县消防救援大队"]

NOTICE_VERBS = ["做好", "开展", "加强", "组织", "落实"]
NOTICE_TOPICS = [
    "巡逻防控",
    "防汛安全巡查",
    "冬春火灾防控",
    "校园周边安全整治",
    "节日期间安全防范",
    "矛盾纠纷集中排查",
    "反诈宣传进村入户",
    "群防群治队员培训",
    "道路交通安全劝导",
    "防溺水宣传",
]
SEASONS = ["春季", "夏季", "秋季", "冬季", "第一季度", "第二季度", "第三季度", "第四季度", "上半年", "下半年"]

MODULE_TOPICS: dict[str, list[str]] = {
    "矛盾化解": [
        "邻里纠纷的现场调解",
        "征地与劳资纠纷的先期稳控",
        "家庭矛盾的发现与报告",
        "调解协议的规范填写",
    ],
    "情报收集": ["巡查中的信息收集与上报", "可疑人员车辆的识别与登记", "网格信息的核实与更新"],
    "安全知识": ["灭火器和消火栓的使用", "电动自行车火灾防范", "“九小场所”消防检查", "防溺水安全知识"],
    "救护常识": ["心肺复苏与AED使用", "外伤止血与包扎", "骨折的临时固定", "中暑与烫伤的现场处置"],
    "法律常识": ["治安管理处罚法常用条款", "巡防执勤的权限与边界", "未成年人保护法要点"],
    "反诈宣传": ["常见电信网络诈骗手法", "反诈宣传进村入户的方法", "老年人防骗提醒要点"],
}
DRILL_TOPICS = [
    "校园护学岗应急处置演练",
    "集贸市场火灾疏散演练",
    "汛期转移避险演练",
    "群体性事件先期处置演练",
    "高山村组走失老人搜寻演练",
    "企业厂区消防联动演练",
]
TRAINERS = ["镇平安法治办", "云岭派出所", "云岭镇卫生院", "安和县消防救援大队", "镇司法所", "镇应急办"]
MODULE_PLACES = ["云岭镇政府三楼会议室", "云岭镇中心校", "镇文化活动中心", "云岭镇卫生院", "镇综治中心"]
MODULE_HEADINGS = ["事前：摸清情况", "事中：稳住现场", "事后：跟踪回访", "要点回顾", "常见错误", "现场练习"]

BANK_TOPICS = ["巡防勤务", "消防安全", "矛盾调解", "救护常识", "反诈宣传", "法律常识", "信息报送", "行为规范"]
GOOD_ACTIONS = [
    "立即{verb}并报告{actor}",
    "先稳住现场，再报告{actor}",
    "如实记录并报告{actor}",
    "按规定{verb}后写入《巡查日志》",
]
BAD_ACTIONS = [
    "视而不见，继续巡逻",
    "自行处理，不必报告",
    "等下次巡查再说",
    "交给群众自己解决",
    "拍照发到朋友圈提醒大家",
    "与当事人当场争辩",
]

TEAMS = [
    ("patrol", "专（兼）职巡防队", "镇警务室民警、辅警、值班人员和各村网格员组成的巡防力量。"),
    ("security", "保安联防队", "镇属学校和辖区银行网点的保安，负责护学岗和网点周边联防。"),
    ("volunteers", "平安志愿者队", "面向全镇招募，参与赶集日街面岗和边巡边宣。"),
    ("mediation", "矛盾调解队", "各村（社区）调解员和综治专干，负责纠纷排查和先期调处。"),
    ("rescue", "应急救护队", "镇卫生院医护人员和持证救护员，负责演练和突发事件救护。"),
]
ROLES = ["队员", "队员", "队员", "网格员", "调解员", "劝导员", "副队长", "保安", "辅警", "救护员"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
GIVEN_POOL = (
    "俊彬斌昊晗瑶婷琳娜莉萍倩雯霞燕勇鹏磊涛鑫宇轩哲睿峰岚菲蓉凯翔杰璐颖欣悦桐晨辉刚梅兰芳秀丽伟静敏超浩"
)

MIN_PAGES = 12
SHARES = {"policies": 0.10, "banks": 0.15, "modules": 0.45, "notices": 0.30}  # of team pages


# --- plan: how many of each kind -----------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    policies: int
    codes: int
    modules: int
    notices: int
    banks: int  # practice banks (one page each)
    exams: int  # exam banks (no page)
    questions: tuple[int, int]
    members: int

    @property
    def team_pages(self) -> int:
        """Pages of the team site, as ``generator.site.plan_site`` counts them."""
        indexes = 1 + sum(
            1 for n in (self.policies, self.modules, self.banks + self.exams, self.notices) if n
        )
        return indexes + self.policies + self.codes + self.modules + self.banks + self.notices


def make_plan(
    pages: int,
    *,
    policies: int | None = None,
    modules: int | None = None,
    notices: int | None = None,
    banks: int | None = None,
    questions: tuple[int, int] = (10, 50),
    members: int = 300,
) -> Plan:
    """Split ``pages`` team-site pages over the kinds; explicit counts win over the split."""
    if pages < MIN_PAGES:
        raise ValueError(f"--pages must be at least {MIN_PAGES}")
    codes = 1 if pages < 300 else 2
    rest = pages - 5 - codes  # home + four section indexes + rule codes
    given = {"policies": policies, "modules": modules, "notices": notices, "banks": banks}
    counts = {k: v for k, v in given.items() if v is not None}
    open_kinds = [k for k in SHARES if k not in counts]  # split what is left among these
    left = rest - sum(counts.values())
    weight = sum(SHARES[k] for k in open_kinds)
    for k in open_kinds[:-1]:
        counts[k] = max(1, round(left * SHARES[k] / weight))
    if open_kinds:
        counts[open_kinds[-1]] = max(1, left - sum(counts.get(k, 0) for k in open_kinds[:-1]))
    lo, hi = questions
    if not 1 <= lo <= hi:
        raise ValueError("questions range must be 1 <= LO <= HI")
    return Plan(
        policies=counts["policies"],
        codes=codes,
        modules=counts["modules"],
        notices=counts["notices"],
        banks=counts["banks"],
        exams=max(1, counts["banks"] // 8),
        questions=(lo, hi),
        members=members,
    )


# --- text ----------------------------------------------------------------------------------------


class Text:
    """Seeded sentence, paragraph and title maker."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, items: Sequence[str]) -> str:
        return self.rng.choice(items)

    def sentence(self) -> str:
        r = self.rng
        actor, actor2 = r.sample(ACTORS, 2)
        return r.choice(SENTENCES).format(
            time=r.choice(TIMES),
            actor=actor,
            actor2=actor2,
            manner=r.choice(MANNERS),
            verb=r.choice(VERBS),
            place=r.choice(PLACES),
            object=r.choice(OBJECTS),
            goal=r.choice(GOALS),
            connector=r.choice(CONNECTORS),
            unit=r.choice(UNITS),
            freq=r.choice(FREQUENCIES),
            n=r.randint(1, 3),
        )

    def paragraph(self, lo: int = 2, hi: int = 5) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def bullets(self, lo: int = 3, hi: int = 6) -> str:
        r = self.rng
        items = [
            f"- {r.choice(VERBS)}{r.choice(PLACES)}的{r.choice(OBJECTS)}，{r.choice(GOALS)}；"
            for _ in range(r.randint(lo, hi))
        ]
        items[-1] = items[-1][:-1] + "。"
        return "\n".join(items)

    def body(self, paragraphs: tuple[int, int] = (1, 3), bullets: float = 0.3) -> str:
        parts = [self.paragraph() for _ in range(self.rng.randint(*paragraphs))]
        if self.rng.random() < bullets:
            parts.insert(self.rng.randint(1, len(parts)), self.bullets())
        return "\n\n".join(parts) + "\n"

    def table(self) -> str:
        r = self.rng
        rows = ["| 岗位或区域 | 地点 | 时间 | 频次 | 主要任务 |", "| --- | --- | --- | --- | --- |"]
        for _ in range(r.randint(3, 7)):
            rows.append(
                f"| {r.choice(OBJECTS)} | {r.choice(PLACES)} | {r.choice(TIMES)} "
                f"| 每{r.choice(FREQUENCIES)}{r.randint(1, 3)}次 | {r.choice(VERBS)}{r.choice(OBJECTS)} |"
            )
        return "\n".join(rows) + "\n"

    def section_title(self) -> str:
        if self.rng.random() < 0.4:
            return self.pick(SECTION_TITLES)
        return self.pick(OBJECTS) + self.pick(SECTION_SUFFIXES)


# --- documents -----------------------------------------------------------------------------------


def _date_in(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def make_policy(text: Text, index: int, year: int) -> dict[str, Any]:
    r = text.rng
    used_ids: set[str] = set()

    def sections(depth: int, count: int) -> list[dict[str, Any]]:
        out = []
        for _ in range(count):
            section: dict[str, Any] = {}
            if r.random() < 0.5:
                slug = f"{r.choice(SECTION_SLUGS)}-{len(used_ids) + 1}"
                used_ids.add(slug)
                section["id"] = slug
            section["title"] = text.section_title()
            if r.random() < 0.85:
                section["body"] = text.body((1, 2), bullets=0.25)
            if depth < 4:
                chance = (0.9, 0.6, 0.4)[depth - 1]
                if r.random() < chance:
                    section["sections"] = sections(depth + 1, r.randint(1, (4, 3, 2)[depth - 1]))
            out.append(section)
        return out

    date = _date_in(r, year)
    public = r.random() < 0.5
    policy: dict[str, Any] = {
        "id": f"policy-{year}-{index:04d}",
        "doc_number": f"{SHORT}发〔{year}〕{index}号",
        "issuer": ORG,
        "date": date,
        "title": f"{TOWN}{r.choice(POLICY_TOPICS)}{r.choice(POLICY_KINDS)}",
        "addressees": r.sample(ADDRESSEES, r.randint(1, 3)),
        "public": public,
    }
    if public:
        policy["publication_note"] = "此件公开发布"
    policy["summary"] = text.sentence()
    policy["body"] = text.paragraph(2, 3) + "\n"
    top = sections(1, r.randint(4, 6))
    # Guarantee one branch four levels deep, whatever the dice said.
    branch = top[0]
    for depth in range(2, 5):
        branch.setdefault("sections", sections(depth, 1))
        branch = branch["sections"][0]
    policy["sections"] = top
    policy["attachments"] = [
        {"title": f"{r.choice(OBJECTS)}巡查安排表", "body": text.table()} for _ in range(r.randint(0, 2))
    ]
    policy["record"] = {
        "printed_by": "云岭镇党政办公室",
        "print_date": date,
        "cc": r.sample(CC, r.randint(1, 3)),
    }
    return policy


def policy_refs(policy: dict[str, Any]) -> list[str]:
    """Every valid ``#part`` of a policy: section ids and dotted paths."""
    refs: list[str] = []

    def walk(sections: list[dict[str, Any]], prefix: str) -> None:
        for n, section in enumerate(sections, start=1):
            path = f"{prefix}{n}"
            refs.append(section.get("id", path))
            walk(section.get("sections", []), f"{path}.")

    walk(policy["sections"], "")
    return refs


def make_code(text: Text, index: int) -> dict[str, Any]:
    r = text.rng
    items = []
    for kind, count, word in (("must", 5, "要"), ("prohibition", 10, "不准")):
        for n in range(1, count + 1):
            verb, obj = r.choice(VERBS), r.choice(OBJECTS)
            items.append(
                {
                    "id": f"{'yao' if kind == 'must' else 'buzhun'}-{n}",
                    "kind": kind,
                    "text": f"{word}{r.choice(MANNERS)}{verb}{obj}。",
                    "explanation": text.paragraph(1, 3) + "\n",
                    "examples": [text.sentence() for _ in range(r.randint(1, 3))],
                    "assessment": [f"违反一次扣{r.randint(1, 5)}分"],
                }
            )
    title = f"{TOWN}群防群治队员“五要十不准”" if index == 1 else f"{TOWN}巡防队员行为规范（第{index}版）"
    return {
        "id": f"code-{index}",
        "title": title,
        "public": True,
        "intro": text.paragraph(2, 3) + "\n",
        "items": items,
    }


def module_months(count: int, end_year: int) -> list[str]:
    """``count`` "YYYY-MM" months, about three modules a month, ending December ``end_year``."""
    months = max(24, math.ceil(count / 3))
    first = end_year * 12 + 11 - (months - 1)
    return [f"{(first + i) // 12}-{(first + i) % 12 + 1:02d}" for i in range(months)]


def make_modules(text: Text, count: int, end_year: int, bank_ids: list[str]) -> list[dict[str, Any]]:
    r = text.rng
    months = module_months(count, end_year)
    modules = []
    previous_month = ""
    for i in range(count):
        month = months[i * len(months) // count]
        first_in_month = month != previous_month
        previous_month = month
        drill = first_in_month and int(month[5:]) % 3 == 0
        if drill:
            category, title = "实战演练", r.choice(DRILL_TOPICS)
        else:
            category = r.choice(list(MODULE_TOPICS))
            title = r.choice(MODULE_TOPICS[category])
        body = "\n".join(
            f"## {heading}\n\n{text.body((1, 2), bullets=0.5)}" for heading in r.sample(MODULE_HEADINGS, 3)
        )
        modules.append(
            {
                "id": f"m{month}-{i:04d}",
                "title": title,
                "month": month,
                "kind": "drill" if drill else "training",
                "category": category,
                "duration": r.choice([45, 60, 90, 120, 150]),
                "objectives": [
                    f"掌握{r.choice(OBJECTS)}的{r.choice(VERBS)}要点" for _ in range(r.randint(2, 4))
                ],
                "place": r.choice(MODULE_PLACES),
                "trainer": r.choice(TRAINERS),
                "body": body,
                "quizzes": sorted(set(r.sample(bank_ids, min(len(bank_ids), r.randint(0, 2))))),
            }
        )
    return modules


def make_notice(text: Text, index: int, year: int) -> dict[str, Any]:
    r = text.rng
    public = r.random() < 0.6
    topic = r.choice(NOTICE_TOPICS)
    notice: dict[str, Any] = {
        "id": f"notice-{year}-{index:04d}",
        "doc_number": f"{SHORT}通〔{year}〕{index}号",
        "title": f"关于{r.choice(NOTICE_VERBS)}{year}年{r.choice(SEASONS)}{topic}工作的通知",
        "date": _date_in(r, year),
        "issuer": ORG,
        "public": public,
        "addressees": r.sample(ADDRESSEES, r.randint(1, 2)),
    }
    if public:
        notice["publication_note"] = "此件公开发布"
    parts = [text.paragraph(1, 2)]
    for n, heading in enumerate(r.sample(["工作安排", "重点区域", "工作要求", "时间安排", "联系方式"], 3)):
        parts.append(f"## {'一二三'[n]}、{heading}\n\n{text.body((1, 2), bullets=0.4).rstrip()}")
    notice["body"] = "\n\n".join(parts) + "\n"
    if r.random() < 0.3:
        notice["attachments"] = [{"title": f"{topic}安排表", "body": text.table()}]
    return notice


def make_question(text: Text, qid: str, sources: list[str]) -> dict[str, Any]:
    r = text.rng
    kind = r.choices(["single", "multiple", "true_false"], weights=[5, 3, 2])[0]
    actor, actor2 = r.sample(ACTORS, 2)
    obj, place, verb = r.choice(OBJECTS), r.choice(PLACES), r.choice(VERBS)
    question: dict[str, Any] = {"id": qid, "type": kind}
    if kind == "single":
        good = r.choice(GOOD_ACTIONS).format(verb=verb, actor=actor2)
        options = [good, *r.sample(BAD_ACTIONS, 3)]
        r.shuffle(options)
        question["stem"] = f"{actor}在{place}发现{obj}问题时，首先应当怎么做？"
        question["options"] = dict(zip("ABCD", options, strict=True))
        question["answer"] = "ABCD"[options.index(good)]
    elif kind == "multiple":
        right = [f"{v}{obj}" for v in r.sample(VERBS, 3)]
        correct = r.randint(2, 3)
        options = right[:correct] + r.sample(BAD_ACTIONS, r.randint(1, 2))
        r.shuffle(options)
        letters = "ABCDE"[: len(options)]
        question["stem"] = f"{r.choice(TIMES)}在{place}巡查时，{actor}对{obj}应当做到哪些？"
        question["options"] = dict(zip(letters, options, strict=True))
        question["answer"] = [letter for letter, o in zip(letters, options, strict=True) if o in right]
    else:
        truth = r.random() < 0.5
        question["stem"] = (
            f"{actor}{verb}{obj}后，应当如实写入《巡查日志》。"
            if truth
            else f"{actor}在{place}发现{obj}问题后，可以不报告{actor2}。"
        )
        question["answer"] = truth
    question["explanation"] = text.sentence()
    question["tags"] = [r.choice(BANK_TOPICS)]
    if sources and r.random() < 0.7:
        question["source"] = r.choice(sources)
    return question


def make_bank(
    text: Text, bank_id: str, title: str, mode: str, size: int, sources: list[str]
) -> dict[str, Any]:
    questions: list[dict[str, Any]] = []
    stems: set[str] = set()
    while len(questions) < size:
        question = make_question(text, f"q{len(questions) + 1:03d}", sources)
        if question["stem"] not in stems:  # a repeated stem is a content error
            stems.add(question["stem"])
            questions.append(question)
    return {
        "id": bank_id,
        "title": title,
        "mode": mode,
        "pass_mark": 60 if mode == "practice" else 80,
        "description": text.sentence(),
        "questions": questions,
    }


# --- roster --------------------------------------------------------------------------------------


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check digit."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def make_roster(rng: random.Random, members: int, end_year: int, used_chars: set[str]) -> dict[str, Any]:
    """``members`` people; given names avoid ``used_chars`` (every character of the documents)."""
    if members > 9999:
        raise ValueError("at most 9999 members (phones are 1380000xxxx)")
    given = [c for c in GIVEN_POOL if c not in used_chars]
    if len(given) < 10:
        raise ValueError("too few name characters left that the documents do not use")
    teams = [{"id": t, "name": n, "description": d} for t, n, d in TEAMS]
    people = []
    for n in range(1, members + 1):
        gender = rng.choice(["男", "女"])
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
        sequence = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)  # odd for men
        first17 = f"500998{birth:%Y%m%d}{sequence:03d}"
        people.append(
            {
                "id": f"YL{n:04d}",
                "name": rng.choice(SURNAMES) + "".join(rng.sample(given, rng.choice([1, 2, 2]))),
                "gender": gender,
                "team": rng.choice(TEAMS)[0],
                "role": rng.choice(ROLES),
                "phone": f"1380000{n:04d}",
                "id_number": first17 + id_check_digit(first17),
                "joined": _date_in(rng, rng.randint(end_year - 6, end_year)),
            }
        )
    return {"teams": teams, "members": people}


# --- writing -------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a date used twice stays a plain date, not an &anchor


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def _dump(data: dict[str, Any], header: str = "") -> str:
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def site_config() -> dict[str, Any]:
    return {
        "site": {
            "name": f"{TOWN}群防群治培训平台（基准测试）",
            "description": "由 bench/synth.py 生成的合成内容，用于性能基准测试。",
            "language": "zh",
            "copyright": f"© {ORG}",
        },
        "organisation": {"name": ORG, "short_name": SHORT, "office": OFFICE},
        "outputs": {"team_site": "site/team", "public_site": "site/public"},
        "thresholds": {"trainings_per_month": 1, "drills_per_quarter": 1, "pass_mark": 60},
        "public": {"sections": ["notices", "policies", "rules"]},
    }


OWNED = ("site_config.yml", "content", "quizzes")


@dataclass(frozen=True)
class Summary:
    policies: int
    codes: int
    modules: int
    notices: int
    banks: int
    exams: int
    questions: int
    members: int
    team_pages: int


def generate(
    out_dir: Path | str,
    pages: int,
    seed: int = 42,
    *,
    policies: int | None = None,
    modules: int | None = None,
    notices: int | None = None,
    banks: int | None = None,
    questions: tuple[int, int] = (10, 50),
    members: int = 300,
    overwrite: bool = False,
) -> Summary:
    """Write a valid content project into ``out_dir``; return what it holds.

    Refuses to touch an existing site_config.yml, content/ or quizzes/ unless
    ``overwrite`` is set, in which case exactly those are replaced.
    """
    out = Path(out_dir)
    plan = make_plan(
        pages,
        policies=policies,
        modules=modules,
        notices=notices,
        banks=banks,
        questions=questions,
        members=members,
    )
    existing = [out / name for name in OWNED if (out / name).exists()]
    if existing and not overwrite:
        raise FileExistsError(f"{existing[0]} exists (use --force / overwrite=True to replace it)")
    for path in existing:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

    rng = random.Random(seed)
    text = Text(rng)
    end_year = 2025
    years = max(2, math.ceil(plan.modules / 36))
    first_year = end_year - years + 1

    def spread(count: int, make: Callable[[Text, int, int], dict[str, Any]]) -> list[dict[str, Any]]:
        per_year: dict[int, int] = {}
        docs = []
        for i in range(count):
            year = first_year + i * years // count
            per_year[year] = per_year.get(year, 0) + 1
            docs.append(make(text, per_year[year], year))
        return docs

    policy_docs = spread(plan.policies, make_policy)
    code_docs = [make_code(text, n) for n in range(1, plan.codes + 1)]
    bank_ids = [f"bank-{n:03d}" for n in range(1, plan.banks + 1)]
    exam_ids = [f"exam-{n:03d}" for n in range(1, plan.exams + 1)]
    module_docs = make_modules(text, plan.modules, end_year, bank_ids + exam_ids)
    notice_docs = spread(plan.notices, make_notice)

    sources = [f"policy:{p['id']}#{ref}" for p in policy_docs for ref in rng.sample(policy_refs(p), 3)]
    sources += [f"policy:{p['id']}" for p in policy_docs[:5]]
    sources += [f"rule:{c['id']}#{item['id']}" for c in code_docs for item in c["items"]]
    sources += [f"module:{m['id']}" for m in rng.sample(module_docs, min(len(module_docs), 50))]
    bank_docs = []
    for n, bank_id in enumerate(bank_ids + exam_ids):
        exam = bank_id.startswith("exam")
        title = (
            f"{first_year + n % years}年度综合考试（第{n + 1}套）"
            if exam
            else f"{BANK_TOPICS[n % len(BANK_TOPICS)]}练习（第{n // len(BANK_TOPICS) + 1}组）"
        )
        size = rng.randint(*plan.questions)
        bank_docs.append(make_bank(text, bank_id, title, "exam" if exam else "practice", size, sources))
    files = {"site_config.yml": _dump(site_config(), "# 合成内容项目（bench/synth.py 生成）\n")}
    for folder, docs in (
        ("content/policies", policy_docs),
        ("content/rules", code_docs),
        ("content/modules", module_docs),
        ("content/notices", notice_docs),
        ("quizzes", bank_docs),
    ):
        files.update({f"{folder}/{doc['id']}.yml": _dump(doc) for doc in docs})
    used_chars = set("".join(files.values()))
    roster = make_roster(rng, plan.members, end_year, used_chars)
    files["content/roster.yml"] = _dump(roster, "# 合成花名册：姓名、电话、身份证号均为虚构\n")
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")

    return Summary(
        policies=plan.policies,
        codes=plan.codes,
        modules=plan.modules,
        notices=plan.notices,
        banks=plan.banks,
        exams=plan.exams,
        questions=sum(len(b["questions"]) for b in bank_docs),
        members=plan.members,
        team_pages=plan.team_pages,
    )


def _question_range(value: str) -> tuple[int, int]:
    lo, _, hi = value.partition("-")
    try:
        return int(lo), int(hi or lo)
    except ValueError:
        raise argparse.ArgumentTypeError("expected N or LO-HI, e.g. 10-50") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic pingan content project.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=100, help="about this many team-site pages")
    parser.add_argument("--policies", type=int, help="number of policies (default: 10%% of pages)")
    parser.add_argument("--modules", type=int, help="number of training modules (default: 45%%)")
    parser.add_argument("--notices", type=int, help="number of notices (default: 30%%)")
    parser.add_argument("--banks", type=int, help="number of practice banks (default: 15%%)")
    parser.add_argument(
        "--questions", type=_question_range, default=(10, 50), help="questions per bank, N or LO-HI"
    )
    parser.add_argument("--members", type=int, default=300, help="roster size")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--force", action="store_true", help="replace existing content in OUT_DIR")
    args = parser.parse_args(argv)
    try:
        summary = generate(
            args.out_dir,
            args.pages,
            args.seed,
            policies=args.policies,
            modules=args.modules,
            notices=args.notices,
            banks=args.banks,
            questions=args.questions,
            members=args.members,
            overwrite=args.force,
        )
    except (ValueError, FileExistsError) as exc:
        parser.error(str(exc))
    print(", ".join(f"{k}={v}" for k, v in asdict(summary).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
