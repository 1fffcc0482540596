"""Reference data the import script loads once per interpreter, before the pod is Ready."""

_ITEMS = []


def load(n=1000):
    """Builds the catalogue; called by preload.py, not at import, so the cost is visible."""
    global _ITEMS
    _ITEMS = [
        {"id": i, "name": "item-%04d" % i, "price": round(1.5 + (i * 37 % 1000) / 10.0, 2)}
        for i in range(1, n + 1)
    ]


def count():
    return len(_ITEMS)


def first(n):
    return _ITEMS[:n]


def page(number, size):
    start = max(number - 1, 0) * size
    return _ITEMS[start:start + size]


def get(item_id):
    if 1 <= item_id <= len(_ITEMS):
        return _ITEMS[item_id - 1]
    return None
