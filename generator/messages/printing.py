"""User-facing strings of printing (PDF, Word) and document import (zh-CN).

Print templates reach this module as ``text`` (e.g. ``{{ text.ATTACHMENT }}``),
so the wording of every printed sheet can be reviewed here in one place.
"""

# --- download links on site pages and kind names ---------------------------------------------
DOWNLOADS = "打印与下载"
LINK_OFFICIAL_PDF = "PDF（公文格式，A4）"
LINK_WORD = "Word 文档（可编辑）"
LINK_POSTER = "挂墙海报（A4 PDF）"
LINK_CARD = "口袋卡（A6 PDF）"
LINK_HANDOUT = "培训讲义（A4 PDF）"
LINK_PATROL_LOG = "巡查日志（空白表，A4 PDF）"
KIND_EXAM_PAPER = "试卷"
KIND_ANSWER_KEY = "答案与解析"
KIND_SIGN_IN = "签到表"
KIND_LEDGER = "考核台账"

# --- official documents (GB/T 9704-2012) ------------------------------------------------------
MARK_SUFFIX = "文件"  # 发文机关标志: issuer + 文件
ATTACHMENT = "附件"
COLON = "："
CC = "抄送"
PRINTED_SUFFIX = "印发"
PRINTED_SUFFIX_HANT = "印發"  # in a Traditional document (the other words are written alike)

# --- 五要十不准: poster and pocket card --------------------------------------------------------
RULES_MUSTS = "要"
RULES_PROHIBITIONS = "不准"
RULES_CARD_KEEP = "请随身携带，对照执行"

# --- training handout -----------------------------------------------------------------------------
HANDOUT = "培训讲义"
DRILL_HANDOUT = "实战演练讲义"
FIELD_MONTH = "月份"
FIELD_KIND = "类型"
FIELD_CATEGORY = "类别"
FIELD_DURATION = "时长"
FIELD_PLACE = "地点"
FIELD_TRAINER = "培训人"
MINUTES = "{minutes} 分钟"
OBJECTIVES = "学习目标"
CONTENT = "课程内容"
PRACTICE = "课后练习"
PRACTICE_ITEM = "{title}（{count} 题，可在团队站点“题库”栏目练习）"
EXAM_ITEM = "{title}（考试，由培训人员组织）"
NOTES = "学习笔记"

# --- exam paper and answer key ---------------------------------------------------------------------
EXAM_HEAD_NAME = "姓名"
EXAM_HEAD_TEAM = "队伍"
EXAM_HEAD_DATE = "日期"
EXAM_HEAD_SCORE = "得分"
EXAM_INSTRUCTIONS = "本卷共 {count} 题，满分 100 分，{pass_mark} 分及格。请在括号内填写答案。"
EXAM_SECTION = "{numeral}、{type}（共 {count} 题）"
EXAM_TRUE = "对"
EXAM_FALSE = "错"
EXAM_TRUE_FALSE_HINT = "（对的打“√”，错的打“×”）"
KEY_TITLE = "{title}答案与解析"
KEY_TRAINER_ONLY = "培训人员专用，请勿发给队员"
KEY_NUMBER = "题号"
KEY_ANSWER = "答案"
KEY_EXPLANATION = "解析"

# --- sign-in sheet -----------------------------------------------------------------------------------
SIGNIN_TRAINING_TITLE = "技能培训签到表"
SIGNIN_DRILL_TITLE = "实战演练签到表"
SIGNIN_MODULE = "课程"
SIGNIN_TEAM = "队伍"
SIGNIN_DATE = "日期"
SIGNIN_DATE_BLANK = "{month}＿＿日"
SIGNIN_PLACE = "地点"
SIGNIN_TRAINER = "培训人"
SIGNIN_NUMBER = "序号"
SIGNIN_NAME = "姓名"
SIGNIN_ROLE = "职务"
SIGNIN_TIME = "签到时间"
SIGNIN_SIGNATURE = "本人签名"
SIGNIN_NOTE = "备注"
SIGNIN_FOOTER = "应到 {count} 人，实到＿＿人。培训人签字：＿＿＿＿＿＿"

