"""Keep the translation catalogs in step with the code (Babel does the extracting).

    python scripts/i18n.py extract    # ritual/locale/ritual.pot (not kept in git) for .po editors
    python scripts/i18n.py update     # add new strings to each language's .po, drop gone ones
    python scripts/i18n.py missing [PATH-PREFIX]  # what zh_CN lacks (exit 1 if anything), as JSON
    python scripts/i18n.py fill FILE.json          # {"English": "中文", ...} into zh_CN's .po
    (an entry marked pgettext(context, "English") has the key "context\u0004English")
    python scripts/i18n.py merge BASE OURS THEIRS   # git merge driver (three-way per entry)

Translations are written into ritual/locale/<lang>/LC_MESSAGES/ritual.po by hand (or by any
.po editor); the app reads that file directly, so there is nothing to compile.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "ritual" / "locale"
POT = LOCALE / "ritual.pot"
SOURCES = ("ritual", "screens", "storage")
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}
LANGS = ("zh_CN",)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "ritual.po"


def extract() -> Catalog:
    """Every marked string in the code, with where it is."""
    catalog = Catalog(project="ritual", charset="utf-8", fuzzy=False)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / source,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("i18n:",),
            strip_comment_tags=True,
        ):
            catalog.add(
                message,
                None,
                [(f"{source}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, omit_header=False, include_lineno=False)
    # No dates in the header: they would change at every update and conflict in every merge.
    lines = [
        line
        for line in buffer.getvalue().decode("utf-8").splitlines(keepends=True)
        if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:'))
    ]
    path.write_text("".join(lines), encoding="utf-8")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def update() -> None:
    template = extract()
    for lang in LANGS:
        path = po_path(lang)
        if path.exists():
            catalog = _read(path, lang)
        else:
            catalog = Catalog(locale=lang, project="ritual", charset="utf-8", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write(catalog, path)


def missing(lang: str, prefix: str = "") -> list[str]:
    """The marked strings ``lang``'s catalog has no (or only a fuzzy) translation for (only
    those used under ``prefix``, a path such as ``screens/review``, when given)."""
    catalog = _read(po_path(lang), lang)
    out = []
    for message in extract():
        if not message.id:
            continue
        if prefix and not any(path.startswith(prefix) for path, _line in message.locations):
            continue
        found = catalog.get(message.id, message.context)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.context:
            key = f"{message.context}\x04{key}"
        if found is None or found.fuzzy:
            out.append(key)
            continue
        strings = found.string if isinstance(found.string, tuple | list) else (found.string,)
        if not all(strings):
            out.append(key)
    return out


def fill(path: str, lang: str = "zh_CN") -> int:
    """Put translations from a JSON object (English → translation; a list for plural forms)
    into ``lang``'s catalog; entries the code no longer marks are refused."""
    import json

    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    catalog = _read(po_path(lang), lang)
    unknown = []
    for key, text in translations.items():
        # "context\x04English" for an entry marked with pgettext(context, "English")
        context, _sep, msgid = key.rpartition("\x04")
        message = catalog.get(msgid, context or None)
        if message is None:
            unknown.append(key)
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(text) if isinstance(text, list) else (text,)
        else:
            message.string = text
        message.flags.discard("fuzzy")
    _write(catalog, po_path(lang))
    for msgid in unknown:
        print(f"not in the catalog (run update first?): {msgid!r}", file=sys.stderr)
    return 1 if unknown else 0


def merge(base: str, ours: str, theirs: str) -> int:
    """A git merge driver for .po files, three-way per entry: a translation changed on one side
    only is taken from that side (so a rebase keeps the replayed commit's newer wording); an
    entry added on either side is kept; changed on both sides, ours stays."""
    try:
        original = {(m.context, m.id): m.string for m in _read(Path(base)) if m.id}
    except (OSError, ValueError):
        original = {}
    mine, other = _read(Path(ours)), _read(Path(theirs))
    for message in other:
        if not message.id:
            continue
        existing = mine.get(message.id, message.context)
        if existing is None:
            mine[message.id] = message
            continue
        before = original.get((message.context, message.id))
        if existing.string == before or not existing.string:
            existing.string = message.string
            existing.flags = set(message.flags)
    _write(mine, Path(ours))
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command == "extract":
        _write(extract(), POT)
    elif command == "update":
        update()
    elif command == "missing":
        import json

        prefix = argv[1] if len(argv) > 1 else ""
        gaps = [m for lang in LANGS for m in missing(lang, prefix)]
        print(json.dumps({m: "" for m in gaps}, ensure_ascii=False, indent=1))
        return 1 if gaps else 0
    elif command == "fill":
        return fill(argv[1])
    elif command == "merge":
        return merge(*argv[1:4])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
