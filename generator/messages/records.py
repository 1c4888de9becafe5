"""User-facing strings of record keeping: content checks of attendance, sessions, corrections,
the import log, resets, the roster merge and the result scanner (zh-CN)."""

KIND_WORDS = {"training": "培训", "drill": "演练"}
STATUS_WORDS = {"present": "出勤", "late": "迟到", "excused": "请假", "absent": "缺勤"}

# --- attendance checked against the content ---------------------------------------------------
UNKNOWN_COURSE_ID = "课程“{value}”不是任何课程的编号"
UNKNOWN_COURSE_ID_HINT = "最接近的课程编号：{nearest}；核对编号，或写课程标题"
NO_MODULES = "（内容中没有课程）"
KIND_MISMATCH = "课程 {id}（{title}）是{module_kind}，本行类型却是“{kind}”"
KIND_MISMATCH_HINT = "核对类型和课程：这门课程的类型应填“{module_kind}”；如果本行确是另一门课，请改正课程"
FUTURE_DATE = "日期 {date} 在今天（{today}）之后"
FUTURE_DATE_HINT = "考勤只记录已经举行的场次：核对年份和月份"
BEFORE_JOINING = "{id}（{name}）{joined} 入队，本行日期 {date} 在入队之前"
BEFORE_JOINING_HINT = "核对日期和编号；确实在入队前参加的，可以不理会这条提醒"
OUTSIDE_COURSE = "课程“{value}”不是内容中的课程（第 {rows} 行），按“{kind}”计入，台账中标为内容外课程"
OUTSIDE_COURSE_HINT = (
    "最接近的课程是 {id}（{title}）：如果就是它，请把课程写成 {id}；要求课程都在内容中时加 --strict"
)
OUTSIDE_COURSE_NO_MODULE_HINT = "内容中没有相近的课程；要求课程都在内容中时加 --strict"
OUTSIDE_COURSE_STRICT = "课程“{value}”不是内容中的课程（第 {rows} 行，类型“{kind}”）"
OUTSIDE_COURSE_STRICT_HINT = (
    "最接近的课程是 {id}（{title}）：如果就是它，请把课程写成 {id}；要按内容外课程导入，去掉 --strict"
)
OUTSIDE_STRICT_NO_MODULE_HINT = (
    "内容中没有相近的课程：改写成内容中的课程编号或标题；要按内容外课程导入，去掉 --strict"
)
AND_MORE_ROWS = " 等共 {count} 行"
ATTENDANCE_KEPT = "另有 {kept} 条与手工更正不同，保留了更正（要再改请用 pingan attendance set）"
OPT_STRICT_COURSES = "课程不在内容中时报错，不导入"

# --- the import log ---------------------------------------------------------------------------
ACTION_ATTENDANCE = "考勤导入"
ACTION_ANSWERS = "作答导入"
ACTION_SCAN = "扫码导入"
ACTION_CORRECTION = "考勤更正"
ACTION_REMOVE = "删除场次"
ACTION_RESET = "清空记录"
ACTION_DEMO = "演示记录"
UNNAMED_SOURCE = "（未注明来源）"
LOG_KEPT = "{count} 条保留了手工更正"
COL_AT = "时间"
COL_ACTION = "操作"
COL_SOURCE = "文件或对象"
COL_SHA256 = "SHA-256"
COL_ADDED = "新增"
COL_CHANGED = "更改"
COL_UNCHANGED = "未变"
COL_USER = "操作系统用户"
COL_NOTE = "说明"
LOG_TITLE = "导入与更正记录（{db}）"
LOG_EMPTY = "还没有任何导入或更正（{db}）"

