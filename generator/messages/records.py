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
