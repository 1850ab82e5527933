"""`python -m app` is the same as `pishkhan`."""
import sys

from app.cli import main

sys.exit(main())
