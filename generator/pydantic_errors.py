"""A pydantic `ValidationError` as one line: how every configuration error reaches a person.

The CLI's options, the seeds, the server's settings and the training configuration all report
their problems this way. The function lives in `validators.errors` (so the commands' shared
group can use it for an error nobody caught); this name stays for the packages that read it.
"""

from validators.errors import one_line

__all__ = ["one_line"]
