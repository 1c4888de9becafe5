"""User-facing strings of interactive quizzes and quiz formats (GIFT, Aiken) (zh-CN).

The browser quiz keeps its own strings at the top of ``assets/quiz.js``; this
module holds what the Python side prints: the `pingan quiz` commands and the
problems found while reading or writing GIFT, Aiken and Moodle XML files.
"""

# --- commands -------------------------------------------------------------------------------
QUIZ_HELP = """题库的导入与导出：Moodle GIFT、Aiken 格式（导入还支持 Moodle XML）。

\b
示例：pingan quiz import 消防题.gift --id bank-fire
      pingan quiz export bank-safety --format gift -o bank-safety.gift"""
IMPORT_HELP = """把 GIFT、Aiken 或 Moodle XML 题库文件转换成 YAML 题库。

默认写到内容项目的 quizzes/<编号>.yml；已有的文件不会被覆盖，除非加 --force。
遇到不支持的题型（数值题、匹配题、简答、填空、按比例给分等）会指出行号并停止，
不写任何文件。

\b
示例：pingan quiz import 消防题.gift
      pingan quiz import 反诈.txt --format aiken --id bank-fraud --title 反诈骗练习
      pingan -C 项目目录 quiz import 题库.xml -o quizzes/bank-x.yml --force"""
EXPORT_HELP = """把题库导出为 GIFT 或 Aiken 格式，可导入 Moodle 等平台。

GIFT 保留全部题目、选项、答案、解析、标签和出处；Aiken 只能保存单选题
（判断题写成“正确/错误”两个选项），不能保存解析。默认输出到屏幕，用 -o 写入文件。

\b
示例：pingan quiz export bank-safety --format gift -o bank-safety.gift
      pingan quiz export bank-safety --format aiken --skip-unsupported -o bank-safety.txt"""
OPT_OUTPUT_IMPORT = "写到这个 YAML 文件（默认 quizzes/<编号>.yml）"
OPT_OUTPUT_EXPORT = "写到这个文件（默认输出到屏幕）"
OPT_FORMAT_IMPORT = "文件格式（默认按扩展名和内容判断）"
OPT_FORMAT_EXPORT = "导出格式"
OPT_ID = "题库编号（默认取文件中的编号或文件名）"
OPT_TITLE = "题库标题（默认取文件中的分类名或文件名）"
OPT_MODE = "practice（练习，默认）或 exam（考试）"
OPT_FORCE = "覆盖已有的文件"
OPT_SKIP = "Aiken：跳过无法保存的多选题（默认报错）"

IMPORT_OK = "已导入 {count} 道题（{types}）→ {path}"
IMPORT_NEXT = "下一步：运行 pingan check 检查，或 pingan build 生成站点"
EXPORT_OK = "已导出 {count} 道题 → {path}"
EXPORT_EXAM_NOTE = "注意：{bank} 是考试题库，导出的文件含答案，请妥善保管，不要放进任何站点"
TYPE_COUNTS = {"single": "单选 {n}", "multiple": "多选 {n}", "true_false": "判断 {n}"}

NOT_A_FILE = "找不到文件：{path}"
OUTPUT_EXISTS = "{path} 已经存在，没有覆盖"
OUTPUT_EXISTS_HINT = "换一个 -o 路径，或加 --force 覆盖"
BANK_ID_TAKEN = "题库编号 {id} 已被 {path} 使用"
BANK_ID_TAKEN_HINT = "用 --id 换一个编号"
NO_BANK_ID = "无法从文件名 {name} 得到题库编号"
NO_BANK_ID_HINT = "用 --id 指定，只能用小写英文字母、数字和连字符，例如 --id bank-fire"
BAD_BANK_ID = "题库编号 “{id}” 格式不对"
BAD_BANK_ID_HINT = "只能用小写英文字母、数字和连字符，例如 bank-fire"
UNKNOWN_FORMAT = "无法判断 {name} 的格式"
UNKNOWN_FORMAT_HINT = "用 --format gift、--format aiken 或 --format xml 指定"
UNKNOWN_BANK = "没有编号为 {id} 的题库"
UNKNOWN_BANK_HINT = "可用的题库：{known}"
IMPORT_FAILED = "没有导入：{errors} 个问题，未写入任何文件"
EXPORT_FAILED = "没有导出：{errors} 个问题，未写入任何文件"

