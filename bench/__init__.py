"""`python -m bench`: speed figures, each beside a floor measured in the same run."""
