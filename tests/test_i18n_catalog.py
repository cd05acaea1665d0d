"""The catalog is complete: every string a person reads is marked for translation, and the
Simplified Chinese catalog translates every marked string.

The first test reads the code (AST) for literal text handed to the places a person sees it —
widgets, toasts, titles, key descriptions, errors, the CLI's output and help — that is not
wrapped in ``_()``/``N_()``/``ngettext()``. A literal with no letters ("—", "⛔") is not text.
A line may opt out with ``# i18n: literal`` (a file format's own words, a command's name).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import i18n as catalog_tool  # noqa: E402  (scripts/i18n.py)

from ritual.i18n import catalog, read_po  # noqa: E402

# Calls whose positional or keyword arguments are shown to a person.
SHOWN_CALLS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    # Textual
    "notify": ((0,), ("message", "title")),
    "Label": ((0,), ()),
    "Static": ((0,), ()),
    "Button": ((0,), ("label", "tooltip")),
    "Input": ((), ("placeholder", "tooltip")),
    "TextArea": ((), ("placeholder",)),
    "Checkbox": ((0,), ("label",)),
    "RadioButton": ((0,), ("label",)),
    "Switch": ((), ("tooltip",)),
    "Binding": ((2,), ("description", "tooltip")),
    "SystemCommand": ((0, 1), ("title", "help")),
    "Content": ((0,), ()),
    "Text": ((0,), ()),
    "safe": ((0,), ()),
    "safe_line": ((0,), ()),
    "ConfirmDialog": ((0, 1), ("question", "title", "yes", "no")),
    "PromptDialog": ((0, 1), ("title", "prompt", "placeholder")),
    # the command line
    "add_argument": ((), ("help",)),
    "add_parser": ((), ("help", "description")),
    "Parser": ((), ("description",)),
    "fail": ((0,), ()),
    "emit_line": ((0,), ()),
    "print": ((0,), ()),
    "emit_table": ((0,), ()),
    # tables and text widgets
    "add_column": ((0,), ("label",)),
    "add_columns": ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ()),
    "update": ((0,), ()),
    "set_options": ((0,), ()),
}
SHOWN_ASSIGNMENTS = {
    "TITLE",
    "SUB_TITLE",
    "HELP_TITLE",
    "BORDER_TITLE",
    "title",
    "sub_title",
    "border_title",
    "border_subtitle",
    "READ_ONLY_TEXT",
}
MARKERS = {"_", "N_", "ngettext", "pgettext", "NP_"}
SOURCES = ("ritual", "screens", "storage")
OPT_OUT = "# i18n: literal"


def _has_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values if isinstance(part, ast.Constant))
    return False


def _literals(node: ast.AST):
    """The literal texts ``node`` is made of (a + b, x if c else y, a literal's .format())."""
    if isinstance(node, ast.Constant | ast.JoinedStr):
        if _has_words(node):
            yield node
    elif isinstance(node, ast.BinOp):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            yield from _literals(element)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        yield from _literals(node.func.value)


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def untranslated(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: list[tuple[int, str]] = []

    def report(node: ast.AST, where: str) -> None:
        line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
        if OPT_OUT in line:
            return
        text = ast.unparse(node)[:60]
        found.append((node.lineno, f"{path.relative_to(ROOT)}:{node.lineno}: {where}: {text}"))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in SHOWN_CALLS:
                positions, keywords = SHOWN_CALLS[name]
                args = [a for i, a in enumerate(node.args) if i in positions]
                args += [k.value for k in node.keywords if k.arg in keywords]
                for arg in args:
                    for literal in _literals(arg):
                        report(literal, name)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            for literal in _literals(node.exc.args[0]):
                report(literal, "raise")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {_name(t) for t in targets}
            if names & SHOWN_ASSIGNMENTS and node.value is not None:
                for literal in _literals(node.value):
                    report(literal, "assignment")
    return [text for _line, text in sorted(found)]


def test_every_shown_literal_is_marked_for_translation():
    problems = [
        problem
        for source in SOURCES
        for path in sorted((ROOT / source).rglob("*.py"))
        for problem in untranslated(path)
    ]
    assert not problems, f"{len(problems)} texts not marked for translation:\n" + "\n".join(
        problems
    )


def test_the_scanner_finds_each_kind():
    sample = ROOT / "tests" / "_i18n_sample.py"
    sample.write_text(
        "from ritual.i18n import _, N_\n"
        "self.notify('Card moved')\n"  # found
        "self.notify(_('Card moved'))\n"  # marked
        "Label(f'{n} cards')\n"  # found: an f-string
        "Label(_('{n} cards').format(n=n))\n"  # marked
        "Binding('x', 'go', 'Go')\n"  # found
        "Binding('x', 'go', N_('Go'))\n"  # marked
        "raise RitualError('No such card')\n"  # found
        "Static('—')\n"  # no words
        "fail('refused')  # i18n: literal\n"  # opted out
        "TITLE = 'Board'\n",  # found
        encoding="utf-8",
    )
    try:
        found = untranslated(sample)
    finally:
        sample.unlink()
    assert [f.split(": ")[1] for f in found] == [
        "notify",
        "Label",
        "Binding",
        "raise",
        "assignment",
    ]


def test_the_chinese_catalog_translates_every_marked_string():
    gaps = catalog_tool.missing("zh_CN")
    assert not gaps, f"zh_CN lacks {len(gaps)} translations (python scripts/i18n.py update):\n" + (
        "\n".join(gaps[:50])
    )


def test_the_apps_reader_agrees_with_babel():
    """ritual reads .po files itself (no compile step); Babel is the reference reader."""
    from babel.messages.pofile import read_po as babel_read_po

    path = catalog_tool.po_path("zh_CN")
    with path.open("rb") as f:
        reference = babel_read_po(f)
    expected = {}
    for message in reference:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            if all(message.string):
                expected[message.id[0]] = list(message.string)
        elif message.string:
            key = f"{message.context}\x04{message.id}" if message.context else message.id
            expected[key] = message.string
    assert read_po(path.read_text(encoding="utf-8")) == expected
    assert catalog("zh_CN") == expected


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ('msgid "a"\nmsgstr "甲"\n', {"a": "甲"}),
        ('#, fuzzy\nmsgid "a"\nmsgstr "甲"\n', {}),
        ('msgid ""\n"long "\n"text"\nmsgstr ""\n"长"\n"文"\n', {"long text": "长文"}),
        ('msgid "q\\"x\\n"\nmsgstr "引\\"号\\n"\n', {'q"x\n': '引"号\n'}),
        (
            'msgid "{n} card"\nmsgid_plural "{n} cards"\nmsgstr[0] "{n} 张卡片"\n',
            {"{n} card": ["{n} 张卡片"]},
        ),
        ('msgid "a"\nmsgstr ""\n', {}),
        (
            'msgctxt "retro prompt"\nmsgid "Start"\nmsgstr "开始做"\n',
            {"retro prompt\x04Start": "开始做"},
        ),
    ],
)
def test_reading_po_entries(text, entries):
    assert read_po(text) == entries


