"""On a minimal Linux, a missing system library for Qt's X11 plugin is one line naming the
libraries and the install command, not Qt's abort."""

from pathlib import Path

from digitpad.gui.platform_check import XCB_LIBRARIES, missing_libraries_message, uses_xcb


def test_missing_libraries_are_named_with_their_packages():
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "plugin"}
    message = missing_libraries_message(load=lambda name: name not in absent, plugin=Path("plugin"))
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in message
    assert message.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1") and "\n" not in message


def test_nothing_to_say_when_the_plugin_loads_or_is_not_used():
    assert missing_libraries_message(load=lambda name: True, plugin=Path("plugin")) is None
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0"}, "darwin")
    assert uses_xcb({"DISPLAY": ":0"}, "linux") and uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")


def test_every_library_the_installed_plugin_needs_is_listed():
    """The list must follow PySide6: each xcb/X11 library the plugin links to has its package."""
    import shutil
    import subprocess

    from digitpad.gui.platform_check import _xcb_plugin

    plugin = _xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        return  # not Linux with PySide6's X11 plugin: nothing to compare with
    qpa = plugin.parents[2] / "lib" / "libQt6XcbQpa.so.6"
    needed = set()
    for binary in (plugin, qpa):
        out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True).stdout
        needed |= {
            line.split()[0]
            for line in out.splitlines()
            if line.strip().startswith(("libxcb", "libX11", "libxkbcommon"))
        }
    assert needed and needed <= set(XCB_LIBRARIES), needed - set(XCB_LIBRARIES)
