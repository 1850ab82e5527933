"""The Persian catalogues, one per layer, kept with Babel: extract, update, compile, import.

    python -m tools.catalogues update                 # after adding or changing a _() string
    python -m tools.catalogues translate ENGLISH PERSIAN   # give one string its Persian
    python -m tools.catalogues compile                # after editing a .po by hand or merging one
    python -m tools.catalogues import-dict FILE.py …  # entries of old-style `{"English": "Persian"}` files
    python -m tools.catalogues import-dict --branch BRANCH   # … of every messages_fa*.py on a branch

`update` extracts every string handed to `_()`, `N_()`, a user error or a verify finding from app/,
printing/ and ui/, puts each in the catalogue of the lowest layer that uses it (app < printing < ui;
the window reads ui → printing → app), keeps the Persian already known in any catalogue, writes
the .po files sorted by English and compiles them to the .mo files the program reads. Strings left
without Persian are listed: write their msgstr in the .po and run `compile` (or `translate`).

Merging a branch that still adds to the old dict files: merge, `git rm` the dict files it brought back,
then `import-dict --branch BRANCH` (Persian the catalogues already hold is kept; `--overwrite` takes
the branch's). Whatever it prints as left out is either dead on that branch too or its code is not merged.
"""
from __future__ import annotations

import argparse
import datetime
import string
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.i18n import LAYERS
from app.i18n_scan import ERROR_CLASSES
from tools.dict_import import OLD_FILES, entries_from_branch, entries_from_files

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {name: None for name in ("_", "N_", "finding", *sorted(ERROR_CLASSES))}  # first argument each
BRACES = "python-brace-format"
WHAT = {"app": "the core, its services, reports and command line",
        "printing": "receipts, printed reports and printers",
        "ui": "the desktop window"}
HEADER = """\
# Persian words of Pishkhan Desk: {layer}/ ({what}).
# msgid: the English source string in the code; msgstr: its Persian, same {{placeholders}}.
# A string used by several layers lives only in the lowest one's catalogue: app < printing < ui.
# After changing strings in the code: python -m tools.catalogues update
# After editing a msgstr here:         python -m tools.catalogues compile
#"""


@dataclass
class Use:
    """Where a string is used: the lowest layer, and every file (for the translator's context)."""

    layer: str
    files: set[str] = field(default_factory=set)


@dataclass
class Outcome:
    """What an update did, to tell the developer."""

    counts: dict[str, int] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)  # imported entries no code uses (old files keep dead ones)


def catalogue_path(root: Path, layer: str, suffix: str = ".po") -> Path:
    """As app.i18n.catalogue_path, under `root` (a checkout; the tests use a small one)."""
    return root / layer / "locale" / "fa" / "LC_MESSAGES" / f"{layer}{suffix}"


def extract(root: Path = ROOT) -> dict[str, Use]:
    """Every translatable string in the code, with the lowest layer that uses it."""
    used: dict[str, Use] = {}
    for layer in LAYERS:
        found = extract_from_dir(root / layer, method_map=[("**.py", "python")], keywords=KEYWORDS)
        for filename, _line, message, _comments, _context in found:
            if isinstance(message, str) and message:
                use = used.setdefault(message, Use(layer))
                use.files.add(f"{layer}/{filename}".replace("\\", "/"))
    return used


def read_catalogue(root: Path, layer: str) -> Catalog:
    path = catalogue_path(root, layer)
    if not path.exists():
        now = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
        return Catalog(locale="fa", domain=layer, project="Pishkhan Desk", version="1",
                       header_comment=HEADER.format(layer=layer, what=WHAT[layer]), creation_date=now,
                       revision_date=now, msgid_bugs_address="the project's issue tracker",
                       last_translator="Pishkhan Desk", language_team="Persian", fuzzy=False)
    with open(path, "rb") as fh:
        return read_po(fh, locale="fa", domain=layer)


def known_persian(catalogues: Mapping[str, Catalog]) -> dict[str, str]:
    """Reviewed Persian from every catalogue, whichever layer held it (strings move between layers)."""
    known: dict[str, str] = {}
    for layer in LAYERS:
        for message in catalogues[layer]:
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                known.setdefault(message.id, str(message.string))
    return known


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def _template(layer: str, used: Mapping[str, Use]) -> Catalog:
    template = Catalog(domain=layer)
    for text, use in used.items():
        if use.layer == layer:
            flags = [BRACES] if placeholders(text) else []
            files = [(path, None) for path in sorted(use.files)]  # no line numbers: they churn in every diff
            template.add(text, locations=files, flags=flags)  # type: ignore[arg-type]
    return template


def _settle(message: Message, known: Mapping[str, str], taken: set[str]) -> None:
    """Exact Persian known anywhere wins over an empty or fuzzy guess, Persian just imported over any;
    flags follow the msgid."""
    assert isinstance(message.id, str)
    if message.id in known and (not message.string or message.fuzzy or message.id in taken):
        message.string = known[message.id]
        message.flags.discard("fuzzy")
        message.previous_id = []
    message.flags.discard(BRACES)
    if placeholders(message.id):
        message.flags.add(BRACES)


