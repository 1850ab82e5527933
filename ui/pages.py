"""The owner's and managers' pages, in the order they are used, each with its key (Ctrl+1 … Ctrl+9).

This list is the whole wiring: the management menu (Ctrl+M) shows it, the main window opens an entry
as a page in its own frame (Esc or Ctrl+W goes back). Each entry names the function that builds
its page, so "go to definition" leads from the menu to the screen. The screens' modules are imported
when a page first opens, not at start.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from app.i18n import N_

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget

    from ui.desk import Desk

MANAGERS = ("owner", "manager")


class PageHost(Protocol):
    """What a page may ask of the window it opens in."""

    def logout(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name


PageFactory = Callable[["Desk", PageHost], "QWidget"]


@dataclass(frozen=True)
class Page:
    title: str  # English source, translated when shown
    keys: str
    open: PageFactory
    roles: tuple[str, ...] = MANAGERS


def _dashboard(desk: Desk, host: PageHost) -> QWidget:
    from ui.owner_dashboard import dashboard_page

    return dashboard_page(desk)


def _history(desk: Desk, host: PageHost) -> QWidget:
    from ui.owner_history import history_search_page

    return history_search_page(desk)


def _reports(desk: Desk, host: PageHost) -> QWidget:
    from ui.owner_reports import reports_page

    return reports_page(desk)


def _catalogue(desk: Desk, host: PageHost) -> QWidget:
    from ui.admin_catalogue import catalogue_page

    return catalogue_page(desk)


def _staff(desk: Desk, host: PageHost) -> QWidget:
    from ui.admin_staff import staff_page

    return staff_page(desk)


def _backups(desk: Desk, host: PageHost) -> QWidget:
    from ui.admin_backup import backup_page

    return backup_page(desk, on_restored=host.logout)  # a restored database: everyone logs in again


def _tariffs(desk: Desk, host: PageHost) -> QWidget:
    from ui.admin_tariffs import tariffs_page

    return tariffs_page(desk)


def _settings(desk: Desk, host: PageHost) -> QWidget:
    from ui.admin_settings import settings_page

    return settings_page(desk)


def _office_server(desk: Desk, host: PageHost) -> QWidget:
    from ui.admin_office_server import office_server_page

    return office_server_page(desk, host)


def _check_receipt(desk: Desk, host: PageHost) -> QWidget:
    from ui.check_receipt import CheckReceiptScreen

    return CheckReceiptScreen(desk)


# In the order of use: the day's figures every evening, a receipt looked up, the month's reports; the
# catalogue and staff now and then; backups, the yearly tariff table and the settings rarely.
PAGES: tuple[Page, ...] = (
    Page(N_("Today at a glance"), "Ctrl+1", _dashboard),
    Page(N_("History"), "Ctrl+2", _history),
    Page(N_("Reports"), "Ctrl+3", _reports),
    Page(N_("Services and tariffs"), "Ctrl+4", _catalogue),
    Page(N_("Staff"), "Ctrl+5", _staff),
    Page(N_("Backups"), "Ctrl+6", _backups),
    Page(N_("Tariff update"), "Ctrl+7", _tariffs),
    Page(N_("Settings"), "Ctrl+8", _settings),
    Page(N_("Check a receipt"), "Ctrl+9", _check_receipt),
    Page(N_("Office server"), "Ctrl+0", _office_server, ("owner",)),
)
