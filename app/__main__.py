"""`python -m app` is the same as `pishkhan`."""
import sys

from app.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # a bundled app's verify starts worker processes (spawn)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