def update(root: Path = ROOT, imported: Mapping[str, str] | None = None, overwrite: bool = False) -> Outcome:
    """Bring the three catalogues in line with the code (and `imported` Persian); write and compile."""
    used = extract(root)
    catalogues = {layer: read_catalogue(root, layer) for layer in LAYERS}
    known = known_persian(catalogues)
    outcome = Outcome()
    taken = _take_imported(known, imported or {}, used, overwrite, outcome)
    for layer, catalogue in catalogues.items():
        before = {m.id for m in catalogue if m.id}
        catalogue.update(_template(layer, used), update_creation_date=False)
        for message in catalogue:
            if message.id:
                _settle(message, known, taken)
                if not message.string or message.fuzzy:
                    outcome.untranslated.append(f"{catalogue_path(root, layer).relative_to(root)}: {message.id!r}"
                                                + (" (fuzzy: check it, then delete the fuzzy flag)"
                                                   if message.fuzzy else ""))
        after = {m.id for m in catalogue if m.id}
        outcome.added += [f"{layer}: {text!r}" for text in sorted(after - before, key=str)]
        outcome.dropped += [f"{layer}: {text!r}" for text in sorted(before - after, key=str)
                            if text not in used]
        outcome.counts[layer] = len(after)
        write(root, layer, catalogue)
    return outcome


def _take_imported(known: dict[str, str], imported: Mapping[str, str], used: Mapping[str, Use],
                   overwrite: bool, outcome: Outcome) -> set[str]:
    """Adds the imported Persian to `known`; returns the strings whose Persian it gave."""
    taken = set()
    for text, persian in imported.items():
        if text not in used:
            outcome.unused.append(text)
        elif placeholders(text) != placeholders(persian):
            outcome.notes.append(f"placeholders differ, not added: {text!r} -> {persian!r}")
        elif text in known and known[text] != persian and not overwrite:
            outcome.notes.append(f"kept the catalogue's {known[text]!r}, the file says {persian!r} "
                                 f"(--overwrite takes the file's): {text!r}")
        else:
            known[text] = persian
            taken.add(text)
    return taken


def write(root: Path, layer: str, catalogue: Catalog) -> None:
    """The .po (sorted by English, files without line numbers: small diffs, few merge conflicts) and its .mo."""
    path = catalogue_path(root, layer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        write_po(fh, catalogue, width=100, sort_output=True, ignore_obsolete=True, include_lineno=False)
    compile_catalogue(root, layer)


def compile_catalogue(root: Path, layer: str) -> None:
    with open(catalogue_path(root, layer), "rb") as fh:
        catalogue = read_po(fh, locale="fa", domain=layer)
    with open(catalogue_path(root, layer, ".mo"), "wb") as fh:
        write_mo(fh, catalogue, use_fuzzy=False)


def translate(root: Path, text: str, persian: str) -> Outcome:
    """One string's Persian, written to the catalogue of the layer that uses it."""
    return update(root, {text: persian}, overwrite=True)


def report(outcome: Outcome, out: Iterable[str] = (), root: Path = ROOT, verbose: bool = False) -> int:
    lines = [*out, *(f"added   {line}" for line in outcome.added), *(f"dropped {line}" for line in outcome.dropped),
             *outcome.notes]
    if outcome.unused:
        lines.append(f"left out {len(outcome.unused)} imported entries no code uses (merged the code yet?)"
                     + (":" if verbose else "; --verbose lists them"))
        lines += [f"  {text!r}" for text in outcome.unused if verbose]
    old = sorted(str(p.relative_to(root)) for layer in LAYERS for p in (root / layer).rglob(OLD_FILES))
    if old:
        lines.append("old catalogue files still here, read by nothing: git rm " + " ".join(old))
    lines.append("catalogues: " + ", ".join(f"{layer} {n}" for layer, n in outcome.counts.items()))
    if outcome.untranslated:
        lines.append(f"{len(outcome.untranslated)} strings need Persian (write the msgstr, then "
                     "`python -m tools.catalogues compile`):")
        lines += [f"  {line}" for line in outcome.untranslated]
    print("\n".join(lines))
    return 1 if outcome.untranslated else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.catalogues", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="extract the strings from the code into the layers' .po files; compile")
    sub.add_parser("compile", help="compile the .po files into the .mo files the program reads")
    one = sub.add_parser("translate", help="give one English string its Persian")
    one.add_argument("english")
    one.add_argument("persian")
    old = sub.add_parser("import-dict", help="move the entries of old {English: Persian} dict files in")
    old.add_argument("files", nargs="*", type=Path)
    old.add_argument("--branch", help="read every messages_fa*.py of this git branch (or commit)")
    old.add_argument("--overwrite", action="store_true", help="the file's Persian wins over the catalogue's")
    old.add_argument("--verbose", action="store_true", help="list the entries left out because no code uses them")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)  # a checkout (the tests')
    args = parser.parse_args(argv)
    if args.command == "compile":
        for layer in LAYERS:
            compile_catalogue(args.root, layer)
        return 0
    if args.command == "translate":
        return report(translate(args.root, args.english, args.persian), root=args.root)
    if args.command == "import-dict":
        found = entries_from_files(args.files)
        if args.branch:
            found.update(entries_from_branch(args.root, args.branch))
        return report(update(args.root, found.entries, args.overwrite), found.sources, args.root, args.verbose)
    return report(update(args.root), root=args.root)


if __name__ == "__main__":
    sys.exit(main())
