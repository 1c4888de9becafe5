"""User-facing strings of `pingan serve`: the terminal, the API's answers and the session pages (zh-CN)."""

# --- the command ---------------------------------------------------------------------------------
SERVE_HELP = (
    "在培训电脑上开一个局域网服务：平板打开团队站点、做完练习直接交卷，培训人员点名（/roll）、看实时看板（/board）。"
    "团队站点没有或已过期时先生成；终端里打印平板要打开的地址、地址的二维码、本场的会话码和培训人员 PIN。"
    "只接收当天的考勤和成绩（--date 改日期）。按 Ctrl+C 结束。\n\n"
    "示例：pingan serve ./青石乡 --code 246810 --pin 135790"
)
OPT_HOST = "只在这个地址上监听（默认：本机回环地址和全部局域网地址）"
OPT_PORT = "端口"
OPT_CODE = "会话码（4–12 位数字，默认随机 6 位）：平板交卷、签到时要填"
OPT_PIN = "培训人员 PIN（4–12 位数字，默认随机 6 位）：点名页和看板要填"
OPT_DATE = "本场培训的日期（默认今天）：只接收这一天的考勤和成绩"
OPT_ALLOW_PUBLIC = "允许在公网地址上监听（默认拒绝）"
OPT_NO_BUILD = "不检查、不生成站点，直接用已有的团队站点"
OPT_NO_PRINT_SERVE = "需要生成站点时不生成打印文件（更快）"

BANNER_TITLE = "pingan 培训服务已启动（{date}）"
BANNER_OPEN = "平板连上同一个 Wi-Fi，打开："
BANNER_QR = "或用平板相机扫描下面的二维码（已带会话码）："
BANNER_CODE = "会话码：{code}    （平板交卷、自助签到时填写）"
BANNER_PIN = "培训人员 PIN：{pin}    （只告诉培训人员）"
BANNER_PAGES = "点名：{url}roll    看板：{url}board    自助签到：{url}signin"
BANNER_LOCAL_ONLY = "只在本机地址上监听（--host），平板无法连接；在本机打开："
BANNER_NO_LAN = "没有找到局域网地址：本机没有连上 Wi-Fi 或网线。平板无法连接，只能在本机打开："
BANNER_LOG = "每次写入都记在 {path}"
BANNER_STOP = "按 Ctrl+C 结束。"
BUILDING = "团队站点{why}，先生成站点……"
SITE_MISSING = "还没有生成"
SITE_STALE = "已过期（内容或 pingan 更新过）"
SITE_NOT_BUILT = "找不到团队站点 {path}"
SITE_NOT_BUILT_HINT = "先运行 pingan build，或去掉 --no-build"
STOPPED = "培训服务已结束。"

BAD_HOST = "无法识别监听地址“{host}”"
BAD_HOST_HINT = "写成 IP 地址，例如 --host 192.168.1.20"
PUBLIC_HOST = "“{host}”是公网地址，培训服务默认不在公网上开放"
PUBLIC_INTERFACE = "监听全部网卡会包括公网地址 {address}"
PUBLIC_HOST_HINT = "用局域网地址（192.168.x.x、10.x.x.x）或不加 --host；确实需要时加 --allow-public"
PORT_BUSY = "无法在 {host}:{port} 上监听：{reason}"
PORT_BUSY_HINT = "端口可能被占用：换一个，例如 --port {next}"
BAD_SECRET = "{what}“{value}”不合格"
BAD_SECRET_HINT = "只能是 4 到 12 位数字"
WHAT_CODE = "会话码"
WHAT_PIN = "PIN"
SAME_SECRETS = "会话码和 PIN 不能相同"
SAME_SECRETS_HINT = "PIN 只给培训人员，会话码是给全体队员的"

