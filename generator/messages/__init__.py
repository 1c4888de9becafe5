"""Every user-facing string, in one place (zh-CN).

Code and identifiers stay English; what a trainer or publisher reads is here,
so wording can be reviewed (and one day translated) without touching logic.
This module holds the strings of the content pipeline and the sites; each
further area keeps its own module beside it (``messages/printing.py``,
``messages/scorer.py``) so areas can grow without editing one shared file.
"""

# --- loader -------------------------------------------------------------------
NOT_UTF8 = "文件不是 UTF-8 编码（第 {pos} 字节处无法解码）"
NOT_UTF8_HINT = "请用记事本或 WPS 另存为“UTF-8”编码后重试"
CANNOT_READ = "无法读取文件：{err}"
YAML_SYNTAX = "YAML 语法错误：{explained}（{problem}）"
YAML_CONTEXT = "，相关位置在第 {line} 行第 {col} 列"
# PyYAML's problem texts → what they usually mean, for people who do not read YAML internals.
YAML_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”，通常是缩进不对，或值里有未加引号的冒号",
    "cannot start any token": "含有不能出现的字符（常见是 Tab 缩进）",
    "expected ',' or ']'": "方括号 [ ] 没有闭合",
    "expected ',' or '}'": "花括号 { } 没有闭合",
    "could not find expected ':'": "缺少冒号，或引号没有闭合",
    "did not find expected key": "缩进不一致，或列表项与字段混在同一层",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found unexpected end of stream": "引号没有闭合",
    "found undefined alias": "使用了未定义的别名（*名称）",
    "expected <block end>": "缩进不一致",
}
YAML_PROBLEM_FALLBACK = "文件格式不符合 YAML 规则"
YAML_SYNTAX_HINT = "检查缩进是否对齐（只用空格，不用 Tab）、冒号后是否有空格、引号和括号是否成对"
EMPTY_FILE = "文件是空的"
EMPTY_FILE_HINT = "请填写内容，或删除这个文件"
COMPLEX_KEY = "键名必须是简单文本"
DUPLICATE_KEY = "字段重复出现（第 {first} 行已经写过）"
DUPLICATE_KEY_HINT = "同一层级每个字段只能写一次，请删除或合并重复的那一行"
BAD_SCALAR = "无法识别的值：{problem}"
BAD_DATE = "看起来是日期，但不是有效日期"
BAD_DATE_HINT = "请检查年月日，例如 2024-05-17"

# --- project layout -------------------------------------------------------------
NO_PROJECT = "找不到 site_config.yml：{root} 不是 pingan 内容项目"
NO_PROJECT_HINT = "请在内容项目目录中运行，或用 `pingan init 目录` 新建一个项目"
DID_YOU_MEAN = "是不是想写 {name}？"
ALLOWED_FIELDS = "可用字段：{fields}"
RENAMED_FIELD = "字段 {old} 已改名为 {new}（旧写法仍可读取）"
RENAMED_FIELD_HINT = "请把 {old}: 改写为 {new}:，其余不变"
RENAMED_BOTH = "同时写了旧字段 {old} 和新字段 {new}"
RENAMED_BOTH_HINT = "只保留 {new}，删除 {old}"
UNKNOWN_FILE = "不认识这个位置的 YAML 文件，已忽略"
UNKNOWN_FILE_HINT = (
    "内容文件应放在 content/policies、content/rules、content/modules、content/notices 或 quizzes 下"
)
TOP_LEVEL_NOT_MAPPING = "文件顶层必须是“字段: 值”的映射"
TOP_LEVEL_NOT_MAPPING_HINT = "参照 docs/content-format.md 中该类文件的示例"

