"""Every way a clerk (or someone careless or hostile) might write a roster member's number or name.

One table drives the check, the public-site scan and the masking tests. Each entry is
written into a sentence, ``值班联系人：{text}。``, the way it would appear in a notice.
"""

from __future__ import annotations

from dataclasses import dataclass

PHONE, MASKED, ID, NAME = "手机号", "手机号（打码后前三位和后四位仍与该队员的相同）", "身份证号", "姓名"

ROSTER = """\
teams:
  - id: patrol
    name: 专（兼）职巡防队
members:
  - id: M001
    name: 张三
    team: patrol
    phone: "13800000002"
    id_number: "500999197203140136"
  - id: M002
    name: 欧阳娜娜
    team: patrol
    phone: "13912345678"
    id_number: "11010119850612008X"
  - id: M003
    name: 阿依古丽·买买提
    team: patrol
"""
LEAD = "值班联系人："


@dataclass(frozen=True)
class Spelling:
    key: str
    text: str
    member: str
    what: str  # as the check and the scan name it
    shown: str | None  # what a reader of a team output sees after masking (None: names stay)
    at: int = 0  # where in ``text`` the check's column points (where the number or name starts)

    def __str__(self) -> str:  # pytest ids
        return self.key


M1_SHOWN, M2_SHOWN, GONE = "138****0002", "139****5678", "［证件号已隐去］"

