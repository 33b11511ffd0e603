from .base import *  # noqa: F401,F403

DEBUG = False

# Machine-local overrides (not in git).
try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