# --- schema: pydantic error types → (message, hint) ---------------------------------
# Placeholders: {input} the value given, {expected} allowed values, {limit} a bound.
SCHEMA_ERRORS: dict[str, tuple[str, str]] = {
    "missing": ("缺少必填字段", "请补上这个字段，格式见 docs/content-format.md"),
    "extra_forbidden": ("不认识的字段", "检查拼写；可用字段见 docs/content-format.md"),
    "string_type": ("应为文本，实际是 {input_type}", '如果是数字或日期，请加英文引号，例如 "13800000001"'),
    "int_type": ("应为整数", "例如 90"),
    "int_parsing": ("应为整数，实际是 “{input}”", "只写数字，例如 90"),
    "int_from_float": ("应为整数，不能有小数", "例如 90"),
    "bool_type": ("应为 true 或 false", "写 true（是）或 false（否）"),
    "bool_parsing": ("应为 true 或 false，实际是 “{input}”", "写 true（是）或 false（否）"),
    "date_type": ("应为日期", "写作 2024-05-17 或 2024年5月17日"),
    "date_parsing": ("日期格式无效：“{input}”", "写作 2024-05-17 或 2024年5月17日"),
    "date_from_datetime_parsing": ("日期格式无效：“{input}”", "写作 2024-05-17 或 2024年5月17日"),
    "list_type": ("应为列表", "每项另起一行，以“- ”开头；或写作 [甲, 乙]"),
    "dict_type": ("应为“字段: 值”的映射", "参照 docs/content-format.md 中的示例"),
    "model_type": ("应为“字段: 值”的映射", "参照 docs/content-format.md 中的示例"),
    "model_attributes_type": ("应为“字段: 值”的映射", "参照 docs/content-format.md 中的示例"),
    "literal_error": ("取值 “{input}” 无效", "可选值：{expected}"),
    "enum": ("取值 “{input}” 无效", "可选值：{expected}"),
    "greater_than_equal": ("数值太小，至少应为 {ge}", "请改为不小于 {ge} 的数"),
    "greater_than": ("数值太小，应大于 {gt}", "请改为大于 {gt} 的数"),
    "less_than_equal": ("数值太大，最多为 {le}", "请改为不大于 {le} 的数"),
    "string_too_short": ("不能为空", "请填写内容"),
    "too_short": ("至少需要 {min_length} 项", "请补充条目"),
    "string_pattern_mismatch": (
        "格式不对：“{input}”",
        "只能用小写英文字母、数字和连字符，例如 work-plan-2024",
    ),
}
SCHEMA_FALLBACK = ("取值无效：{detail}", "请对照 docs/content-format.md 检查")

# --- schema: our own field checks ---------------------------------------------------
BAD_DOC_NUMBER = "文号格式不对：“{value}”"
BAD_DOC_NUMBER_HINT = "年份须用六角括号〔〕，例如 青石府发〔2024〕21号"
BAD_MONTH = "月份格式不对：“{value}”"
BAD_MONTH_HINT = '写作带引号的“年-月”，例如 "2024-06"'
BAD_PHONE = "手机号码格式不对"
BAD_PHONE_HINT = '应为 11 位数字、以 1 开头，例如 "13800000001"（请加引号）'
BAD_ID_NUMBER = "身份证号无效：{why}"
BAD_ID_NUMBER_HINT = "请核对 18 位居民身份证号（最后一位校验码可能是 X），并加引号"
ID_LENGTH = "应为 18 位"
ID_CHECK_DIGIT = "校验码不对，按前 17 位应为 {expected}"
ID_BIRTH = "出生日期 {birth} 无效"
BAD_MEMBER_ID = "编号格式不对：“{value}”"
BAD_MEMBER_ID_HINT = "只能用字母、数字和连字符，例如 QS001"
NUMERIC_SECTION_ID = "章节 id “{value}” 全是数字，会与 3.2 这样的章节序号混淆"
NUMERIC_SECTION_ID_HINT = "请改用有含义的英文 id，例如 duty-modes"
SECTION_TOO_DEEP = "章节层级超过 4 级（一、→（一）→ 1. →（1））"
SECTION_TOO_DEEP_HINT = "公文正文最多四级标题，请把更深的内容并入上一级正文"
NUMBER_IN_TITLE = "标题里自带了序号“{prefix}”"
NUMBER_IN_TITLE_HINT = "序号（一、（一）1.（1））由系统自动生成，请从标题中删去"
OPTIONS_FOR_TRUE_FALSE = "判断题不需要选项"
OPTIONS_FOR_TRUE_FALSE_HINT = "删除 options，答案写 true（对）或 false（错）"
OPTIONS_MISSING = "选择题缺少选项"
OPTIONS_MISSING_HINT = "用 options: 写出 A、B、C… 各选项（至少 2 个）"
OPTION_LETTERS = "选项字母应从 A 起按顺序排列，实际是 {letters}"
OPTION_LETTERS_HINT = "依次写 A、B、C、D…"
ANSWER_NOT_OPTION = "答案 “{answer}” 不是本题的选项（可选：{letters}）"
ANSWER_NOT_OPTION_HINT = "答案只能写已有选项的字母"
ANSWER_SINGLE_FORM = "单选题的答案应为一个字母"
ANSWER_SINGLE_FORM_HINT = "例如 answer: B"
ANSWER_MULTIPLE_FORM = "多选题的答案应为至少两个字母的列表"
ANSWER_MULTIPLE_FORM_HINT = "例如 answer: [A, C]；只有一个正确项请改成单选题 type: single"
ANSWER_TRUE_FALSE_FORM = "判断题的答案应为 true 或 false"
ANSWER_TRUE_FALSE_FORM_HINT = "写 answer: true（对）或 answer: false（错）"
ANSWER_DUPLICATE = "答案中字母重复"
ANSWER_DUPLICATE_HINT = "每个字母只写一次"
DUPLICATE_STEM = "题干与第 {other} 题重复"
DUPLICATE_STEM_HINT = "删除重复的题目，或修改题干"

