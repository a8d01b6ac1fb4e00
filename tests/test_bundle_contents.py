"""What the bundle carries (packaging/bundle_contents.py, used by
packaging/soberhouse.spec): checked on the paths PyInstaller's analysis gives,
Linux's and Windows', without building anything.  scripts/bundle_smoke.sh
checks a real build."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def contents() -> ModuleType:
    # Loaded from its file: packaging/ is a folder of build files, not a package
    # (and "packaging" is also a library's name).
    spec = importlib.util.spec_from_file_location(
        "bundle_contents", ROOT / "packaging" / "bundle_contents.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6Network.so.6",  # QtPdf links to it
    "PySide6/Qt/lib/libQt6PrintSupport.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/QtPdfWidgets.abi3.so",
    r"PySide6\plugins\platforms\qwindows.dll",
    r"PySide6\plugins\styles\qmodernwindowsstyle.dll",
    r"PySide6\plugins\imageformats\qsvg.dll",
    r"PySide6\Qt6Pdf.dll",
    r"PySide6\Qt6Widgets.dll",
    "resources/fonts/DejaVuSans.ttf",
    "resources/icons/app.svg",
    "libpython3.11.so.1.0",
])
def test_what_the_window_needs_is_kept(contents: ModuleType, dest: str) -> None:
    assert contents.kept(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
    "PySide6/Qt/plugins/something-new/libqnew.so",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
    "PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6",
    r"PySide6\translations\qtbase_fr.qm",
    r"PySide6\plugins\platforms\qvnc.dll",
    r"PySide6\opengl32sw.dll",
    r"PySide6\Qt6Quick.dll",
    "resources/__pycache__/__init__.cpython-311.pyc",
])
def test_what_it_never_uses_is_left_out(contents: ModuleType, dest: str) -> None:
    assert not contents.kept(dest)


def test_the_qt_modules_the_window_imports_are_not_excluded(contents: ModuleType) -> None:
    used = {line.split()[1].split(".")[1]
            for file in (ROOT / "ui").rglob("*.py")
            for line in file.read_text(encoding="utf-8").splitlines()
            if line.startswith(("from PySide6.", "import PySide6."))}
    assert {"QtCore", "QtGui", "QtWidgets", "QtPdf"} <= used
    assert not {f"PySide6.{module}" for module in used} & set(contents.EXCLUDED_MODULES)


def test_libraries_only_dropped_plugins_link_to_are_left_out_with_their_links(
        contents: ModuleType) -> None:
    links = {
        "/qt/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/qt/libQt6Gui.so.6": ["libQt6Core.so.6", "libfontconfig.so.1"],
        "/qt/libQt6Core.so.6": [],
        "/usr/lib/libfontconfig.so.1": [],
        "/qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "/qt/libQt6XcbQpa.so.6": ["libxcb-cursor.so.0"],
        "/usr/lib/libxcb-cursor.so.0": [],
        "/usr/lib/libcairo.so.2": [],  # found for qgtk3, which was dropped
        "/qt/libQt6EglFsKmsSupport.so.6": [],
    }
    binaries = [
        ("PySide6/QtGui.abi3.so", "/qt/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/qt/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/qt/libQt6Core.so.6", "BINARY"),
        ("libfontconfig.so.1", "/usr/lib/libfontconfig.so.1", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/qt/plugins/platforms/libqxcb.so",
         "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/qt/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/qt/libQt6XcbQpa.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
        ("PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", "/qt/libQt6EglFsKmsSupport.so.6",
         "BINARY"),
    ]
    datas = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6EglFsKmsSupport.so.6", "PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", "SYMLINK"),
        ("libcairo.so.2.11", "libcairo.so.2", "SYMLINK"),
        ("resources/style.qss", "/checkout/resources/style.qss", "DATA"),
    ]

    kept_binaries, kept_datas, unreachable = contents.prune(binaries, datas, links.__getitem__)

    assert unreachable == {"libcairo.so.2"}
    assert [dest for dest, _, _ in kept_binaries] == [
        "PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Core.so.6", "libfontconfig.so.1",
        "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libxcb-cursor.so.0"]
    assert [dest for dest, _, _ in kept_datas] == ["libQt6Gui.so.6", "resources/style.qss"]


def test_windows_keeps_every_library_the_filters_keep(contents: ModuleType) -> None:
    binaries = [(r"PySide6\Qt6Core.dll", r"C:\venv\PySide6\Qt6Core.dll", "BINARY"),
                (r"PySide6\opengl32sw.dll", r"C:\venv\PySide6\opengl32sw.dll", "BINARY"),
                ("python311.dll", r"C:\Python311\python311.dll", "BINARY")]
    kept_binaries, _, unreachable = contents.prune(binaries, [], None)
    assert unreachable == set()
    assert [dest for dest, _, _ in kept_binaries] == [r"PySide6\Qt6Core.dll", "python311.dll"]
