"""Hostile Moodle XML: entity bombs, an external entity, 20,000 levels of nesting.

Each is refused with the file, the line and a hint by a real ``pingan quiz import`` process under
200 MB and a few CPU seconds (tests/hostile.py); before, a billion-laughs file took 291 s and an
external entity was silently dropped. Nothing is written.
"""

from __future__ import annotations

import pytest

from generator.content.schema import QuizBank
from generator.quizformats.convert import read_quiz_file
from tests.hostile import (
    dtd_billion_laughs,
    dtd_external,
    dtd_quadratic,
    moodle_xml,
    moodle_xml_deep,
    run_limited,
)

DTD_REFUSED = (
    "XML 含有文档类型声明（<!DOCTYPE …>），出于安全考虑不读取 — 文档类型声明可以定义实体，"
    "用来把几行文字展开成几十亿字或读取本机文件；正常导出的文件没有这一部分，请从原软件重新导出"
)
SECRET = "SECRET-7d1f"


@pytest.mark.parametrize("bomb", ["laughs", "external", "quadratic"])
def test_an_entity_in_moodle_xml_is_refused_at_its_doctype(bomb, project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    dtd, reference = {
        "laughs": dtd_billion_laughs("quiz"),
        "external": dtd_external("quiz", secret),
        "quadratic": dtd_quadratic("quiz"),
    }[bomb]
    root = project()
    path = tmp_path / "bank.xml"
    path.write_text(moodle_xml(dtd, stem=reference), encoding="utf-8")
    target = root / "quizzes" / "bank.yml"
    code, out, err = run_limited("-C", str(root), "quiz", "import", str(path))
    assert code == 2, err
    # expat reports the declaration where its internal subset opens: the "[" of "<!DOCTYPE quiz [" on line 2
    assert f"{path.as_posix()}:2:16: {DTD_REFUSED}" in err.splitlines(), err
    assert "没有导入：1 个问题，未写入任何文件" in err
    assert not target.exists()
    assert SECRET not in out + err


def test_moodle_xml_nested_20000_deep_is_refused(project, tmp_path):
    root = project()
    path = tmp_path / "deep.xml"
    path.write_text(moodle_xml_deep(), encoding="utf-8")
    code, _out, err = run_limited("-C", str(root), "quiz", "import", str(path))
    assert code == 2, err
    # <quiz> is the 1st level; the 200th <a> (the 201st level) starts at column 6 + 199 × 3 + 1
    expected = (
        f"{path.as_posix()}:2:604: XML 元素嵌套超过 200 层 — 正常导出的文件只有十几层嵌套；请从原软件重新导出"
    )
    assert expected in err.splitlines(), err


def test_long_texts_and_entities_of_xml_itself_still_read(tmp_path):
    """No DTD: the five predefined entities and character references are plain XML and still work;
    a long text read in many pieces is joined once (it was joined piece by piece: quadratic)."""
    long_text = "灭火器&amp;消防栓&#x3002;" * 20_000
    path = tmp_path / "bank.xml"
    path.write_text(moodle_xml(stem=long_text), encoding="utf-8")
    bank = QuizBank.model_validate(read_quiz_file(path, "bank.xml", bank_id="bank-x").bank)
    assert bank.questions[0].stem == "灭火器&消防栓。" * 20_000
