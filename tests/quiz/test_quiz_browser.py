"""The practice quiz in real Chromium: file://, no network, a 768×1024 tablet.

A member takes a whole practice bank of the example site, gets feedback on
every answer, reloads half-way and keeps their progress, finishes and saves
the result file, whose JSON must match the pingan-quiz-result/1 contract.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.content import load_project
from generator.content.schema import Question, QuizBank
from generator.quizformats import bank_digest
from tests.conftest import TABLET, copy_example

pytestmark = pytest.mark.browser

BANK = "bank-safety"
MEMBER = "QS001"


@pytest.fixture
def page(tablet_page):
    return tablet_page


def planned_answer(question: Question, index: int) -> tuple[Any, bool]:
    """What the member picks: right on even positions, wrong on odd ones."""
    right = index % 2 == 0
    if question.type == "true_false":
        return (question.answer if right else not question.answer), right
    letters = list(question.options or {})
    key = sorted(question.correct_letters)
    if right:
        return (key if question.type == "multiple" else key[0]), right
    wrong = [letter for letter in letters if letter not in key]
    return ([wrong[0]] if question.type == "multiple" else wrong[0]), right


def pick(page, answer: Any) -> None:
    for value in answer if isinstance(answer, list) else [answer]:
        page.locator(
            f".pingan-quiz__option input[value='{str(value).lower() if isinstance(value, bool) else value}']"
        ).check()


def fits_tablet(page) -> bool:
    width, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width <= client


def option_order(page) -> list[str]:
    return page.locator(".pingan-quiz__option input").evaluate_all("els => els.map(e => e.value)")


def test_take_a_practice_quiz_reload_keep_progress_and_save_the_result(
    page, example_site, tmp_path, run, monkeypatch
):
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    site = example_site / "site/team"
    bank: QuizBank = next(b for b in load_project(example_site).banks if b.id == BANK)
    url = (site / f"banks/{BANK}.html").as_uri()
    page.goto(url)
    assert page.locator(".pingan-quiz-static").is_hidden()  # the answer list is the no-JS fallback
    page.fill(".pingan-quiz__member", MEMBER)
    page.click(".pingan-quiz__start")

    given: dict[str, Any] = {}
    right = 0
    shuffled_any = False
    reload_at = len(bank.questions) // 2
    for index, question in enumerate(bank.questions):
        if index == reload_at:
            order_before = option_order(page)
            page.reload()
            counter = page.locator(".pingan-quiz__counter").inner_text()
            assert counter == f"第 {index + 1} / {len(bank.questions)} 题"
            assert page.locator(".pingan-quiz progress").get_attribute("value") == str(index)
            assert option_order(page) == order_before  # shuffle is stable within an attempt
        assert page.locator(".pingan-quiz__question").get_attribute("data-question") == question.id
        assert page.locator(".pingan-quiz__stem").inner_text() == question.stem
        order = option_order(page)
        if question.options:
            assert sorted(order) == sorted(question.options)
            shuffled_any = shuffled_any or order != list(question.options)
        answer, is_right = planned_answer(question, index)
        pick(page, answer)
        page.click(".pingan-quiz__submit")
        feedback = page.locator(".pingan-quiz__feedback")
        assert feedback.locator(".pingan-quiz__verdict").inner_text() == (
            "✔ 回答正确" if is_right else "✘ 回答错误"
        )
        if question.explanation:  # Markdown: its line breaks read as spaces, as on the bank page
            assert " ".join(question.explanation.split()) in " ".join(feedback.inner_text().split())
        link = feedback.locator(".pingan-quiz__source a")
        href = link.get_attribute("href") or ""
        target = Path(href.split("#")[0].removeprefix("file://"))
        assert target.is_file() and target.is_relative_to(site), href
        assert fits_tablet(page), question.id
        given[question.id] = answer
        right += is_right
        if index < len(bank.questions) - 1:
            page.click(".pingan-quiz__next")
    assert shuffled_any  # options are shown in a random order
    page.click(".pingan-quiz__finish")

    score = round(right * 100 / len(bank.questions))
    assert (
        page.locator(".pingan-quiz__score").inner_text()
        == f"得分 {score} 分（答对 {right} / {len(bank.questions)} 题）"
    )
    verdict = "及格" if score >= (bank.pass_mark or 60) else "未及格"
    assert page.locator(".pingan-quiz__result .pingan-quiz__verdict").inner_text().startswith(verdict)

    page.reload()  # a finished attempt stays finished
    assert page.locator(".pingan-quiz__score").is_visible()
    assert page.locator(".pingan-quiz__member").input_value() == MEMBER
    with page.expect_download() as info:
        page.click(".pingan-quiz__save")
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    result = json.loads(saved.read_text(encoding="utf-8"))

    assert set(result) == {
        "format",
        "member",
        "bank",
        "bank_digest",
        "started",
        "finished",
        "answers",
        "score",
    }
    assert result["format"] == "pingan-quiz-result/1"
    assert (result["member"], result["bank"]) == (MEMBER, BANK)
    assert result["bank_digest"] == bank_digest(bank)
    assert re.fullmatch(r"[0-9a-f]{64}", result["bank_digest"])
    started, finished = (dt.datetime.fromisoformat(result[k]) for k in ("started", "finished"))
    assert started.utcoffset() == finished.utcoffset() == dt.timedelta(hours=8)
    assert started <= finished <= dt.datetime.now(dt.UTC)
    assert result["answers"] == given
    assert result["score"] == score
    assert download.suggested_filename == f"pingan-{BANK}-{MEMBER}-{finished:%Y%m%d%H%M}.json"
    assert "已保存" in page.locator(".pingan-quiz__saved").inner_text()
    assert page.locator(".pingan-quiz__qr-code svg").count() == 1  # the same JSON as a QR code
    assert fits_tablet(page)
    assert page.outside_requests == []
    assert page.errors == []

    # The trainer imports the file into the records database and sees the score in the report.
    trainer_copy = copy_example(tmp_path / "trainer")
    code, out, err = run("-C", str(trainer_copy), "answers", "import", str(saved))
    assert code == 0, err
    assert "新增 1 份" in out
    code, out, err = run(
        "-C", str(trainer_copy), "report", "--month", f"{finished:%Y-%m}", "--format", "json"
    )
    assert code == 0, err
    member = next(m for m in json.loads(out)["members"] if m["id"] == MEMBER)
    assert member["quizzes"] == [
        {"bank": BANK, "attempts": 1, "best": score, "latest": score, "passed": verdict == "及格"}
    ]


def test_restart_clears_progress_and_saving_needs_a_member_id(page, example_site):
    site = example_site / "site/team"
    bank = next(b for b in load_project(example_site).banks if b.id == "bank-conduct")
    page.goto((site / f"banks/{bank.id}.html").as_uri())
    page.click(".pingan-quiz__start")  # no member id yet: allowed for practice
    for index, question in enumerate(bank.questions):
        pick(page, planned_answer(question, 0)[0])
        page.click(".pingan-quiz__submit")
        page.click(".pingan-quiz__next" if index < len(bank.questions) - 1 else ".pingan-quiz__finish")
    assert page.locator(".pingan-quiz__score").inner_text().startswith("得分 100 分")
    page.click(".pingan-quiz__save")
    assert page.locator(".pingan-quiz__saved").inner_text() == "请先填写队员编号，再保存结果文件。"
    page.fill(".pingan-quiz__member", "张三")
    page.click(".pingan-quiz__save")
    assert "只能包含英文字母" in page.locator(".pingan-quiz__saved").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".pingan-quiz__restart")
    assert page.locator(".pingan-quiz__counter").inner_text() == f"第 1 / {len(bank.questions)} 题"
    assert page.locator(".pingan-quiz progress").get_attribute("value") == "0"
    assert page.errors == [] and page.outside_requests == []


def test_without_javascript_the_static_list_with_answers_remains(browser, example_site):
    context = browser.new_context(viewport=TABLET, java_script_enabled=False)
    page = context.new_page()
    page.goto((example_site / f"site/team/banks/{BANK}.html").as_uri())
    assert page.locator(".pingan-quiz-static").is_visible()
    assert page.locator(".pingan-quiz-static details").count() == 12
    assert "需要浏览器启用 JavaScript" in page.locator(".pingan-quiz").inner_text()
    context.close()


def test_a_search_link_to_a_question_shows_the_list(page, example_site):
    page.goto((example_site / f"site/team/banks/{BANK}.html").as_uri() + "#safe-04")
    assert page.locator(".pingan-quiz-static").is_visible()
    assert page.locator(".pingan-quiz__start").is_visible()


def test_a_result_too_long_for_one_qr_code_is_offered_as_a_file_only(page, project, run):
    count = 300  # ~12 bytes an answer: well past the 2,953 bytes one QR code (version 40-L) holds
    questions = "".join(
        f"  - id: q-{n:03d}\n    type: single\n    stem: 第 {n} 题\n"
        f"    options: {{A: 甲, B: 乙}}\n    answer: A\n"
        for n in range(1, count + 1)
    )
    root = project({"quizzes/big.yml": f"id: big\ntitle: 大题库\nmode: practice\nquestions:\n{questions}"})
    assert run("build", "-q", str(root))[0] == 0
    bank = next(b for b in load_project(root).banks if b.id == "big")
    state = {
        "v": 1,
        "member": MEMBER,
        "started": "2024-06-05T09:00:00+08:00",
        "finished": "2024-06-05T10:00:00+08:00",
        "order": {q.id: ["B", "A"] for q in bank.questions},
        "answers": {q.id: "A" for q in bank.questions},
        "current": count - 1,
    }
    page.goto((root / "site/team/banks/big.html").as_uri())
    page.evaluate(
        "([key, state]) => localStorage.setItem(key, JSON.stringify(state))",
        [f"pingan-quiz:big:{bank_digest(bank)}", state],
    )
    page.reload()
    assert page.locator(".pingan-quiz__score").inner_text() == f"得分 100 分（答对 {count} / {count} 题）"
    with page.expect_download() as info:
        page.click(".pingan-quiz__save")
    assert info.value.suggested_filename == f"pingan-big-{MEMBER}-202406051000.json"
    assert page.locator(".pingan-quiz__qr-code").count() == 0
    assert "放不进一个二维码" in page.locator(".pingan-quiz__qr-note").inner_text()
    assert page.errors == [] and page.outside_requests == []


# The QR code holds the text that qrcode-generator is handed; a Proxy around the library records it.
RECORD_QR_TEXT = """() => {
  window.__qrTexts = [];
  const library = window.qrcode;
  window.qrcode = new Proxy(library, {
    apply(target, self, args) {
      const code = Reflect.apply(target, self, args);
      const addData = code.addData;
      code.addData = function (data, mode) {
        window.__qrTexts.push([data, mode]);
        return addData.call(this, data, mode);
      };
      return code;
    },
  });
}"""


def test_the_qr_code_holds_what_answers_scan_reads(page, project, run, tmp_path, monkeypatch):
    """“培训人员可以扫描这个二维码录入成绩”: the QR text is the result file on one line, and
    `pingan answers scan` imports it as a USB scanner types it (the text, then Enter)."""
    import subprocess
    import sys

    root = project()
    monkeypatch.setenv("PINGAN_DATABASE_URL", f"sqlite:///{tmp_path / 'records.db'}")
    assert run("build", "-q", "--no-print", str(root))[0] == 0
    bank = next(b for b in load_project(root).banks if b.id == "basics")
    state = {
        "v": 1,
        "member": "M001",
        "started": "2024-06-05T09:00:00+08:00",
        "finished": "2024-06-05T09:10:00+08:00",
        "order": {q.id: sorted(q.options or {}) for q in bank.questions},
        "answers": {"q1": "B", "q2": False},
        "current": len(bank.questions) - 1,
    }
    page.goto((root / "site/team/banks/basics.html").as_uri())
    page.evaluate(
        "([key, state]) => localStorage.setItem(key, JSON.stringify(state))",
        [f"pingan-quiz:basics:{bank_digest(bank)}", state],
    )
    page.reload()
    assert page.locator(".pingan-quiz__score").inner_text() == "得分 50 分（答对 1 / 2 题）"
    page.evaluate(RECORD_QR_TEXT)
    with page.expect_download() as info:
        page.click(".pingan-quiz__save")  # saves the file and draws the QR code again
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert page.locator(".pingan-quiz__qr-code svg").count() == 1
    assert "培训人员可以扫描这个二维码录入成绩" in page.locator(".pingan-quiz__qr-note").inner_text()
    ((qr_text, mode),) = page.evaluate("window.__qrTexts")
    assert mode == "Byte" and page.evaluate(
        "window.qrcode.stringToBytes === window.qrcode.stringToBytesFuncs['UTF-8']"
    )
    assert "\n" not in qr_text and "\r" not in qr_text  # one line: the scanner's Enter ends it
    assert qr_text + "\n" == saved.read_text(encoding="utf-8")  # the same as the result file
    assert len(qr_text.encode("utf-8")) <= 2953  # fits one QR code (version 40, level L)

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from generator.cli import main; sys.exit(main())",
            "-C",
            str(root),
            "answers",
            "scan",
        ],
        input=(qr_text + "\r\n" + qr_text + "\r\n").encode("utf-8"),  # scanned twice
        capture_output=True,
        check=False,
    )
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert out.splitlines() == [
        "第 1 行：示例队员（M001） basics 50 分 未及格 — 已导入",
        "第 2 行：示例队员（M001） basics 50 分 未及格 — 已经导入过，未重复记录",
        "扫码结束：共 2 行，新增 1 份，已导入过 1 份，未导入 0 行",
    ]
    assert page.errors == [] and page.outside_requests == []
