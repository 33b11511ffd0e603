DEBUG = False
ALLOWED_HOSTS = [
    "example.com",
    ".example.org",
]
if DEBUG:
    X = 1
# comment
Y = """a
b"""