# --- patrol log (巡查日志) -----------------------------------------------------------------------------
PATROL_LOG_TITLE = "巡查日志"
PATROL_LOG_NUMBER = "编号：＿＿＿＿＿＿"
PATROL_LOG_DATE = "巡查日期"
PATROL_LOG_DATE_BLANK = "＿＿＿＿年＿＿月＿＿日　星期＿＿"
PATROL_LOG_TIME = "巡查时间"
PATROL_LOG_TIME_BLANK = "＿＿时＿＿分 至 ＿＿时＿＿分"
PATROL_LOG_AREA = "巡查区域"
PATROL_LOG_OTHER = "其他："
PATROL_LOG_POST = "岗位"
PATROL_LOG_FIELDS = [  # (field, printed hint, lines to write in); areas and posts come from the project
    ("巡查路线", "", 1),
    ("带队人员", "", 1),
    ("到岗人员", "", 1),
    ("发现情况", "隐患、可疑人员和车辆、群众反映的问题", 3),
    ("处置情况", "怎样处置，责任人、整改期限", 3),
    ("报告事项", "需要向上级或派出所报告的事项", 1),
]
PATROL_LOG_CHECK_NUMBER = "序号"
PATROL_LOG_CHECK_ITEM = "巡查要点"
PATROL_LOG_CHECK_OK = "正常"
PATROL_LOG_CHECK_BAD = "异常"
PATROL_LOG_CHECK_REMARK = "情况说明"
PATROL_LOG_SIGN = (
    "带队人签字：＿＿＿＿＿＿　　队员签字：＿＿＿＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日"
)
PATROL_LOG_NOTE = "每次巡查结束后当场填写，每日签字确认，按月装订成册，留存备查。"

# --- fonts (printing/fonts.py): which face each role is set in ------------------------------------
FONT_ROLE = "  字体 {role}：{face}（{kind}）"
FONT_ROLE_MISSING = "  字体 {role}：未找到，用 {fallback} 代替"
FONT_LICENSED = "本机或项目 fonts/ 中的授权字体"
FONT_FREE = "免费字体"
FONT_ADD_LICENSED = (
    "  要用单位已授权的字体（仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312 等），把字体文件放进项目的 fonts/ 文件夹，"
    "或在 site_config.yml 的 print.fonts 中写明字体名称（见 docs/printing.md）"
)

# --- printing: progress, results, errors -------------------------------------------------------------
PROGRESS_PRINT = "打印 PDF 与 Word"
PRINT_OK = "打印文件：新打印 {printed} 份，沿用未改动的 {reused} 份（{seconds:.1f} 秒）\n  {print_dir}\n  {trainer_dir}（培训人员专用：试卷、答案、签到表、考核台账）"
PRINT_FAILED = "打印“{name}”失败：{detail}"
NO_CHROMIUM = "无法启动 Chromium 浏览器，PDF 无法打印"
NO_CHROMIUM_HINT = "请运行 bash scripts/setup.sh 安装 Chromium（Debian 软件包 chromium）"
PANDOC_FAILED = "pandoc 转换失败：{detail}"
TEMPLATE_FAILED = "打印模板出错：{detail}"
WORD_FAILED = "生成 Word 文档“{name}”失败：{detail}"
PDF_HELP = (
    "只生成打印文件（PDF 与 Word），不生成站点。没有改动的文件直接沿用，不会重新打印。\n\n"
    "示例：pingan pdf ./青石乡"
)
FORCE_HELP = "忽略缓存，全部重新打印"
JOBS_HELP = "同时打印的页数（默认 2）"

# --- import-doc -------------------------------------------------------------------------------------------
# Notes about what the importer did or could not do; {line} is the line in the source text.
NO_PDFTOTEXT = "无法检查 {path} 中是否含有个人信息：找不到 pdftotext"
NO_PDFTOTEXT_HINT = "请运行 bash scripts/setup.sh（会安装 poppler-utils）"
UNREADABLE_PDF = "无法读取打印文件 {path} 的文字，不能确认其中没有个人信息"
