"""The receipt printer section of the settings: where the printer is, its paper, the cash drawer, and a
test page. Stored as the office setting PRINTER (`printing.printers.PrinterConfig` as JSON). A test page
goes through the desk's printer runner: a slow printer never holds up the database work."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.security import Action
from app.services.office import read_setting, set_setting
from app.settings_registry import PRINTER
from printing.printers import KINDS, PrinterConfig, PrinterError
from ui.admin_common import AdminPage
from ui.desk import Desk
from ui.widgets import button_row

KIND_NAMES = {"network": N_("Network (IP address)"), "usb": N_("USB"), "serial": N_("Serial port (COM)"),
              "file": N_("Device file or shared printer"), "cups": N_("System printer (CUPS)"),
              "windows": N_("Windows printer")}
# The settings rows each kind of printer needs (the rest are hidden).
KIND_FIELDS = {"network": ("host", "port"), "usb": ("usb_vendor", "usb_product"),
               "serial": ("serial_device", "baudrate"), "file": ("file_path",), "cups": ("printer_name",),
               "windows": ("printer_name",)}
def _hex(value: int) -> str:
    return f"0x{value:04x}" if value else ""


class PrinterPage(AdminPage):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.printing = desk.printer  # a slow printer must not hold up database work
        self.saved = PrinterConfig()
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(_(KIND_NAMES[kind]), kind)
        self.fields: dict[str, QWidget] = {
            "host": QLineEdit(), "port": self._spin(1, 65535), "usb_vendor": QLineEdit(), "usb_product": QLineEdit(),
            "serial_device": QLineEdit(), "baudrate": QComboBox(), "file_path": QLineEdit(),
            "printer_name": QLineEdit()}
        for rate in ("9600", "19200", "38400", "115200"):
            self.fields_combo("baudrate").addItem(rate, int(rate))
        self.paper = QComboBox()
        self.paper.addItem(_("80 mm"), 80)
        self.paper.addItem(_("58 mm"), 58)
        self.narrow = QCheckBox(_("This 80 mm printer prints only 72 mm (512 dots)"))
        self.drawer = QCheckBox(_("Open the cash drawer for cash payments"))
        self.cut = QCheckBox(_("Cut the paper after each receipt"))
        self.copies = self._spin(1, 5)
        self.save_button = QPushButton(_("Save the printer settings"))
        self.test_button = QPushButton(_("Print a test page"))
        self.form = QFormLayout()
        self._build()
        self.kind.currentIndexChanged.connect(self._show_fields)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.print_test)
        self.load()

    @staticmethod
    def _spin(low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        return spin

    def fields_combo(self, name: str) -> QComboBox:
        widget = self.fields[name]
        assert isinstance(widget, QComboBox)
        return widget

    def _build(self) -> None:
        labels = {"host": _("Address (IP or name)"), "port": _("Port"), "usb_vendor": _("USB vendor id"),
                  "usb_product": _("USB product id"), "serial_device": _("Serial port"), "baudrate": _("Speed (baud)"),
                  "file_path": _("Device or path"), "printer_name": _("Printer name")}
        self.form.addRow(_("Printer type"), self.kind)
        for name, widget in self.fields.items():
            widget.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            self.form.addRow(labels[name], widget)
        self.form.addRow(_("Paper width"), self.paper)
        self.form.addRow("", self.narrow)
        self.form.addRow(_("Copies of each receipt"), self.copies)
        self.form.addRow("", self.cut)
        self.form.addRow("", self.drawer)
        self.guard(self.save_button, Action.CHANGE_SETTINGS)
        self.guard(self.test_button, Action.CHANGE_SETTINGS)
        buttons = button_row(self.save_button, self.test_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._show_fields()

    def _show_fields(self) -> None:
        wanted = KIND_FIELDS.get(str(self.kind.currentData()), ())
        for name, widget in self.fields.items():
            self.form.setRowVisible(widget, name in wanted)

    def load(self) -> None:
        db = self.db
        self.call(lambda: read_setting(db, PRINTER), self._loaded)

    def _loaded(self, raw: str) -> None:
        try:
            self.saved = PrinterConfig.from_json(raw) if raw else PrinterConfig()
        except PrinterError as err:
            self.message.show_error(err.message)
            self.saved = PrinterConfig()
        self.set_config(self.saved)

    def set_config(self, cfg: PrinterConfig) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(cfg.kind)))
        for name in ("host", "serial_device", "file_path", "printer_name"):
            self._line(name).setText(str(getattr(cfg, name)))
        self._line("usb_vendor").setText(_hex(cfg.usb_vendor))
        self._line("usb_product").setText(_hex(cfg.usb_product))
        port = self.fields["port"]
        assert isinstance(port, QSpinBox)
        port.setValue(int(cfg.port))
        baud = self.fields_combo("baudrate")
        if baud.findData(int(cfg.baudrate)) < 0:
            baud.addItem(str(cfg.baudrate), int(cfg.baudrate))
        baud.setCurrentIndex(baud.findData(int(cfg.baudrate)))
        self.paper.setCurrentIndex(max(0, self.paper.findData(int(cfg.paper))))
        self.narrow.setChecked(int(cfg.width_px) == 512)
        self.copies.setValue(int(cfg.copies))
        self.cut.setChecked(bool(cfg.cut))
        self.drawer.setChecked(bool(cfg.drawer_kick))
        self._show_fields()

    def _line(self, name: str) -> QLineEdit:
        widget = self.fields[name]
        assert isinstance(widget, QLineEdit)
        return widget

    def config(self) -> PrinterConfig:
        """The printer the form describes (not saved). Unreadable USB ids become 0: `problems()` says so."""
        def ident(name: str) -> int:
            try:
                return int(self._line(name).text().strip() or "0", 0)
            except ValueError:
                try:
                    return int(self._line(name).text().strip(), 16)
                except ValueError:
                    return 0

        port = self.fields["port"]
        assert isinstance(port, QSpinBox)
        paper = int(self.paper.currentData())
        return PrinterConfig(
            kind=str(self.kind.currentData()), host=self._line("host").text().strip(), port=port.value(),
            usb_vendor=ident("usb_vendor"), usb_product=ident("usb_product"),
            serial_device=self._line("serial_device").text().strip(),
            baudrate=int(self.fields_combo("baudrate").currentData()), file_path=self._line("file_path").text().strip(),
            printer_name=self._line("printer_name").text().strip(), paper=paper,
            width_px=512 if paper == 80 and self.narrow.isChecked() else 0, drawer_kick=self.drawer.isChecked(),
            copies=self.copies.value(), cut=self.cut.isChecked(), timeout=self.saved.timeout)

    def save(self) -> None:
        cfg = self.config()
        problems = cfg.problems()
        if problems:
            self.message.show_error(problems[0])
            return
        db, actor, payload = self.db, self.actor, cfg.to_json()
        self.call(lambda: set_setting(db, actor, PRINTER, payload), lambda _r: self._saved(cfg))

    def _saved(self, cfg: PrinterConfig) -> None:
        self.saved = cfg
        self.message.show_info(_("The printer settings were saved."))

    def print_test(self) -> None:
        cfg = self.config()
        problems = cfg.problems()
        if problems:
            self.message.show_error(problems[0])
            return

        db = self.db

        def work() -> str | None:
            from printing.service import PrintService

            try:
                PrintService(db).print_test_page(cfg)
            except PrinterError as err:
                return str(err.message)
            return None

        self.message.show_info(_("Printing a test page…"))
        self.test_button.setEnabled(False)
        self.printing.run(work, self._tested)

    def _tested(self, problem: str | None) -> None:
        self.refresh_buttons()
        if problem:
            self.message.show_error(problem)
        else:
            self.message.show_info(_("The test page was sent. If nothing came out, check the paper and the cable."))
