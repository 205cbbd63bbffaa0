"""Before Qt starts on Linux: can its X11 platform plugin load? If not, say which system
libraries are missing and how to install them, in one line, instead of Qt's abort.

Qt aborts the process (a core dump and a hint about "xcb-cursor", whichever library is really
missing) when no platform plugin loads; nothing in Python can catch that. So the plugin is
loaded here first, the way Qt would (dlopen), and on failure each library it needs is tried.
Imports no Qt module: it must run before Qt does.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

# What Qt's xcb plugin links against (`ldd libqxcb.so`, PySide6 6.8-6.11), and the Debian/Ubuntu
# package of each. The base X11 and GL libraries are on every desktop, but not on a minimal one.
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
        return True
    except OSError:
        return False


def _xcb_plugin() -> Path | None:
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def uses_xcb(environ=os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will try its X11 plugin: Linux, no other platform asked for, an X display."""
    if not platform.startswith("linux"):
        return False
    wanted = environ.get("QT_QPA_PLATFORM", "")
    if wanted:
        return wanted.split(":")[0].split(";")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def missing_libraries_message(load=_loads, plugin: Path | None = None) -> str | None:
    """None when the X11 plugin loads; otherwise one line naming what is missing and how to install it."""
    plugin = plugin if plugin is not None else _xcb_plugin()
    if plugin is None or load(str(plugin)):
        return None
    missing = [name for name in XCB_LIBRARIES if not load(name)]
    if not missing:
        return (
            f"the window cannot open: Qt's X11 platform plugin does not load ({plugin}); "
            "run with QT_DEBUG_PLUGINS=1 to see why"
        )
    packages = " ".join(XCB_LIBRARIES[name] for name in missing)
    return (
        f"the window cannot open: Qt needs system libraries that are missing ({', '.join(missing)}); "
        f"on Debian or Ubuntu: sudo apt install {packages}"
    )
