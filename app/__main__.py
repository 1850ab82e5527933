"""`python -m app` is the same as `pishkhan`."""
import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a bundled app's verify starts worker processes (spawn)
    sys.exit(main())
