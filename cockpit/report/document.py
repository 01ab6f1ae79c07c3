"""A small page model (title, sections of items and tables) written as Markdown or as one
self-contained HTML page: the minutes and the 1:1 brief build one, this module escapes it.

Every text comes from data or notes and is untrusted: control and bidi characters are escaped
(the output may be printed to a terminal), Markdown markup is escaped so a name cannot become a
link or a heading, and HTML is escaped with `html.escape`. The page has no script and loads
nothing: its style is inline and its Content-Security-Policy forbids everything else.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Literal

from cockpit.text import safe_text

Check = Literal["open", "done"] | None


@dataclass(frozen=True)
class Item:
    """One bullet: a bold lead, the text after it, sub-points and a quoted multi-line text."""

    lead: str
    """Bold words first (empty: none)."""
    text: str = ""
    points: tuple[str, ...] = ()
    quote: str | None = None
    check: Check = None
    """`open` / `done` for an action (a task-list box); None for a plain bullet."""


@dataclass(frozen=True)
class Table:
    """A small table of short cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    """A titled part of the page: paragraphs, then items, then a table."""

    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    table: Table | None = None


@dataclass(frozen=True)
class Document:
    """A page: title, the lines under it, and its sections."""

    title: str
    paragraphs: tuple[str, ...] = ()
    sections: tuple[Section, ...] = field(default_factory=tuple)


# markdown ------------------------------------------------------------------------------------

_MD_INLINE = ("\\", "`", "*", "_", "[", "]", "<", ">", "|")
# What makes a line a heading, list, quote, rule or code block when it starts one.
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=~]|\d+[.)])")


def md(text: object) -> str:
    """One line of untrusted text for Markdown: safe characters, markup escaped."""
    line = safe_text(text)
    for char in _MD_INLINE:
        line = line.replace(char, "\\" + char)
    return line


def _md_block_line(line: str) -> str:
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", md(line))


def to_markdown(doc: Document) -> str:
    """The page as Markdown, ready to paste into an e-mail or a wiki."""
    lines = [f"# {md(doc.title)}", ""]
    for paragraph in doc.paragraphs:
        lines += [_md_block_line(paragraph), ""]
    for section in doc.sections:
        lines += _md_section(section)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_section(section: Section) -> list[str]:
    lines = [f"## {md(section.title)}", ""]
    for paragraph in section.paragraphs:
        lines += [_md_block_line(paragraph), ""]
    for item in section.items:
        lines += _md_item(item)
    if section.items:
        lines.append("")
    if section.table is not None:
        lines += [*_md_table(section.table), ""]
    return lines


def _md_item(item: Item) -> list[str]:
    box = {"open": "[ ] ", "done": "[x] ", None: ""}[item.check]
    words = [f"**{md(item.lead)}**" if item.lead else "", md(item.text)]
    head = f"- {box}" + " ".join(w for w in words if w)
    lines = [head, *(f"  - {md(point)}" for point in item.points)]
    if item.quote is not None:
        lines += [f"  > {_md_block_line(line)}".rstrip() for line in item.quote.splitlines()]
    return lines


def _md_table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in table.header) + " |"]
    lines.append("|" + "---|" * len(table.header))
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in table.rows]
    return lines


# html ----------------------------------------------------------------------------------------

# System colours only: the page follows the reader's light or dark setting.
STYLE = """
:root { color-scheme: light dark; }
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: CanvasText; background: Canvas; }
h1 { font-size: 1.6rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid GrayText; }
ul { padding-left: 1.4rem; }
li { margin: 0.4rem 0; }
blockquote { margin: 0.3rem 0 0.3rem 0.5rem; padding-left: 0.8rem;
             border-left: 3px solid GrayText; }
table { border-collapse: collapse; }
th, td { border: 1px solid GrayText; padding: 0.2rem 0.6rem; text-align: left; }
.box { font-family: monospace; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def h(text: object) -> str:
    """One line of untrusted text for HTML: safe characters, escaped."""
    return html.escape(safe_text(text), quote=True)


def to_html(doc: Document) -> str:
    """The page as one self-contained HTML file: no script, nothing loaded from elsewhere."""
    body = [f"<h1>{h(doc.title)}</h1>", *(f"<p>{h(p)}</p>" for p in doc.paragraphs)]
    for section in doc.sections:
        body += _html_section(section)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(doc.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _html_section(section: Section) -> list[str]:
    parts = [f"<h2>{h(section.title)}</h2>", *(f"<p>{h(p)}</p>" for p in section.paragraphs)]
    if section.items:
        parts += ["<ul>", *(_html_item(item) for item in section.items), "</ul>"]
    if section.table is not None:
        parts.append(_html_table(section.table))
    return parts


def _html_item(item: Item) -> str:
    box = {"open": '<span class="box">[ ]</span> ', "done": '<span class="box">[x]</span> '}
    lead = f"<strong>{h(item.lead)}</strong>" if item.lead else ""
    words = " ".join(w for w in (lead, h(item.text)) if w)
    parts = [f"<li>{box.get(item.check or '', '')}{words}"]
    if item.points:
        parts.append("<ul>" + "".join(f"<li>{h(p)}</li>" for p in item.points) + "</ul>")
    if item.quote is not None:
        lines = "<br>".join(h(line) for line in item.quote.splitlines())
        parts.append(f"<blockquote>{lines}</blockquote>")
    return "".join(parts) + "</li>"


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{h(c)}</th>" for c in table.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{h(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def render(doc: Document, fmt: str) -> str:
    """The page as Markdown, or (`fmt` "html") as a self-contained HTML page."""
    return to_html(doc) if fmt == "html" else to_markdown(doc)