# --- sessions and corrections ---------------------------------------------------------------
SESSION_WORDS = "场次 {id}（{date} {kind} {course} {place}）"
SESSION_NOT_FOUND = "没有编号为 {id} 的场次"
SESSION_ID_NOT_NUMBER = "场次编号应是数字，“{value}”不是"
SESSION_NOT_FOUND_HINT = "用 pingan sessions list 查看场次编号"
LOG_REMOVED = "连同 {count} 条考勤一起删除"
LOG_CLEARED = "删除了 {sessions} 个场次、{attendance} 条考勤、{attempts} 份作答"
REASON_REQUIRED = "更正考勤必须写明原因"
REASON_REQUIRED_HINT = '用 --reason 写明原因，例如 --reason "补交请假条"'
REASON_TOO_LONG = "原因有 {length} 个字，超过 {limit} 个字的上限"
CORRECTION_SOURCE = "{session} 队员 {member}"
CORRECTION_NOTE = "{previous} → {status}；原因：{reason}"
NO_STATUS = "（无记录）"
DEMO_SOURCE = "pingan demo-records（种子 {seed}，从 {start} 起 {months} 个月）"

# --- roster merge -------------------------------------------------------------------------------
UNKNOWN_TEAM_NO_NEW_HINT = "可用队伍：{known}；要让 pingan 新建这支队伍，去掉 --no-new-teams 再导入"
BAD_TEAM_NAME = "队伍名称“{value}”不能使用：{why}"
TEAMS_ADDED = "新增队伍 {count} 支：{teams}"
TEAM_ADDED = "{name}（{id}）"
OPT_NO_NEW_TEAMS = "花名册表里有 roster.yml 没有的队伍时报错，不新建队伍"

# --- clearing records ---------------------------------------------------------------------------
OPT_REPLACE = "数据库里已有记录时，先全部清空（场次、考勤、作答；导入记录保留）再生成"
DEMO_NOT_EMPTY_HINT = "加 --replace 清空后重新生成；或用 PINGAN_DATABASE_URL 指向一个新的数据库"

# --- confirmation ---------------------------------------------------------------------------------
NEED_YES = "这一操作要先确认，但没有可以回答的终端"
NEED_YES_HINT = "确认无误后加 --yes 再运行"
CANCELLED = "已取消，什么也没有改变"
OPT_YES = "不再询问，直接执行"

# --- sessions -----------------------------------------------------------------------------------
SESSIONS_TITLE = "场次（{period}）"
SESSIONS_ALL = "全部"
SESSIONS_EMPTY = "没有场次（{period}）"
COL_SESSION = "场次"
COL_DATE = "日期"
COL_KIND = "类型"
COL_COURSE = "课程"
COL_PLACE = "地点"
COL_TRAINER = "培训人"
COL_MEMBER = "编号"
COL_NAME = "姓名"
COL_TEAM = "队伍"
COL_STATUS = "状态"
COL_CORRECTIONS = "更正"
OUTSIDE_SESSIONS = "内容外课程（按类型计入）{count} 场：{sessions}"
OUTSIDE_SESSION = "{date} {kind}“{course}”（场次 {id}）"
OUTSIDE_MARK = "（内容外课程）"
NOT_IN_ROSTER = "（不在花名册中）"
CORRECTION_LINE = "{previous} → {status}（{reason}；{user}，{at}）"
SESSION_HEADER = "{session}\n课程：{title}{outside}\n培训人：{trainer}\n考勤 {total} 条：{counts}"
COUNT_ITEM = "{status} {count}"
SESSION_NO_ATTENDANCE = "这个场次没有考勤记录"
REMOVE_CONFIRM = "将删除{session}，连同 {count} 条考勤。确定吗？"
REMOVED = "已删除{session}和 {count} 条考勤（导入记录里留有这次删除）"
CORRECTED = "已更正：{session} {member}（{name}）{previous} → {status}，原因：{reason}"
NOT_CHANGED = "未变：{session} {member}（{name}）已经是{status}"
CORRECTED_BEFORE_JOINING = "[警告] {member}（{name}）{joined} 入队，这个场次（{date}）在入队之前"

# --- the import log and reset -------------------------------------------------------------------
RESET_CONFIRM = (
    "将删除 {db} 里全部 {sessions} 个场次、{attendance} 条考勤和 {attempts} 份作答（导入记录保留）。确定吗？"
)
RESET_DONE = "已清空：{sessions} 个场次、{attendance} 条考勤、{attempts} 份作答（导入记录保留）"
RESET_NOTHING = "{db} 里没有考勤或作答记录，不需要清空"

