"""Every URL pattern of the project, with sample arguments, for tests that must cover them all."""

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_BY_CONVERTER = {
    "int": "1", "slug": "sample", "str": "sample", "path": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def iter_patterns(resolver=None, prefix="", namespace=""):
    """Yield ``(name, route)`` for every URL pattern, ``route`` with converters left in place."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from iter_patterns(entry, route, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, route


def sample_path(route):
    """Turn ``team/<int:pk>/`` into ``/team/1/``; admin regex routes are left out by callers."""
    import re

    def fill(match):
        converter = match.group(1) or "str"
        return SAMPLE_BY_CONVERTER.get(converter, "sample")

    path = re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")
