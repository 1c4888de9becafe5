"""User-facing strings of the limits on reading YAML and XML (zh-CN).

Every file pingan reads from a user (content YAML, attendance YAML, Moodle XML,
the XML inside .xlsx and .docx) is read within limits; these are the refusals.
"""

# --- YAML ------------------------------------------------------------------------------------------
YAML_TOO_LARGE = "YAML 文件太大（{size} MB，上限 {limit} MB）"
YAML_TOO_LARGE_HINT = "内容文件通常只有几 KB 到几百 KB；请检查是否放错了文件，或把内容拆成多个文件"
YAML_TOO_DEEP = "YAML 嵌套超过 {limit} 层"
YAML_TOO_DEEP_HINT = "内容文件只用得到几层嵌套；请检查这里是否有多余的 [ 或 {，或缩进是否一层比一层深"
YAML_TOO_MANY_VALUES = "YAML 文件中的值超过 {limit} 个"
YAML_TOO_MANY_VALUES_HINT = "请把内容拆成多个文件"
YAML_ALIAS_EXPANSION = "YAML 别名 *{name} 展开后，全文由别名产生的值超过 {limit} 个"
YAML_ALIAS_EXPANSION_HINT = "别名（*名称）只适合少量重复；请把内容直接写出来，不要让别名层层引用别名"
YAML_ALIAS_RECURSIVE = "YAML 别名 *{name} 出现在它自己的锚点 &{name} 里面（循环引用）"
YAML_ALIAS_RECURSIVE_HINT = "删除这个别名，或把它移到锚点所在的内容之外"

# --- XML -------------------------------------------------------------------------------------------
XML_DTD = "XML 含有文档类型声明（<!DOCTYPE …>），出于安全考虑不读取"
XML_DTD_HINT = (
    "文档类型声明可以定义实体，用来把几行文字展开成几十亿字或读取本机文件；"
    "正常导出的文件没有这一部分，请从原软件重新导出"
)
XML_TOO_DEEP = "XML 元素嵌套超过 {limit} 层"
XML_TOO_DEEP_HINT = "正常导出的文件只有十几层嵌套；请从原软件重新导出"
XML_LONG_PROLOG = "XML 在第一个元素之前有超过 {limit} KB 的内容"
XML_LONG_PROLOG_HINT = "正常导出的文件开头只有一行 <?xml …?> 声明；请从原软件重新导出"
# An Office file is a zip of XML parts; the problem names the part.
PACKAGE_PART = "{problem}（{part} 第 {line} 行）"
PACKAGE_TOO_LARGE = "文件解压后超过 {limit} MB，不像正常导出的表格（可能是“压缩炸弹”）"
PACKAGE_TOO_LARGE_HINT = "请打开文件另存为新的 .xlsx，或把数据分成几个文件分别导入"