# --- shared by every format --------------------------------------------------------------------
EMPTY_FILE = "文件里没有题目"
EMPTY_FILE_HINT = "检查文件是否选错，或格式是否选错（--format）"
TOO_FEW_OPTIONS = "选择题至少要有 2 个选项"
TOO_FEW_OPTIONS_HINT = "补充选项，或删除这道题"
TOO_MANY_OPTIONS = "有 {n} 个选项，最多只支持 8 个（A～H）"
TOO_MANY_OPTIONS_HINT = "删减选项，或把题目拆开"
SOURCE_DROPPED = "出处 {source} 在本项目中找不到，已略去"
SOURCE_DROPPED_HINT = "导入后可在 YAML 中补上正确的 source"
READ_AS_GB18030 = "文件不是 UTF-8 编码，已按 GB18030（GBK）读取"
READ_AS_GB18030_HINT = "如果题目出现乱码，请用记事本或 WPS 另存为“UTF-8”后重新导入"
NOT_TEXT = "文件既不是 UTF-8 也不是 GBK 编码的文本"
NOT_TEXT_HINT = "请用记事本或 WPS 另存为“UTF-8”编码后重试"

# --- GIFT ------------------------------------------------------------------------------------------
GIFT_NO_ANSWERS = "这道题没有答案部分 {{…}}（说明文字题）"
GIFT_NO_ANSWERS_HINT = "pingan 只支持单选、多选、判断题；请删除这段文字或补上答案"
GIFT_UNCLOSED = "答案部分的 {{ 没有对应的 }}"
GIFT_UNCLOSED_HINT = "补上 }}；如果题干里本来就有花括号，请写成 \\{{ 和 \\}}"
GIFT_UNCLOSED_TITLE = "题目名称的 :: 没有闭合"
GIFT_UNCLOSED_TITLE_HINT = "写成 ::名称::题干{{…}}；题干中的冒号请写成 \\:"
GIFT_MISSING_WORD = "答案部分后面还有文字：这是填空题（missing word），不支持"
GIFT_MISSING_WORD_HINT = "把 {{…}} 移到题干末尾，改成选择题"
GIFT_ESSAY = "答案部分是空的 {{}}：这是问答题（essay），不支持"
GIFT_NUMERIC = "{{# …}} 是数值题，不支持"
GIFT_MATCHING = "含有 -> 的是匹配题，不支持"
GIFT_SHORT_ANSWER = "只有 = 没有 ~ 的是简答题（short answer），不支持"
GIFT_MANY_RIGHT = "有 {n} 个以 = 开头的正确答案；单选题只能有一个 ="
GIFT_MANY_RIGHT_HINT = "多选题请写成 ~%50%甲 ~%50%乙 ~%-100%丙 这样的形式"
GIFT_PARTIAL = "按比例给分（{weights}）不支持：多选题的正确选项必须平分 100%，错误选项为 0 或负分"
GIFT_BAD_WEIGHT = "权重 “{weight}” 无效"
GIFT_BAD_WEIGHT_HINT = "写成 %50% 或 %-100% 这样的百分数"
GIFT_UNSUPPORTED_HINT = "pingan 只支持单选、多选（全对才得分）、判断题；请改写或删除这道题"
GIFT_NO_RIGHT = "没有正确答案（没有 = 也没有正分的 ~%…%）"
GIFT_NO_RIGHT_HINT = "在正确选项前写 ="
GIFT_FEEDBACK_MERGED = "选项后的反馈（#…）已并入解析"
GIFT_FEEDBACK_MERGED_HINT = "pingan 每题只有一段解析；导入后可在 YAML 中修改 explanation"
GIFT_FEEDBACK_LABEL = "选“{option}”："
GIFT_FEEDBACK_WRONG = "答错时："
GIFT_FEEDBACK_RIGHT = "答对时："
GIFT_NOT_UNDERSTOOD = "看不懂答案部分：选项应以 = 或 ~ 开头，判断题写 T 或 F"
GIFT_NOT_UNDERSTOOD_HINT = "例如 {{=正确选项 ~错误选项 ~错误选项}}；如果是别的题型，pingan 不支持"