# --- scanner ------------------------------------------------------------------------------------
SCAN_WHERE = "扫码第 {line} 行"
SCAN_READY = "请扫描练习结果二维码（每扫一个导入一份）；结束时按 Ctrl-D（Windows 上按 Ctrl-Z 再回车）"
SCAN_TOO_LONG = "这一行超过 {limit} 字节，不是一个练习结果二维码"
SCAN_TOO_LONG_HINT = "一次只扫一个二维码；不要把文件内容粘贴进来"
SCAN_NOT_UTF8 = "这一行不是 UTF-8 文字"
SCAN_KEYBOARD_HINT = "把扫码枪设为 USB 键盘模式、美式键盘布局后重扫"
SCAN_ADDED = "第 {line} 行：{name}（{member}） {bank} {score:g} 分 {verdict} — 已导入"
SCAN_DUPLICATE = "第 {line} 行：{name}（{member}） {bank} {score:g} 分 {verdict} — 已经导入过，未重复记录"
SCAN_REFUSED = "第 {line} 行：未导入 — {why}"
SCAN_PASSED = "及格"
SCAN_FAILED = "未及格"  # as the quiz says it
SCAN_SUMMARY = "扫码结束：共 {total} 行，新增 {added} 份，已导入过 {duplicate} 份，未导入 {refused} 行"
SCAN_INTERRUPTED = "扫码已中断：中断前新增的 {added} 份都已保存；正在扫的那一个（如果有）没有导入，重扫即可"
SCAN_SOME_REFUSED = "有 {refused} 行没有导入（见上面各行的原因）"
SCAN_SOME_REFUSED_HINT = "请让队员在平板上重新打开结果页再扫，或保存结果文件用 pingan answers import 导入"

# --- CLI help -----------------------------------------------------------------------------------
SESSIONS_HELP = "场次：查看、核对和删除已导入的培训与演练场次。"
SESSIONS_LIST_HELP = "列出场次：编号、日期、类型、课程、地点和各状态人数；内容外课程会标出。\n\n示例：pingan sessions list --month 2024-06"
SESSIONS_SHOW_HELP = (
    "查看一个场次：每名队员的状态，以及做过的更正（原值、原因、谁、何时）。\n\n示例：pingan sessions show 12"
)
SESSIONS_REMOVE_HELP = (
    "删除一个场次和它的全部考勤（先询问；导入记录里留有这次删除）。\n\n示例：pingan sessions remove 12"
)
ATTENDANCE_SET_HELP = '更正一名队员在一个场次的状态（出勤、迟到、请假、缺勤），必须写明原因；原值和原因都会保留，之后再导入原表也不会覆盖这次更正。\n\n示例：pingan attendance set QS001 12 请假 --reason "补交请假条"'
RECORDS_HELP = "记录数据库：导入与更正记录、清空记录。"
RECORDS_LOG_HELP = "列出每一次导入和更正：时间、操作、文件（及其 SHA-256）、新增/更改/未变条数、操作系统用户。\n\n示例：pingan records log"
RECORDS_RESET_HELP = (
    "清空全部场次、考勤和作答（先询问；导入记录保留，并记下这次清空）。\n\n示例：pingan records reset"
)
ANSWERS_SCAN_HELP = "用扫码枪录入成绩：逐行读取扫描到的练习结果二维码（扫码枪会在每个码后按回车），每扫一个立即导入并显示一行结果；同一个码扫两次只记一次。\n\n示例：pingan answers scan"
OPT_REASON = "更正的原因（必填），例如“补交请假条”"
OPT_SESSIONS_MONTH = "只列这个月的场次，例如 2024-06"
OPT_SESSIONS_QUARTER = "只列这个季度的场次，例如 2024Q2"
OPT_SESSIONS_YEAR = "只列这一年的场次，例如 2024"

# roster import: roster.yml written in a way an edit in place cannot follow
ROSTER_UNWRITABLE = "{file} 的写法无法在保留原样的前提下自动修改，未写入任何内容"
ROSTER_UNWRITABLE_HINT = (
    "文件中可能用了锚点（&）、别名（*）或合并键（<<）：请把这些队员改成普通的逐行写法后再导入"
)