SPELLINGS = [
    # --- phones ------------------------------------------------------------------------------
    Spelling("P01-plain", "13800000002", "M001", PHONE, M1_SHOWN),
    Spelling("P02-spaces", "138 0000 0002", "M001", PHONE, M1_SHOWN),
    Spelling("P03-hyphens", "138-0000-0002", "M001", PHONE, M1_SHOWN),
    Spelling("P04-dots", "138.0000.0002", "M001", PHONE, M1_SHOWN),
    Spelling("P05-plus86", "+86 138 0000 0002", "M001", PHONE, "+86 " + M1_SHOWN, at=4),
    Spelling("P06-plus86-glued", "+8613800000002", "M001", PHONE, "+86" + M1_SHOWN, at=3),
    Spelling("P07-0086", "0086-138-0000-0002", "M001", PHONE, "0086-" + M1_SHOWN, at=5),
    Spelling("P08-86-dash", "86-13800000002", "M001", PHONE, "86-" + M1_SHOWN, at=3),
    Spelling("P09-bracketed-86", "(+86) 138 0000 0002", "M001", PHONE, "(+86) " + M1_SHOWN, at=6),
    Spelling("P10-fullwidth", "１３８０００００００２", "M001", PHONE, M1_SHOWN),
    Spelling("P11-fullwidth-dashes", "１３８－００００－０００２", "M001", PHONE, M1_SHOWN),
    Spelling("P12-ideographic-space", "138\u30000000\u30000002", "M001", PHONE, M1_SHOWN),
    Spelling("P13-nbsp", "138\u00a00000\u00a00002", "M001", PHONE, M1_SHOWN),
    Spelling("P14-hyphen-2010", "138\u20100000\u20100002", "M001", PHONE, M1_SHOWN),
    Spelling("P15-en-dash", "138\u20130000\u20130002", "M001", PHONE, M1_SHOWN),
    Spelling("P16-em-dash", "138\u20140000\u20140002", "M001", PHONE, M1_SHOWN),
    Spelling("P17-zero-width-space", "138\u200b0000\u200b0002", "M001", PHONE, M1_SHOWN),
    Spelling("P18-zero-width-mix", "1\u200c3\u200d8\u20600000\ufeff0002", "M001", PHONE, M1_SHOWN),
    Spelling("P19-bold-part", "**138**0000 0002", "M001", PHONE, M1_SHOWN, at=2),
    Spelling("P20-emphasis-inside", "1*38*00000002", "M001", PHONE, M1_SHOWN),
    Spelling("P21-char-reference", "&#49;3800000002", "M001", PHONE, M1_SHOWN),
    Spelling("P22-nbsp-references", "138&nbsp;0000&nbsp;0002", "M001", PHONE, M1_SHOWN),
    Spelling("P23-html-tags", "<b>138</b>0000<i>0002</i>", "M001", PHONE, M1_SHOWN, at=3),
    Spelling("P24-digit-by-digit", "1 3 8 0 0 0 0 0 0 0 2", "M001", PHONE, M1_SHOWN),
    Spelling("P25-other-member", "139-1234-5678", "M002", PHONE, M2_SHOWN),
    Spelling("P26-escaped-asterisk", "1\\*38 0000 0002", "M001", PHONE, M1_SHOWN),
    # --- already masked: still that member's number on the public site ---------------------------
    Spelling("K01-masked", "138****0002", "M001", MASKED, M1_SHOWN),
    Spelling("K02-masked-fullwidth", "138＊＊＊＊0002", "M001", MASKED, M1_SHOWN),
    Spelling("K03-masked-escaped", "138\\*\\*\\*\\*0002", "M001", MASKED, M1_SHOWN),
    Spelling("K04-masked-x", "138xxxx0002", "M001", MASKED, M1_SHOWN),
    Spelling("K05-masked-bold", "**138****0002**", "M001", MASKED, M1_SHOWN, at=2),
    # --- ID numbers --------------------------------------------------------------------------------
    Spelling("I01-plain", "500999197203140136", "M001", ID, GONE),
    Spelling("I02-hyphens", "500999-19720314-0136", "M001", ID, GONE),
    Spelling("I03-groups-of-four", "500999 1972 0314 0136", "M001", ID, GONE),
    Spelling("I04-fullwidth", "５００９９９１９７２０３１４０１３６", "M001", ID, GONE),
    Spelling("I05-old-15-digit", "500999720314013", "M001", ID, GONE),
    Spelling("I06-old-15-digit-hyphens", "500999-720314-013", "M001", ID, GONE),
    Spelling("I07-lowercase-x", "11010119850612008x", "M002", ID, GONE),
    Spelling("I08-spaced-X", "110101 19850612 008X", "M002", ID, GONE),
    Spelling("I09-zero-width", "500999\u200b19720314\u200b0136", "M001", ID, GONE),
    Spelling("I10-char-reference", "&#53;00999197203140136", "M001", ID, GONE),
    # --- names -----------------------------------------------------------------------------------
    Spelling("N01-plain", "张三", "M001", NAME, None),
    Spelling("N02-space", "张 三", "M001", NAME, None),
    Spelling("N03-ideographic-space", "张\u3000三", "M001", NAME, None),
    Spelling("N04-zero-width", "张\u200b三", "M001", NAME, None),
    Spelling("N05-html-tag", "张<b>三</b>", "M001", NAME, None),
    Spelling("N06-bold-part", "**张**三", "M001", NAME, None, at=2),
    Spelling("N07-traditional", "張三", "M001", NAME, None),
    Spelling("N08-char-reference", "&#24352;三", "M001", NAME, None),
    Spelling("N09-traditional-4", "歐陽娜娜", "M002", NAME, None),
    Spelling("N10-nbsp", "欧阳\u00a0娜娜", "M002", NAME, None),
    Spelling("N11-katakana-dot", "阿依古丽・买买提", "M003", NAME, None),
    Spelling("N12-bullet-spaced", "阿依古丽 • 买买提", "M003", NAME, None),
]
NUMBERS = [s for s in SPELLINGS if s.shown is not None]

# Must be neither flagged nor masked: dates, document numbers, hotlines, money, counts,
# other long numbers, and names that only look close.
SAFE = [
    "2024年5月17日",
    "20240517",
    "2024-05-17",
    "2023.10.1至2024.5.17",
    "〔2024〕21号",
    "110、119、120",
    "12345",
    "12110",
    "1,380,000.02元",
    "共138人",
    "订单号9913800001234",
    "15 16 17 18 19 20",
    "13 5 7 9 11 13 15",
    "6222 0200 0000 1234",
    "0755-12345678",
    "400-810-8888",
    "192.168.100.200",
    "978-7-111-12345-6",
    "张某",
    "三张",
    "欧阳",
]
# Phones and IDs of people not on the roster: masked in every output, but no reason to block.
STRANGERS = [
    ("13800000003", "138****0003"),
    ("139 0000 0002", "139****0002"),
    ("138****0003", "138****0003"),
    ("110101199003070035", GONE),
]
