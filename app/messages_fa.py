FA: dict[str, str] = {}
