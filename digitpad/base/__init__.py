"""Errors, paths, atomic writes, the log file, call time limits: what every wing uses (imports
nothing of ours)."""
