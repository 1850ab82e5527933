"""The catalogue tool a developer (and the lead, at a merge) runs: strings land in the catalogue of the
lowest layer that uses them, Persian already known is kept when a string moves, old-style dict files
move in, and the .mo the program reads is written beside each .po."""
from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tools import catalogues

CODE = {
    "app/core.py": '_("Cash")\nraise UserError("Bad amount: {value}", value=v)\n',
    "printing/receipt.py": '_("Receipt {number}", number=n)\n_("Cash")\n',
    "ui/screen.py": 'label = _("Copy details")\n_("Receipt {number}", number=n)\nNAMES = [N_("Cancel")]\n',
}
OLD = '''FA_X: dict[str, str] = {
    "Cash": "نقدی",
    "Bad amount: {value}": "مبلغ نادرست: {value}",
    "Receipt {number}": "رسید {number}",
    "Copy details": "رونوشت "
        "جزئیات",
    "No longer used": "دیگر به کار نمی‌رود",
    "Cancel": "انصراف {x}",
}
'''


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for name, text in CODE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "messages_fa_x.py").write_text(OLD, encoding="utf-8")
    return tmp_path


def po(root: Path, layer: str) -> dict[str, tuple[str, bool]]:
    with open(catalogues.catalogue_path(root, layer), "rb") as fh:
        return {m.id: (m.string, m.fuzzy) for m in read_po(fh) if m.id}


def mo(root: Path, layer: str) -> gettext.GNUTranslations:
    with open(catalogues.catalogue_path(root, layer, ".mo"), "rb") as fh:
        return gettext.GNUTranslations(fh)


def run(root: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = catalogues.main(["--root", str(root), *argv])
    return code, capsys.readouterr().out


def test_an_old_dict_file_moves_into_the_lowest_layer_s_catalogue(checkout: Path, capsys) -> None:
    code, out = run(checkout, "import-dict", str(checkout / "messages_fa_x.py"), capsys=capsys)
    assert po(checkout, "app") == {"Cash": ("نقدی", False), "Bad amount: {value}": ("مبلغ نادرست: {value}", False)}
    assert po(checkout, "printing") == {"Receipt {number}": ("رسید {number}", False)}
    assert po(checkout, "ui") == {"Copy details": ("رونوشت جزئیات", False), "Cancel": ("", False)}
    assert mo(checkout, "printing").gettext("Receipt {number}") == "رسید {number}"
    assert mo(checkout, "app").gettext("Bad amount: {value}") == "مبلغ نادرست: {value}"
    # what was left out, and why
    assert "left out 1 imported entries no code uses" in out and "'No longer used'" not in out
    assert "placeholders differ" in out and "ui/locale/fa/LC_MESSAGES/ui.po: 'Cancel'" in out
    assert code == 1  # a string still needs Persian

    _code, out = run(checkout, "import-dict", "--verbose", str(checkout / "messages_fa_x.py"), capsys=capsys)
    assert "'No longer used'" in out

    code, out = run(checkout, "translate", "Cancel", "انصراف", capsys=capsys)
    assert code == 0 and po(checkout, "ui")["Cancel"] == ("انصراف", False)
    assert mo(checkout, "ui").gettext("Cancel") == "انصراف"


def test_a_string_keeps_its_persian_when_a_lower_layer_starts_using_it(checkout: Path, capsys) -> None:
    run(checkout, "import-dict", str(checkout / "messages_fa_x.py"), capsys=capsys)
    (checkout / "app" / "more.py").write_text('_("Copy details")\n', encoding="utf-8")
    code, out = run(checkout, "update", capsys=capsys)
    assert po(checkout, "app")["Copy details"] == ("رونوشت جزئیات", False)
    assert "Copy details" not in po(checkout, "ui")
    assert "added   app: 'Copy details'" in out


def test_a_changed_english_string_gets_the_old_persian_marked_for_review(checkout: Path, capsys) -> None:
    run(checkout, "import-dict", str(checkout / "messages_fa_x.py"), capsys=capsys)
    (checkout / "app" / "core.py").write_text('_("Cash")\nraise UserError("Bad amount: {value}!", value=v)\n',
                                              encoding="utf-8")
    code, out = run(checkout, "update", capsys=capsys)
    assert po(checkout, "app")["Bad amount: {value}!"] == ("مبلغ نادرست: {value}", True)
    assert mo(checkout, "app").gettext("Bad amount: {value}!") == "Bad amount: {value}!"  # not used until reviewed
    assert code == 1 and "fuzzy" in out


def test_persian_already_in_a_catalogue_wins_unless_asked_otherwise(checkout: Path, capsys) -> None:
    run(checkout, "import-dict", str(checkout / "messages_fa_x.py"), capsys=capsys)
    other = checkout / "messages_fa_other.py"
    other.write_text('FA = {"Cash": "پول نقد"}\n', encoding="utf-8")
    _code, out = run(checkout, "import-dict", str(other), capsys=capsys)
    assert po(checkout, "app")["Cash"] == ("نقدی", False) and "kept the catalogue's" in out
    run(checkout, "import-dict", "--overwrite", str(other), capsys=capsys)
    assert po(checkout, "app")["Cash"] == ("پول نقد", False)


def test_a_branch_s_dict_files_are_read_from_git(checkout: Path, capsys) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=checkout, check=True,
                       capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "code and an old catalogue")
    git("checkout", "-q", "-b", "feature")
    (checkout / "ui" / "messages_fa_feature.py").write_text('FA_F = {"Copy details": "رونوشت"}\n', encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "another old catalogue")
    git("checkout", "-q", "main")
    git("merge", "-q", "feature")  # as the lead merges it: the old file comes along, to be deleted
    code, out = run(checkout, "import-dict", "--branch", "feature", "--overwrite", capsys=capsys)
    assert "read 6 entries from feature:messages_fa_x.py" in out
    assert "read 1 entries from feature:ui/messages_fa_feature.py" in out
    assert po(checkout, "ui")["Copy details"] == ("رونوشت", False)  # the later file's, with --overwrite
    assert "old catalogue files still here, read by nothing: git rm ui/messages_fa_feature.py" in out