# --- link: cross-references -----------------------------------------------------------
DUPLICATE_ID = "编号 “{id}” 重复，{other} 已经使用"
DUPLICATE_ID_HINT = "每个{kind}的 id 必须唯一，请改成别的编号"
UNKNOWN_QUIZ = "引用的题库 “{id}” 不存在"
UNKNOWN_QUIZ_HINT = "可用题库：{known}"
UNKNOWN_TEAM = "所属队伍 “{id}” 不存在"
UNKNOWN_TEAM_HINT = "在 roster.yml 的 teams 中添加该队伍，或改为已有队伍：{known}"
BAD_SOURCE_FORM = "出处写法不对：“{value}”"
MODULE_SOURCE_PART = "课程出处不能带 #“{part}”"
MODULE_SOURCE_PART_HINT = "写作 module:课程id"
BAD_SOURCE_FORM_HINT = (
    "写作 policy:文件id#章节id（或 3.2 这样的章节序号）、rule:守则id#条目id 或 module:课程id"
)
UNKNOWN_SOURCE = "出处指向的{kind} “{target}” 不存在"
UNKNOWN_SOURCE_HINT = "可用：{known}"
NO_ROSTER = "没有找到 content/roster.yml（队员花名册）"
NO_ROSTER_HINT = "团队站点仍会生成；考勤与成绩统计需要花名册"
PUBLIC_SECTION_EMPTY = "公开站点没有任何可公开的内容"
PUBLIC_SECTION_EMPTY_HINT = (
    "把通知或制度的 public 设为 true，或在 site_config.yml 的 public.sections 中加入栏目"
)

# --- privacy guard (public site) ----------------------------------------------------------
PRIVATE_DATA_IN_PUBLIC = "公开内容中出现了队员 {member} 的{what}"
PRIVATE_DATA_IN_PUBLIC_HINT = "公开站点不得出现花名册中的个人信息，请删除或改用队伍名称"
WHAT_NAME = "姓名"
WHAT_PHONE = "手机号"
WHAT_ID = "身份证号"
WHAT_MASKED_PHONE = "手机号（打码后前三位和后四位仍与该队员的相同）"

# --- build -------------------------------------------------------------------------------
BUILD_FAILED = "站点生成失败：{detail}"

