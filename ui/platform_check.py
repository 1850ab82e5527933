"""When Qt cannot open a window: one line saying what is missing and how to get it.

Qt's own message ("no Qt platform plugin could be initialized … Reinstalling the application may fix
this problem") is followed by abort(), and on Linux it even blames libxcb-cursor0 when the real cause
is that there is no display. So before the application object is made, a Qt message handler listens;
on Qt's fatal start-up message it works out the real cause (the platform asked for, the display, the
system library the platform plugin cannot load) and leaves with that one line and exit code 1.
"""
from __future__ import annotations

import ctypes
import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QMessageLogContext, QtMsgType, qInstallMessageHandler

from app.i18n import _

EXIT_NO_WINDOW = 1

# The shared libraries Qt's xcb platform plugin loads, and the Debian package that carries each one.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
_MISSING = re.compile(r"^(?P<name>[^:\s]+\.so[.\d]*): cannot open shared object file")


def missing_library(error: str) -> str:
    """The library named by a dynamic loader error ('libxcb-cursor.so.0: cannot open …'), or ''."""
    m = _MISSING.match(error.strip())
    return m.group("name") if m else ""


def install_hint(library: str) -> str:
    package = DEBIAN_PACKAGES.get(library, "")
    return f"sudo apt-get install {package}" if package else ""


def platform_plugins() -> list[str]:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    names = [re.sub(r"^(lib)?q", "", p.stem.split(".")[0]) for p in folder.glob("*q*") if p.suffix in (".so", ".dll",
                                                                                                         ".dylib")]
    return sorted(set(names))


def _plugin_file(name: str) -> Path | None:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = [p for p in folder.glob(f"*q{name}.*") if p.suffix in (".so", ".dll", ".dylib")]
    return found[0] if found else None


def _load_error(name: str) -> str:
    """Why the plugin `name` cannot be loaded by the dynamic loader ('' when it loads)."""
    path = _plugin_file(name)
    if path is None:
        return ""
    try:
        ctypes.CDLL(str(path))
    except OSError as exc:
        return str(exc)
    return ""


def requested_platform() -> str:
    """The platform Qt will try: QT_QPA_PLATFORM, else what it picks by itself on this system."""
    asked = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        return asked
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    if os.environ.get("XDG_SESSION_TYPE") == "wayland" and os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def diagnose(qt_message: str = "") -> str:
    """One line: why no window can open here, and what to do about it."""
    platform = requested_platform()
    plugins = platform_plugins()
    if plugins and platform not in plugins:
        return _("Cannot open the window: Qt has no display platform «{name}» (QT_QPA_PLATFORM). Unset "
                 "QT_QPA_PLATFORM, or use one of: {names}.", name=platform, names=", ".join(plugins))
    error = _load_error(platform)
    library = missing_library(error)
    if library:
        hint = install_hint(library)
        if hint:
            return _("Cannot open the window: the system library {library} is missing. Install it with «{command}» "
                     "(or run «make run», which installs what the window needs).", library=library, command=hint)
        return _("Cannot open the window: the system library {library} is missing. Install the package that "
                 "provides it, then start the program again.", library=library)
    if error:
        return _("Cannot open the window: Qt's display platform «{name}» does not load ({error}). Reinstall the "
                 "program.", name=platform, error=error.splitlines()[0])
    if platform in ("xcb", "wayland"):
        variable = "DISPLAY" if platform == "xcb" else "WAYLAND_DISPLAY"
        if not os.environ.get(variable):
            return _("Cannot open the window: there is no display ({variable} is not set). Start the program from "
                     "the desktop; for a run without a screen set QT_QPA_PLATFORM=offscreen.", variable=variable)
        return _("Cannot open the window: the display {display} does not answer. Check that the desktop session "
                 "is running and that this user may use it.", display=os.environ.get(variable, ""))
    first = qt_message.strip().splitlines()[0] if qt_message.strip() else ""
    return _("Cannot open the window: {reason} Reinstall the program.", reason=first)


def _handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if kind == QtMsgType.QtFatalMsg:
        sys.stderr.write(diagnose(message) + "\n")
        sys.stderr.flush()
        os._exit(EXIT_NO_WINDOW)  # Qt aborts right after this handler returns: leave first, cleanly
    if (_context.category or "").startswith("qt.qpa"):
        return  # start-up guesses of the platform plugin; the fatal line above says what matters
    sys.stderr.write(message + "\n")


def watch_start_up() -> None:
    """Listen to Qt's messages until the application object exists (then `stop_watching`)."""
    qInstallMessageHandler(_handler)


def stop_watching() -> None:
    qInstallMessageHandler(None)
