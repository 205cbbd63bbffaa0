#!/usr/bin/env bash
# macOS: build DigitPad.app with PyInstaller and wrap it in DigitPad-<version>.dmg.
#   bash packaging/macos/make_dmg.sh            (from the repository root, after `pip install ".[build]"`)
# Set CODESIGN_IDENTITY ("Developer ID Application: ...") to sign every nested binary with the
# hardened runtime, as notarization requires; without it the app is left unsigned (ad hoc).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(python -c 'import digitpad; print(digitpad.__version__)')

pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
app=dist/DigitPad.app

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  # Inside out: libraries and executables first, then the bundle itself.
  find "$app/Contents" -type f \( -name "*.so" -o -name "*.dylib" -o -perm -u+x \) -print0 |
    xargs -0 codesign --force --timestamp --options runtime --sign "$CODESIGN_IDENTITY"
  codesign --force --timestamp --options runtime --sign "$CODESIGN_IDENTITY" "$app"
  codesign --verify --deep --strict "$app"
fi

QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/DigitPad" --smoke-test

staging=$(mktemp -d)
ditto "$app" "$staging/DigitPad.app"   # ditto keeps the framework symlinks that cp -R would break
ln -s /Applications "$staging/Applications"
dmg="dist/DigitPad-${version}.dmg"
rm -f "$dmg"
hdiutil create -volname "DigitPad ${version}" -srcfolder "$staging" -ov -format UDZO "$dmg"
rm -rf "$staging"
echo "built $dmg ($(du -h "$dmg" | cut -f1))"
