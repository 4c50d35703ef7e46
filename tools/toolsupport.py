"""toolsupport.py - what the scripts of tools/ share: loading one another.

The table scripts are named like commands (gen-tables.py), so Python cannot
import them by name; load_tool() loads one as a module, for its readers and
layout (gen-argtypes.py and compare-libseccomp.py use gen-tables.py's).
"""

import importlib.util
import os
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))


def load_tool(filename):
    """The script tools/filename as a module (its main() is not run)."""
    spec = importlib.util.spec_from_file_location(filename.replace("-", "_")[:-3],
                                                  os.path.join(TOOLS, filename))
    mod = importlib.util.module_from_spec(spec)
    sys.dont_write_bytecode = True      # no tools/__pycache__
    spec.loader.exec_module(mod)
    return mod
