"""DigitPad's window (PySide6). Everything here displays and forwards; the ML lives in the core package."""