# --- site labels ---------------------------------------------------------------------------
NAV_HOME = "首页"
NAV_POLICIES = "制度文件"
NAV_RULES = "五要十不准"
NAV_MODULES = "培训课程"
NAV_YEAR = "{year}年"  # a year's group in a long section of the navigation
NAV_BANKS = "题库"
NAV_NOTICES = "通知公告"
NAV_RECORDS = "台账统计"
RECORDS_YEAR = "{year}年考核台账"
RECORDS_YEAR_GROUP = "{year}年"
RECORDS_MONTH = "{month}考勤"
KIND_TRAINING = "技能培训"
KIND_DRILL = "实战演练"
MODE_PRACTICE = "练习"
MODE_EXAM = "考试"
RULE_MUST = "要"
RULE_PROHIBITION = "不准"
TYPE_SINGLE = "单选题"
TYPE_MULTIPLE = "多选题"
TYPE_TRUE_FALSE = "判断题"
SITE_TEAM = "团队站点"
SITE_PUBLIC = "公开站点"
ID_NUMBER_REMOVED = "［证件号已隐去］"
PUBLIC_SITE_NAME = "{organisation}平安建设信息公开"
NO_NPM_ASSET = "缺少浏览器文件 node_modules/{package}/{rel}（离线站点需要它）"
NO_NPM_ASSET_HINT = "请在 pingan 目录运行 bash scripts/setup.sh（会执行 npm ci）；或用环境变量 PINGAN_NODE_MODULES 指向已安装的 node_modules"
EXAM_BANK_REFUSED = "考试题库 {bank} 不能进入任何站点"

# --- kinds, as named in messages -------------------------------------------------------------
KIND_NAMES = {
    "policy": "制度文件",
    "rules": "守则",
    "rule": "守则条目",
    "module": "培训课程",
    "notice": "通知",
    "bank": "题库",
    "question": "题目",
    "member": "队员",
    "team": "队伍",
    "section": "章节",
}

# --- CLI ---------------------------------------------------------------------------------------
CLI_HELP = "pingan：群防群治培训与台账门户生成器。把 YAML 内容生成离线可用的团队站点和公开站点。"
CHECK_HELP = "检查内容项目 DIR（默认当前目录）是否有错。\n\n示例：pingan check ./青石乡"
BUILD_HELP = (
    "检查并生成团队站点和公开站点（先在临时目录生成，成功后再替换旧站点）。\n\n示例：pingan build ./青石乡"
)
INIT_HELP = "在 DIR 新建一个最小的、可直接生成的内容项目。\n\n示例：pingan init ./新项目"
CHDIR_HELP = "在 DIR 中的内容项目上运行（默认当前目录）"
STRICT_HELP = "把警告也当作错误"
QUIET_HELP = "不显示进度条"
NO_PRINT_HELP = "只生成站点，不打印 PDF/Word（页面上也没有下载链接），用于快速预览"
CHECK_OK = "内容检查通过：{summary}"
CHECK_FAILED = "发现 {errors} 个错误、{warnings} 个警告，请按提示修改后重试。"
BUILD_OK = "生成完成（{seconds:.1f} 秒）：\n  团队站点 {team}\n  公开站点 {public}"
SITE_PAGES_REBUILT = "  {site}：只重建了改动的 {rebuilt} 页（共 {pages} 页），其余页面沿用上次生成的结果"
SITE_FULL_BUILD = "  {site}：完整生成 {pages} 页（{reason}）"
FULL_BUILD_REASONS = {
    "first": "没有上次生成的记录",
    "settings": "站点设置、模板、页面标题或目录、pingan 版本有变化，每一页都可能不同",
    "pages": "有页面或文件新增、删除",
    "published": "已发布的站点与上次生成时不同（被改动、移动或删除）",
    "no-cache": "没有可用的缓存目录",
}
BUILD_UNCHANGED = (
    "自上次生成以来内容、模板、设置、台账和 pingan 版本都没有变化，输出保持原样（检查用时 {seconds:.1f} 秒）：\n"
    "  团队站点 {team}\n  公开站点 {public}"
)
INIT_OK = "已新建内容项目：{path}\n下一步：cd {path} && pingan build"
INIT_NOT_EMPTY = "目录 {path} 已有内容，未做任何修改"
INIT_NOT_EMPTY_HINT = "请换一个空目录"
SUMMARY = "{policies} 份制度、{rules} 套守则、{modules} 个课程、{notices} 条通知、{banks} 个题库（{questions} 题）、{members} 名队员"
INTERNAL_ERROR = "内部错误：{detail}"
INTERNAL_ERROR_HINT = (
    "这是 pingan 的问题，不是你的内容有错。请把这条信息反馈给维护者（设置 PINGAN_DEBUG=1 可看到详细信息）"
)
PROGRESS_SITE = "生成{site}"
