"""Runs every benchmark in bench/ (modules named bench_*.py, each with a run() function).

make bench                 # all of them
.venv/bin/python bench/run.py workdays   # the ones whose name contains "workdays"
"""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")


def main(argv: list[str]) -> int:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    wanted = argv[1:]
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        name = path.stem
        if wanted and not any(w in name for w in wanted):
            continue
        print(f"== {name} ==")
        importlib.import_module(f"bench.{name}").run()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