# --- Aiken ----------------------------------------------------------------------------------------
AIKEN_NO_OPTIONS = "题干后面没有选项"
AIKEN_NO_OPTIONS_HINT = "每个选项单独一行，写成“A. 选项内容”"
AIKEN_NO_ANSWER = "这道题缺少 ANSWER: 行"
AIKEN_NO_ANSWER_HINT = "在选项后面另起一行写 ANSWER: B"
AIKEN_OPTION_ORDER = "选项字母应为 {expected}，这里是 {got}"
AIKEN_OPTION_ORDER_HINT = "选项按 A、B、C… 依次排列"
AIKEN_TEXT_AFTER_OPTIONS = "选项之后应当是 ANSWER: 行，这里是别的文字"
AIKEN_TEXT_AFTER_OPTIONS_HINT = "一个选项只能占一行；题干要写在选项前面"
AIKEN_MULTI_ANSWER = "ANSWER: {value} 有多个答案；Aiken 格式只支持单选题"
AIKEN_MULTI_ANSWER_HINT = "多选题请改用 GIFT 格式"
AIKEN_BAD_ANSWER = "答案 “{value}” 不是本题的选项（可选：{letters}）"
AIKEN_BAD_ANSWER_HINT = "ANSWER: 后面写一个选项字母"
AIKEN_ANSWER_WITHOUT_QUESTION = "ANSWER: 前面没有题目"
AIKEN_ANSWER_WITHOUT_QUESTION_HINT = "检查是否多写了一行 ANSWER:"
AIKEN_CANNOT_MULTIPLE = "第 {n} 题 {id} 是多选题，Aiken 格式只能保存单选题"
AIKEN_CANNOT_MULTIPLE_HINT = "改用 --format gift，或加 --skip-unsupported 跳过这些题"
AIKEN_SKIPPED_MULTIPLE = "Aiken 格式不能保存多选题，已跳过 {count} 道：{ids}"
AIKEN_DROPPED_EXPLANATIONS = "Aiken 格式不能保存解析，已略去 {count} 道题的解析：{ids}"
AIKEN_DROPPED_EXTRAS = "Aiken 格式不能保存标签和出处，已略去 {count} 道题的标签或出处：{ids}"
AIKEN_LOSSY_HINT = "要完整保留请用 --format gift"
AIKEN_OPTION_NEWLINE = "第 {n} 题 {id} 的选项含换行，Aiken 中已改为空格"

# --- Moodle XML -----------------------------------------------------------------------------------
XML_SYNTAX = "XML 格式错误：{detail}"
XML_SYNTAX_HINT = "文件应是 Moodle 导出的“Moodle XML 格式”题库"
XML_NOT_QUIZ = "根元素应为 <quiz>，这里是 <{tag}>"
XML_UNSUPPORTED_TYPE = "{type} 类型的题目不支持"
XML_UNSUPPORTED_TYPE_HINT = "pingan 只支持 multichoice（单选、多选）和 truefalse（判断）题"
XML_NO_TEXT = "题目没有题干（questiontext）"
XML_NO_TEXT_HINT = "补上 <questiontext><text>…</text></questiontext>"
XML_PARTIAL = "按比例给分（fraction {weights}）不支持：多选题的正确选项必须平分 100，错误选项为 0 或负分"
XML_SINGLE_MANY = "单选题有 {n} 个 fraction=100 的答案"
XML_SINGLE_MANY_HINT = "单选题只能有一个正确答案；多选题请把 <single> 设为 false"
IMPORTED_FROM = "由 pingan quiz import 从 {source} 导入；格式见 docs/content-format.md"