# --- the API's answers ------------------------------------------------------------------------------
WRONG_CODE = "会话码不对"
WRONG_PIN = "培训人员 PIN 不对"
LOCKED_OUT = "会话码或 PIN 错误次数太多，请 {seconds} 秒后再试"
TOO_MANY_WRONG = "会话码或 PIN 错误次数太多，请稍后再试"
TOO_MANY_REQUESTS = "请求太频繁，请稍后再试"
TOO_LARGE = "提交的内容太大（上限 {limit} KB）"
TOO_LARGE_FORM = "提交的内容太大"
NOT_JSON = "提交的内容不是 JSON 文档"
BODY_NOT_OBJECT = "提交的内容应是一个 JSON 对象"
BAD_FIELD = "{name} 应是不超过 {limit} 个字的文字"
BAD_MEMBERS = "members 应是编号的列表（每个不超过 {limit} 个字），且不能为空"
BAD_TYPE = "类型“{value}”无法识别（填写“培训”或“演练”）"
COURSE_REQUIRED = "请选择或填写课程"
RESULT_WRONG_DAY = "这份成绩是 {finished} 做的，本场培训只接收 {day} 的成绩（请保存结果文件交给培训人员，用 pingan answers import 导入）"
ATTENDANCE_WRONG_DAY = (
    "本场培训只接收 {day} 的考勤（要记别的日期，请用 pingan serve --date 或 pingan attendance import）"
)
INTERNAL = "培训电脑上出了意外错误，这次没有保存；请稍后重试，并把终端里的信息告诉维护人员"
CSRF_FAILED = "页面已过期，请刷新后重新签到"
SIGNIN_NOT_OPEN = "培训人员还没有开始点名，请稍后再签到"
SIGNIN_NEED_MEMBER = "请填写队员编号"
SIGNIN_OK = "签到成功：{name}（{id}），已记为出勤，请等培训人员确认。"
SIGNIN_ALREADY = "{name}（{id}）已经点过名了，不用重复签到。"

LOG_WRONG_CODE = "{client} 用错误的会话码请求"
LOG_WRONG_PIN = "{client} 用错误的 PIN 请求"
LOG_INTERNAL = "处理 {path} 时出错（没有保存）：{detail}（设置 PINGAN_DEBUG=1 可看到详细信息）"

# --- pages ----------------------------------------------------------------------------------------------
ROLL_TITLE = "点名"
BOARD_TITLE = "培训看板"
SIGNIN_TITLE = "自助签到"
FIELD_CODE = "会话码"
FIELD_PIN = "培训人员 PIN"
FIELD_MEMBER = "队员编号"
SIGNIN_BUTTON = "签到"
SIGNIN_INTRO = "填写会话码（培训人员写在白板上）和自己的编号。签到记为出勤，由培训人员确认。"
LOGIN_BUTTON = "进入"
NOSCRIPT = "这个页面需要 JavaScript。"

STATUS_LABELS = {"present": "出勤", "late": "迟到", "excused": "请假", "absent": "缺勤"}

# Strings the page scripts show (roll.js, board.js, signin.js), embedded in the page as JSON.
SCRIPT_TEXT = {
    "statuses": STATUS_LABELS,
    "types": {"training": "培训", "drill": "演练"},
    "login": "请输入会话码和培训人员 PIN",
    "loginFailed": "无法进入：{message}",
    "offline": "连不上培训电脑，稍后自动重试……",
    "sessionTitle": "今天的培训（{date}）",
    "type": "类型",
    "course": "课程",
    "courseOther": "其他（手动填写）",
    "courseThisMonth": "本月课程",
    "courseOthers": "其他月份",
    "place": "地点",
    "trainer": "培训人",
    "open": "开始点名",
    "change": "修改",
    "search": "按姓名或编号查找",
    "allPresent": "其余全部出勤",
    "allPresentDone": "已把 {n} 人记为出勤，再点有变化的人",
    "counts": "已点 {marked} / {total} 人：出勤 {present}，迟到 {late}，请假 {excused}，缺勤 {absent}",
    "selfSigned": "自助签到",
    "saving": "保存中",
    "failed": "未保存：{message}",
    "boardSession": "{date} {type}：{course}",
    "boardNoSession": "还没有开始点名（在点名页开始）",
    "signedIn": "已签到 {n} 人",
    "submitted": "已交卷 {n} 人",
    "missing": "未到 {n} 人",
    "listSigned": "已签到",
    "listResults": "交卷情况",
    "listMissing": "未到",
    "score": "{title} {score} 分",
    "passed": "及格",
    "failedMark": "不及格",
    "updated": "更新于 {time}",
    "none": "（无）",
}
