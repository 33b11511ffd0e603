DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
