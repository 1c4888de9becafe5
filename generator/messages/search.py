"""User-facing strings of the sites' search (zh-CN).

The browser side keeps no strings of its own: the search box and the results list
are Material's, in the site's language.
"""

NO_THEME_SEARCH_WORKER = (
    "站点主题的搜索脚本应有 1 个，实际找到 {found} 个（assets/javascripts/workers/search.*.min.js）"
)
NO_THEME_SEARCH_WORKER_HINT = "pingan 的搜索替换 Material for MkDocs 自带的搜索脚本；请用 scripts/setup.sh 安装 pyproject.toml 中固定的 mkdocs-material 版本"
