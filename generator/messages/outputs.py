"""Output locations, staging and publishing, the build lock, and faults while writing (zh-CN)."""

# --- where outputs may go (site_config.yml outputs.* and records.database) -----------------
WHERE = "“{value}”（即 {path}）"
OUTPUT_FIXED_HINT = (
    "每次生成都会整体替换输出目录，请改用项目里单独的目录，例如 site/team，或项目外的一个空目录"
)
OUTPUT_IS_ROOT = "输出目录{where}就是项目目录本身，生成时会被整体替换"
OUTPUT_IS_ANCESTOR = "输出目录{where}是项目目录的上级目录，生成时会连同整个项目一起被替换"
OUTPUT_CLASH = "输出目录{where}会覆盖 {clash}"
OUTPUT_OVERLAP = "输出目录{where}与 outputs.{other} 重叠"
OUTPUT_NOT_FOLDER = "输出目录“{value}”无法使用：{path} 是一个文件，不是文件夹"
OUTPUT_NOT_FOLDER_HINT = "请改用一个文件夹路径，或把这个文件移走"
OUTPUT_UNRESOLVABLE = "路径“{value}”无法解析：{detail}"
OUTPUT_UNRESOLVABLE_HINT = "请改用一个普通的文件夹路径"
SYMLINK_LOOP = "路径里的符号链接绕成了一个圈"
NO_HOME = "找不到 ~ 所指的用户目录"
NUL_IN_PATH = "路径里有空字符（\\0），不能用作文件名"
OUTPUT_INACCESSIBLE = "路径“{value}”无法访问：{detail}"
INACCESSIBLE_HINT = "请确认运行 pingan 的用户能访问这个路径，或换一个路径"
# What an operating-system error means, by errno name (the English text is kept for the rest).
OS_REASONS = {
    "EACCES": "没有权限",
    "ENOENT": "找不到这个文件或文件夹",
    "EISDIR": "这是一个文件夹",
    "EPERM": "没有权限",
    "ENAMETOOLONG": "名称太长",
    "ELOOP": "路径里的符号链接绕成了一个圈",
    "ENOTDIR": "路径途中有一个不是文件夹",
    "EROFS": "所在的文件系统是只读的",
    "EBUSY": "正在被使用（可能是一个挂载点）",
    "EXDEV": "与上级目录不在同一个文件系统上（可能是一个挂载点）",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "磁盘配额已用完",
}
DATABASE_IN_SOURCES = "台账数据库{where}在 {clash} 里，会和内容文件混在一起"
DATABASE_IN_OUTPUT = "台账数据库{where}在 outputs.{other} 里，生成时会被删除"
DATABASE_IS_PROJECT = "台账数据库{where}是项目目录或它的上级目录"
DATABASE_IS_FOLDER = "台账数据库{where}是一个文件夹，不是数据库文件"
DATABASE_HINT = "请把数据库放在 records/ 下，例如 records/pingan.db（或项目外的一个文件）"
OUTPUT_FOREIGN = (
    "输出目录 {path} 里已有其他文件，不是 pingan 生成的（没有 .pingan-output 标记），pingan 不会替换或删除它"
)
OUTPUT_FOREIGN_HINT = "请先把这个目录清空（或移走），或者在 site_config.yml 里为 outputs.{name} 换一个路径；如果它是旧版 pingan 生成的，确认后删除即可"

# --- publishing -------------------------------------------------------------------------------
PUBLISH_FOREIGN = "没有替换 {path}：它已有其他文件，不是 pingan 生成的（没有 .pingan-output 标记）"
PUBLISH_FAILED = "无法把新生成的文件放到 {path}：{detail}"
PUBLISH_FAILED_HINT = "已恢复原来的输出目录。输出目录不能是挂载点，也需要对它的上级目录有写权限"
STAGE_FAILED = "无法在 {path} 旁边建立临时目录：{detail}"
STAGE_FAILED_HINT = "请确认对该目录的上级目录有写权限，或在 site_config.yml 的 outputs 里换一个路径"

# --- faults ---------------------------------------------------------------------------------
INTERRUPTED = "已中断，未写入任何内容"
DISK_FULL = "磁盘空间不足，无法写入{what}：{path}"
DISK_FULL_HINT = "没有写入任何半成品，原有文件保持不变。请清理磁盘空间后重试"
DISK_FULL_UNKNOWN = "磁盘空间不足，写入失败{where} — 请清理磁盘空间后重试"
WHAT_OUTPUT = "输出目录"
WHAT_TEAM_SITE = "团队站点"
WHAT_PUBLIC_SITE = "公开站点"
WHAT_PRINTS = "打印文件"
WHAT_ROSTER = "花名册"
BUILD_LOCKED = "同一项目的另一次生成正在进行（锁文件 {path}），等待 {seconds} 秒后仍未结束"
LOCK_FAILED = "无法建立锁文件 {path}：{detail}"
LOCK_FAILED_HINT = "请确认对项目目录有写权限"
BUILD_LOCKED_HINT = "请等另一次生成结束后再运行；进程结束后锁会自动释放，不需要删除锁文件"

# --- the second build process (the public site is built beside the team site) -------------
CHILD_FAILED = "生成公开站点的进程意外退出（退出码 {code}），未写入任何内容"
CHILD_FAILED_HINT = "可能是内存不足或进程被结束；请重新运行 pingan build"
