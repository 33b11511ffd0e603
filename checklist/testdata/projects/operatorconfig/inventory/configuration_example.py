# Copy this file to configuration.py and fill in the values for your site.

# The host names this installation answers to, e.g. ["inventory.example.com"].
ALLOWED_HOSTS = []

# A long random string; make one with: python3 generate_secret_key.py
SECRET_KEY = ""

# Never turn this on in production.
DEBUG = False

# Set these once the site is served over HTTPS.
SESSION_COOKIE_SECURE = True