def _placeholders(text: str) -> set[str]:
    import string

    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_translation_keeps_the_placeholders_of_its_english():
    """A translation that drops or renames ``{id}`` would raise at .format(): a crash in Chinese
    only. Each translation names exactly the placeholders of its English."""
    wrong = []
    for msgid, text in catalog("zh_CN").items():
        msgid = msgid.rpartition("\x04")[2]
        forms = text if isinstance(text, list) else [text]
        for form in forms:
            if _placeholders(form) != _placeholders(msgid):
                wrong.append(f"{msgid!r} -> {form!r}")
    assert not wrong, "\n".join(wrong)


def test_an_unknown_language_is_refused_in_one_line(tmp_path: Path):
    import subprocess

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ritual",
            "--lang",
            "xx",
            "card",
            "list",
            "--db",
            str(tmp_path / "t.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "xx" in result.stderr and "zh_CN" in result.stderr
    assert not (tmp_path / "t.json").exists()


def test_every_marked_literal_reaches_the_catalog():
    """Babel misses a marker it cannot see as a call, e.g. ``f"**{_('Notes')}**"`` inside an
    f-string: such a text would silently stay English. Every literal handed to a marker in the
    code must be in what the extractor finds."""
    extracted = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog_tool.extract()
        if m.id
    }
    lost = []
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and _name(node.func) in MARKERS):
                    continue
                args = node.args
                context = None
                if _name(node.func) in {"pgettext", "NP_"} and len(args) == 2:
                    if not isinstance(args[0], ast.Constant):
                        continue
                    context, args = args[0].value, args[1:]
                text = args[0].value if args and isinstance(args[0], ast.Constant) else None
                if isinstance(text, str) and text and (context, text) not in extracted:
                    lost.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}")
    assert not lost, "marked but not extracted (inside an f-string?):\n" + "\n".join(lost)
