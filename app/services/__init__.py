"""Use cases: one function each, owning its unit of work, checking permissions, journaling."""
