"""What the bundle carries, for packaging/soberhouse.spec: the modules left
out, the Qt plugins kept, the libraries dropped.  Plain functions over the
paths PyInstaller's analysis found (``dest`` inside the folder, with / or \\
on Windows), so tests/test_bundle_contents.py checks them without a build.

Only the Qt modules the program imports are carried: QtCore, QtGui,
QtWidgets; QtPdf and QtPdfWidgets for the report preview; QtPrintSupport
for printing; and the QtSvg library, which the SVG icon plugins use.
PyInstaller's Qt hooks would add every plugin of those modules and Qt's
translations; the window needs few of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import PurePath

Entry = tuple[str, str, str]
"""A PyInstaller TOC entry: (path in the bundle, source or link target, kind)."""
Linked = Callable[[str], Iterable[str]]
"""The names of the libraries a file (its source path) links to."""

# Never used by the program; some are reachable through optional imports.
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "unittest", "pydoc", "pydoc_data", "doctest", "lib2to3",
    "idlelib", "ensurepip", "venv", "distutils", "setuptools", "pkg_resources", "pip",
    "pytest", "_pytest", "pytestqt", "pypdf", "IPython", "numpy",
    "PIL.ImageQt", "PIL.ImageTk", "PIL.ImageShow",
    # A report's logo is PNG, JPEG or GIF (ui/settings_section): not AVIF
    # (libavif alone is 4.7 MB) nor WebP.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDBus", "PySide6.QtSql",
    "PySide6.QtTest", "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtUiTools",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtMultimedia",
    "PySide6.Qt3DCore", "PySide6.QtCharts", "PySide6.QtDataVisualization",
]

# Qt plugins kept, by plugin folder (anything else under Qt's plugins/ is dropped):
# platforms: the desktop ones and offscreen (tests, CI); not eglfs, linuxfb,
# vnc, vkkhrdisplay (embedded devices).
KEPT_PLUGINS = {
    "platforms": {"qxcb", "qwayland", "qwayland-generic", "qoffscreen", "qminimal",
                  "qwindows", "qdirect2d"},
    # Not qgtk3: it would bring its own copies of GTK's cairo, pango and glib
    # beside the desktop's GTK; the portal theme only needs D-Bus.
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": {"composeplatforminputcontextplugin",
                              "ibusplatforminputcontextplugin"},
    "xcbglintegrations": {"qxcb-glx-integration", "qxcb-egl-integration"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": {"bradient"},
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle"},
    "printsupport": {"cupsprintersupport"},
    "generic": set(),
    "egldeviceintegrations": set(),
    "networkinformation": set(),
    "tls": set(),
    "sqldrivers": set(),
    "qmltooling": set(),
}

# Qt libraries nothing kept loads: the Qt Quick stack the wheels carry beside
# QtPdf, and what only the dropped plugins used.  (Not Qt6Network: QtPdf
# links to it, though the program never imports PySide6.QtNetwork.)
DROPPED_LIBRARY_PREFIXES = (
    "Qt6Quick", "Qt6Qml", "Qt6OpenGLWidgets", "Qt6VirtualKeyboard",
    "Qt6EglFS", "Qt6EglFs", "Qt6WebEngine", "Qt6Multimedia", "Qt6Sql", "Qt6Test", "Qt6Charts",
    "Qt6Positioning", "Qt6WebChannel", "Qt6ShaderTools", "Qt6Designer",
    # Windows: the software OpenGL renderer (20 MB) and ANGLE; widgets paint
    # without OpenGL.
    "opengl32sw", "d3dcompiler_", "EGL.dll", "GLESv2.dll",
)


def _plugin_kept(parts: tuple[str, ...]) -> bool:
    """Whether a file under .../Qt/plugins/<folder>/<file> (or PySide6/plugins) is kept."""
    folder, file = parts[0], parts[-1]
    wanted = KEPT_PLUGINS.get(folder)
    if wanted is None:
        return False
    stem = file.split(".")[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return stem in wanted


def _parts(dest: str) -> tuple[str, ...]:
    return PurePath(dest.replace("\\", "/")).parts


def kept(dest: str) -> bool:
    """Whether a file the analysis found belongs in the bundle."""
    parts = _parts(dest)
    if "__pycache__" in parts:
        return False
    if "translations" in parts and "PySide6" in parts:
        return False  # Qt's own words in 30 languages; the program speaks English
    if "plugins" in parts:
        index = parts.index("plugins")
        if index > 0 and parts[index - 1] in ("Qt", "PySide6"):
            return _plugin_kept(parts[index + 1:])
    name = parts[-1]
    bare = name[3:] if name.startswith("lib") else name
    return not bare.startswith(DROPPED_LIBRARY_PREFIXES)


def unreachable_libraries(binaries: list[Entry], linked: Linked) -> set[str]:
    """The names of the libraries (Qt's and the system's) that none of the
    Python extensions, Qt plugins and the Python library link to, directly or
    not: what only dropped plugins needed (qgtk3's cairo and pango, eglfs's
    KMS support)."""
    roots = [entry for entry in binaries if entry[2] == "EXTENSION"
             or "plugins" in _parts(entry[0]) or _parts(entry[0])[-1].startswith("libpython")]
    by_name = {_parts(dest)[-1]: source for dest, source, _ in binaries}
    needed = {_parts(dest)[-1] for dest, _, _ in roots}
    waiting = [source for _, source, _ in roots]
    while waiting:
        for name in linked(waiting.pop()):
            name = _parts(name)[-1]
            if name not in needed and name in by_name:
                needed.add(name)
                waiting.append(by_name[name])
    return set(by_name) - needed


def without_dangling_links(entries: Iterable[Entry], files: set[str]) -> list[Entry]:
    """Without PyInstaller's links (``libQt6Core.so.6 -> PySide6/Qt/lib/...``)
    whose target is not among ``files`` (normalised paths in the bundle)."""
    return [entry for entry in entries if entry[2] != "SYMLINK"
            or os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1])) in files]


def prune(binaries: list[Entry], datas: list[Entry],
          linked: Linked | None) -> tuple[list[Entry], list[Entry], set[str]]:
    """The binaries and data files to collect, and the names of the libraries
    left out as unreachable (only with ``linked``: on Linux, where the
    analysis brings system libraries for every plugin)."""
    binaries = [entry for entry in binaries if kept(entry[0])]
    datas = [entry for entry in datas if kept(entry[0])]
    unreachable = unreachable_libraries(binaries, linked) if linked else set()
    binaries = [entry for entry in binaries if _parts(entry[0])[-1] not in unreachable]
    files = {os.path.normpath(dest) for dest, _, kind in binaries + datas if kind != "SYMLINK"}
    return (without_dangling_links(binaries, files), without_dangling_links(datas, files),
            unreachable)
