"""Translations: one language per process, English by default, catalogs read from .po files.

Strings are written in English in the code and marked for extraction (Babel, `scripts/i18n.py`):
``_("Home")`` translates when called; ``N_("Home")`` only marks a string defined before the
language is known (class attributes such as bindings, module constants), translated where it is
shown with ``_(value)``. Placeholders are named and filled after translation:
``_("Card {id} moved").format(id=42)`` — an f-string inside ``_()`` would never match.

The language comes from ``--lang``, then ``RITUAL_LANG``, then ``lang`` in the config file, then
the locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``). The catalog is a plain .po file
in the package (``ritual/locale/<lang>/LC_MESSAGES/ritual.po``) read once, on first use: no
compiled .mo to keep in step, nothing read for English.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from pathlib import Path

from ritual.errors import RitualError

DOMAIN = "ritual"
DEFAULT = "en"
# Code → the language's own name (what `--lang` accepts and what the preferences list shows).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
# pendulum's locale for each language: weekday and month names, "3 days ago".
PENDULUM_LOCALES: dict[str, str] = {"en": "en", "zh_CN": "zh"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_ALIASES = {
    "en": "en",
    "en_us": "en",
    "en_gb": "en",
    "english": "en",
    "c": "en",
    "posix": "en",
    "zh": "zh_CN",
    "zh_cn": "zh_CN",
    "zh_hans": "zh_CN",
    "zh_hans_cn": "zh_CN",
    "zh_sg": "zh_CN",
    "chinese": "zh_CN",
}

_current: dict[str, object] = {"lang": DEFAULT, "catalog": {}}


class UnknownLanguage(RitualError):
    """A language asked for by name that ritual has no catalog for."""


def normalize(tag: str) -> str | None:
    """The language code for a tag such as ``zh-CN``, ``zh_CN.UTF-8`` or ``en``; None if unknown."""
    base = tag.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").casefold()
    if not base:
        return None
    if base in _ALIASES:
        return _ALIASES[base]
    head = base.split("_", 1)[0]
    if head == "zh":
        return "zh_CN"
    if head == "en":
        return "en"
    return None


def choose(
    flag: str | None = None,
    environ: Mapping[str, str] | None = None,
    configured: str | None = None,
) -> str:
    """The language to use. ``--lang`` and ``RITUAL_LANG`` must name a known language (a typo is
    refused, not ignored); the config file's ``lang`` too; the locale only picks a language
    ritual has, and falls back to English."""
    env = environ if environ is not None else {}
    for source, value in (("--lang", flag), ("RITUAL_LANG", env.get("RITUAL_LANG"))):
        if value:
            code = normalize(value)
            if code is None:
                raise UnknownLanguage(_unknown(source, value))
            return code
    if configured:
        code = normalize(configured)
        if code is None:
            raise UnknownLanguage(_unknown("lang in the config file", configured))
        return code
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        # LANGUAGE may list several, in order of preference: "zh_CN:en".
        for part in value.split(":"):
            code = normalize(part)
            if code is not None:
                return code
        return DEFAULT
    return DEFAULT


def _unknown(source: str, value: str) -> str:
    known = ", ".join(LANGUAGES)
    return _("{source} names an unknown language {value!r}: use one of {known}").format(
        source=source, value=value, known=known
    )


def set_language(code: str) -> None:
    """Use ``code`` (a key of :data:`LANGUAGES`) from now on, in this process."""
    if code not in LANGUAGES:
        raise UnknownLanguage(_unknown("language", code))
    _current["lang"] = code
    _current["catalog"] = {} if code == DEFAULT else catalog(code)


def language() -> str:
    """The language in use (a key of :data:`LANGUAGES`)."""
    return str(_current["lang"])


def pendulum_locale() -> str:
    """pendulum's name for the language in use, for ``format(..., locale=...)``."""
    return PENDULUM_LOCALES[language()]


def _catalog() -> dict[str, str | list[str]]:
    return _current["catalog"]  # type: ignore[return-value]


def _(message: str) -> str:
    """``message`` in the language in use (itself when there is no translation)."""
    if not message:
        return message
    found = _catalog().get(message)
    return found if isinstance(found, str) and found else message


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context``, where one English word needs two translations:
    ``pgettext("retro prompt", "Start")`` (开始做) is not the stand-up's key "Start" (开始)."""
    found = _catalog().get(f"{context}\x04{message}")
    return found if isinstance(found, str) and found else message


def NP_(context: str, message: str) -> str:
    """Mark ``message`` for the catalog under ``context`` (see :func:`pgettext`), untranslated."""
    return message


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (see the module's note)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` things: ``ngettext("{n} card", "{n} cards", n).format(n=n)``."""
    found = _catalog().get(singular)
    if isinstance(found, list) and found:
        # Every language ritual has so far uses one form (Chinese) or English's two.
        form = found[0] if len(found) == 1 else found[0 if n == 1 else 1]
        if form:
            return form
    return singular if n == 1 else plural


@functools.cache
def catalog(code: str) -> dict[str, str | list[str]]:
    """The translations of ``code`` read from its .po file: msgid → msgstr, or msgid → the
    plural forms. Fuzzy and empty entries are left out, so they show in English."""
    path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    return read_po(path.read_text(encoding="utf-8"))


def read_po(text: str) -> dict[str, str | list[str]]:
    """A .po file's translations (the subset of the format Babel writes). An entry with a
    msgctxt is keyed ``context + "\\x04" + msgid``, as gettext does."""
    entries: dict[str, str | list[str]] = {}
    entry: dict[str, str] = {}
    plurals: dict[int, str] = {}
    fuzzy = False
    field = ""

    def finish() -> None:
        nonlocal entry, plurals, fuzzy, field
        msgid = entry.get("msgid", "")
        if msgid and "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if msgid and not fuzzy:
            if "msgid_plural" in entry:
                forms = [plurals[i] for i in sorted(plurals)]
                if forms and all(forms):
                    entries[msgid] = forms
            elif entry.get("msgstr"):
                entries[msgid] = entry["msgstr"]
        entry, plurals, fuzzy, field = {}, {}, False, ""

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if entry:
                finish()
            continue
        if line.startswith("#"):
            if entry and field:
                finish()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if field.startswith("msgstr["):
                index = int(field[7:-1])
                plurals[index] = plurals.get(index, "") + value
            elif field:
                entry[field] = entry.get(field, "") + value
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword == "msgid" and "msgid" in entry:
            finish()
        field = keyword
        value = ast.literal_eval(rest) if rest else ""
        if keyword.startswith("msgstr["):
            plurals[int(keyword[7:-1])] = value
        else:
            entry[keyword] = value
    if entry:
        finish()
    return entries
