"""Personal data (format guide §7): every line, code blocks included (see mianjing.pii)."""

from __future__ import annotations

from .. import pii
from ..page import Page
from .core import Context, rule


@rule("E-PII")
def personal_data(page: Page, ctx: Context):
    for ln in page.lines:
        for f in pii.find(ln.raw):
            if f.kind == "tracking-param":
                fixed = pii.strip_tracking(f.text)
                how = f"改成 {fixed}" if fixed != f.text else "分享短链接会暴露分享者，请删除或换成原文链接"
                yield ln.no, f"链接带分享跟踪参数：{how}"
            elif f.kind == "profile-link":
                yield ln.no, f"个人主页链接（{f.text}）：请删除，引用文章或仓库本身"
            else:
                yield ln.no, f"第 {f.start + 1} 列疑似个人信息（{f.kind}）：请删除（姓名、学校、电话、邮箱、证件号都不能出现）"
