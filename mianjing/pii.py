"""Personal-data detection, shared by the importer (``clean``) and the checker (``check``).

What counts as personal data here (``Finding.kind``):

``phone``            mainland mobile numbers ``1[3-9]\\d{9}``, also ``+86``/``138-1234-5678``/``138 1234 5678``
``email``            e-mail addresses (code idioms such as ``git@github.com`` and ``a@b.T`` are ignored)
``id-number``        18-digit (and 15-digit) resident-ID-like numbers with a plausible birth date
``self-intro-name``  the name in a self-introduction: ``我叫张三``、``面试官您好，我是李四，`` …
                     (placeholders such as ``我叫[你的名字]``、``我是 XX`` are not names)
``school-degree``    school + degree/enrolment statements: ``就读于某某大学``、``X大学计算机专业的研二生``
``tracking-param``   URLs carrying share/tracking parameters (``utm_*``, ``spm``, ``chksm``, ``xsec_token`` …,
                     and for mp.weixin.qq.com anything but ``__biz/mid/idx/sn``), and share short links
                     (``xhslink.com``, ``b23.tv`` …) which identify the sharer
``profile-link``     links to a person's account page (zhihu.com/people/…, xiaohongshu.com/user/profile/…,
                     space.bilibili.com/…, github.com/<user> without a repository path …)

``find`` only reports; ``redact`` rewrites: tracking parameters are stripped (the link stays), share
short links and profile links are removed (markdown link text is kept), everything else becomes
``[已移除]``.  The detectors aim at zero false positives on ordinary interview content (code,
formulas, paper titles such as "清华大学提出的 GLM"); a missed exotic case is preferred over noise
in every page of the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

__all__ = ["Finding", "KINDS", "REDACTED", "find", "redact", "strip_tracking"]

REDACTED = "[已移除]"
KINDS = (
    "phone",
    "email",
    "id-number",
    "self-intro-name",
    "school-degree",
    "tracking-param",
    "profile-link",
)


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- URLs

# Query keys that only identify the share / the sharer / the campaign.
TRACKING_KEYS = frozenset(
    """
    mpshare srcid scene
    subscene ascene chksm sessionid clicktime enterid share_source share_medium share_plat
    share_from share_tag share_id share_app_id shareid sharesource share_token spm spm_id_from
    vd_source xsec_token xsec_source from from_source isappinstalled wfr devicetype nettype
    pass_ticket exportkey wx_header fbclid gclid igshid mc_cid mc_eid ref_src zhida_source
    is_preview timestamp apptime app_platform appuid utm_psn
    """.split()
)
TRACKING_PREFIXES = ("utm_", "sharer_", "xsec_")   # weixin sharer_*, utm_*, xiaohongshu xsec_*

# mp.weixin.qq.com article links: these identify the article, everything else is tracking.
WEIXIN_KEEP = ("__biz", "mid", "idx", "sn")

# Share short links: the short code maps to the sharer's account.
SHORT_LINK_HOSTS = frozenset({"xhslink.com", "b23.tv", "v.douyin.com", "v.kuaishou.com", "dwz.cn"})

# GitHub top-level paths that are not accounts, and organisations (not persons) worth linking.
_GITHUB_NOT_USERS = frozenset(
    """
    about features topics trending collections explore marketplace sponsors orgs settings login
    join pricing enterprise security customer-stories readme search notifications new apps
    site contact team
    """.split()
)
_GITHUB_ORGS = frozenset(
    """
    huggingface pytorch microsoft google google-research google-deepmind facebookresearch openai
    deepseek-ai meta-llama nvidia thudm qwenlm vllm-project sgl-project tensorflow keras-team
    apache mistralai anthropics lm-sys state-spaces dao-ailab bigscience-workshop eleutherai
    mlc-ai ggerganov ollama langchain-ai run-llama modelscope alibaba baichuan-inc internlm
    open-compass openbmb stanford-crfm tatsu-lab karpathy
    """.split()
)

_URL_STOP = r"\s<>()\[\]{}\"'`，。；！？、）（【】《》「」"
_URL_RE = re.compile(
    r"(?:https?://|www\.)[^" + _URL_STOP + r"]+"
    r"|(?<![\w./@-])(?:xhslink\.com|b23\.tv|v\.douyin\.com|space\.bilibili\.com"
    r"|(?:www\.)?zhihu\.com/people|(?:www\.)?xiaohongshu\.com/user)/[^" + _URL_STOP + r"]*",
    re.IGNORECASE,
)
_URL_TRAIL = ".,;:!?*_~"


def _urls(text: str):
    """Yield (start, end, url) for every URL-looking token in *text*."""
    for m in _URL_RE.finditer(text):
        url = m.group(0).rstrip(_URL_TRAIL)
        if url:
            yield m.start(), m.start() + len(url), url


def _split(url: str):
    """urlsplit that also accepts scheme-less URLs ("www.x.com/…", "xhslink.com/…")."""
    if "://" not in url:
        parts = urlsplit("http://" + url)
        return parts, True
    return urlsplit(url), False


def _host(parts) -> str:
    return (parts.hostname or "").lower().removeprefix("www.")


def _is_tracking_key(key: str, host: str) -> bool:
    k = unquote(key).lower()
    if host == "mp.weixin.qq.com":
        return k not in WEIXIN_KEEP
    return k in TRACKING_KEYS or k.startswith(TRACKING_PREFIXES)


def _tracking_keys(url: str) -> list[str]:
    parts, _ = _split(url)
    host = _host(parts)
    keys = []
    for piece in parts.query.split("&"):
        if not piece:
            continue
        key = piece.split("=", 1)[0]
        if _is_tracking_key(key, host):
            keys.append(unquote(key))
    return keys


def strip_tracking(url: str) -> str:
    """Return *url* without share/tracking query parameters; everything else is kept verbatim.

    >>> strip_tracking("https://zhuanlan.zhihu.com/p/1?utm_source=wechat&x=1#frag")
    'https://zhuanlan.zhihu.com/p/1?x=1#frag'
    """
    parts, schemeless = _split(url)
    host = _host(parts)
    # keep the raw pieces (no re-encoding: "__biz=MzI5==" must stay as written)
    kept = [p for p in parts.query.split("&") if p and not _is_tracking_key(p.split("=", 1)[0], host)]
    out = urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment))
    if schemeless:
        out = out.removeprefix("http://")
    return out


def _profile(parts) -> bool:
    host = _host(parts)
    segs = [s for s in parts.path.split("/") if s]
    if host == "zhihu.com":
        return bool(segs) and segs[0] == "people"
    if host == "xiaohongshu.com":
        return segs[:2] == ["user", "profile"]
    if host == "space.bilibili.com":
        return bool(segs)
    if host in ("weibo.com", "m.weibo.cn"):
        return bool(segs) and (segs[0] in ("u", "profile") or (len(segs) == 1 and not segs[0].isdigit()))
    if host in ("douyin.com", "juejin.cn", "jianshu.com"):
        return bool(segs) and segs[0] in ("user", "u")
    if host == "linkedin.com":
        return bool(segs) and segs[0] == "in"
    if host in ("twitter.com", "x.com"):
        return len(segs) == 1 and segs[0].lower() not in ("home", "search", "explore", "i")
    if host == "blog.csdn.net":
        return len(segs) == 1
    if host == "github.com":
        return len(segs) == 1 and segs[0].lower() not in _GITHUB_NOT_USERS | _GITHUB_ORGS
    return False


def _url_findings(text: str) -> list[Finding]:
    out = []
    for start, end, url in _urls(text):
        parts, _ = _split(url)
        host = _host(parts)
        if host in SHORT_LINK_HOSTS:
            out.append(Finding("tracking-param", start, end, url))
        elif _profile(parts):
            out.append(Finding("profile-link", start, end, url))
        elif _tracking_keys(url):
            out.append(Finding("tracking-param", start, end, url))
    return out


# --------------------------------------------------------------------------- numbers, e-mail

_NB = r"(?<![0-9A-Za-z_])"  # number boundary (CJK text around a number is fine)
_NA = r"(?![0-9A-Za-z_])"
_PHONE_RE = re.compile(_NB + r"(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}" + _NA)
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID_RE = re.compile(
    _NB + r"(?:[1-9]\d{5}(?:19|20)\d{2}" + _DATE + r"\d{3}[\dXx]|[1-9]\d{7}" + _DATE + r"\d{3})" + _NA
)
_TLDS = (
    "com|cn|net|org|edu|gov|io|ai|me|cc|co|info|top|xyz|dev|app|tech|site|online|uk|de|jp|hk|tw|"
    "sg|us|ca|au|fr|ru|kr|in|email|mail"
)
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9-]+\.)+(?:" + _TLDS + r")(?![\w(-])",
    re.IGNORECASE,
)
_EMAIL_IGNORE = re.compile(r"^(?:git|noreply|no-reply)@|@(?:[\w.-]+\.)?(?:example\.(?:com|org|net)|users\.noreply\.github\.com)$", re.I)


def _number_findings(text: str) -> list[Finding]:
    out = []
    for m in _ID_RE.finditer(text):
        out.append(Finding("id-number", m.start(), m.end(), m.group(0)))
    for m in _PHONE_RE.finditer(text):
        out.append(Finding("phone", m.start(), m.end(), m.group(0)))
    for m in _EMAIL_RE.finditer(text):
        if not _EMAIL_IGNORE.search(m.group(0)):
            out.append(Finding("email", m.start(), m.end(), m.group(0)))
    return out


# --------------------------------------------------------------------------- self-introduction

_CJK = "\u4e00-\u9fff"
_GREETING = re.compile(r"(?:您|你|大家|各位)好|面试官|自我介绍|很高兴|首先介绍")
# what may follow a name in a self-introduction
_AFTER_NAME = r"(?=[，,。.！!；;、\s]|$|目前|现在|现|来自|就读|今年|毕业|本科|硕士|博士|是一名|是来自)"
_NAME_CJK = rf"[{_CJK}·]{{2,4}}?"
_NAME_LATIN = r"[A-Z][a-z]+(?: [A-Z][a-z]+)?"
_INTRO_RE = re.compile(
    rf"(?P<verb>我叫|我的名字是|我的名字叫|我名叫|本人名叫|本人姓名|姓名[：:]|我是)"
    rf"[ \t]?(?P<name>{_NAME_CJK}|{_NAME_LATIN}){_AFTER_NAME}"
)
# first characters / words that make the "name" an ordinary phrase, not a name
_NOT_NAME_START = set("它他她你这那一个从在做来对的把被也就都很还刚又想觉说用给让会能要去已正")
_NOT_NAME_WORDS = re.compile(
    r"^(?:名字|姓名|某某|本人|自己|大家|应届|学生|同学|研究|负责|面试|候选|求职|程序|算法|工程|开发|实习|"
    r"目前|现在|今天|怎么|如何|什么|这样|那样|认为|觉得|主要|希望|比较|非常|特别|真的|其实|然后|所以|因为)"
)
_NOT_NAME_END = re.compile(r"(?:生|者|员|师|人|的|了|们|吗|呢|吧|啊)$")
_PLACEHOLDER = re.compile(r"^(?:[Xx×＊*]+|某+|Name|NAME|Your ?Name)$")


def _intro_findings(text: str) -> list[Finding]:
    out = []
    for m in _INTRO_RE.finditer(text):
        name = m.group("name")
        verb = m.group("verb")
        if _PLACEHOLDER.match(name):
            continue
        if name[0] in _NOT_NAME_START or _NOT_NAME_WORDS.match(name) or _NOT_NAME_END.search(name):
            continue
        if verb == "我是":
            # "我是" is everyday speech ("我是这样理解的"): only a greeting nearby makes it an intro
            before = text[max(0, m.start() - 30) : m.start()]
            if not _GREETING.search(before):
                continue
        out.append(Finding("self-intro-name", m.start("name"), m.end("name"), name))
    return out


_SCHOOL_CH = rf"(?:(?![于在是的和与及从读我])[{_CJK}])"
_SCHOOL_RE = re.compile(
    rf"(?P<pre>就读于|毕业于|在读于|我来自|来自于|考入|考上了?|保研到|保研至)?"
    rf"(?P<school>{_SCHOOL_CH}{{2,12}}(?:大学|学院|研究生院))"
)
_DEGREE_RE = re.compile(
    r"[^。！？!?\n]{0,20}?(?:研[一二三]|硕士|博士|本科|研究生|大[一二三四]|博[一二三四五]|在读|应届|直博|专硕|学硕)"
    r"(?:生|学生|毕业生|在读|期间)?"
)
_SENT_START = re.compile(r"[。！？!?\n][^。！？!?\n]*$")


def _school_findings(text: str) -> list[Finding]:
    out = []
    for m in _SCHOOL_RE.finditer(text):
        school = m.group("school")
        if "某" in school:
            continue
        end = m.end("school")
        degree = _DEGREE_RE.match(text, end)
        # the sentence this school is mentioned in, up to the school
        head = text[: m.start()]
        sm = _SENT_START.search(head)
        sentence = head[sm.start() + 1 :] if sm else head
        if m.group("pre"):
            hit = True  # "就读于X大学" is a personal statement on its own
        elif degree:
            hit = "我" in sentence or "我" in degree.group(0) or bool(_GREETING.search(sentence))
        else:
            hit = False
        if hit:
            stop = degree.end() if degree else end
            out.append(Finding("school-degree", m.start("school"), stop, text[m.start("school") : stop]))
    return out


# --------------------------------------------------------------------------- API


def find(text: str) -> list[Finding]:
    """All personal-data findings in *text*, sorted by position (non-overlapping)."""
    urls = _url_findings(text)
    url_spans = [(s, e) for s, e, _ in _urls(text)]

    def in_url(f: Finding) -> bool:
        return any(s <= f.start and f.end <= e for s, e in url_spans)

    others = [f for f in _number_findings(text) + _intro_findings(text) + _school_findings(text) if not in_url(f)]
    found = sorted(urls + others, key=lambda f: (f.start, -f.end))
    # drop findings nested in an earlier one (an ID number also looks like it contains a phone)
    result: list[Finding] = []
    for f in found:
        if result and f.start < result[-1].end:
            continue
        result.append(f)
    return result


_MD_LINK_HEAD = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?$")
_MD_LINK_TAIL = re.compile(r">?(?:\s+\"[^\"\n]*\")?\s*\)")


def redact(text: str) -> tuple[str, list[Finding]]:
    """Return (*text* with personal data removed, the findings in the original text)."""
    findings = find(text)
    out = text
    for f in reversed(findings):
        start, end = f.start, f.end
        if f.kind == "tracking-param" and _host(_split(f.text)[0]) not in SHORT_LINK_HOSTS:
            new = strip_tracking(f.text)
        elif f.kind in ("tracking-param", "profile-link"):
            # drop the link; for a markdown link keep its text readable, for an autolink drop "<…>"
            head = _MD_LINK_HEAD.search(out, 0, start)
            tail = _MD_LINK_TAIL.match(out, end)
            if head and tail:
                start, end, new = head.start(), tail.end(), head.group(1)
            else:
                if start and out[start - 1] == "<" and out[end : end + 1] == ">":
                    start, end = start - 1, end + 1
                new = ""
        else:
            new = REDACTED
        out = out[:start] + new + out[end:]
    return out, findings
