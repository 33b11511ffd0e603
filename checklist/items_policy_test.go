package checklist

import "testing"

// The evaluation policy, through every env library and a project helper:
// a read with a default is judged by it and says so; an insecure default is
// its own finding; a key that fails closed passes.
func TestEvaluationPolicy(t *testing.T) {
	const environ = "import environ\nenv = environ.Env()\n"
	const decouple = "from decouple import config, Csv\n"
	const helper = "def get_bool_from_env(name, default_value):\n    if name in os.environ:\n        value = os.environ[name]\n        return value.lower() in ('1', 'true', 'yes')\n    return default_value\n"
	const envbool = "def envbool(key, default=False):\n    return os.environ.get(key, str(default)).lower() in ('true', '1')\n"
	const guard = "from django.core.exceptions import ImproperlyConfigured\n"
	runItemCases(t, []itemCase{
		// DEBUG defaults.
		{name: "os.getenv default off", item: "debug", src: "DEBUG = os.getenv('DJANGO_DEBUG', 'False') == 'True'\n", noEnvFile: true,
			status: Pass, message: "DEBUG is off unless the environment variable DJANGO_DEBUG is set"},
		{name: "environ default True", item: "debug", src: environ + "DEBUG = env.bool('DJANGO_DEBUG', default=True)\n", noEnvFile: true,
			status: Fail, ids: []string{"security.W018"}, message: "its default is true", line: 20},
		{name: "decouple default True", item: "debug", src: decouple + "DEBUG = config('DEBUG', default=True, cast=bool)\n", noEnvFile: true,
			status: Fail, ids: []string{"security.W018"}, message: "its default is true", line: 19},
		{name: "helper default True", item: "debug", src: helper + "DEBUG = get_bool_from_env('DEBUG', True)\n", noEnvFile: true,
			status: Fail, ids: []string{"security.W018"}, message: "its default is true", line: 23},
		{name: "literal_eval helper default True", item: "debug", noEnvFile: true,
			src:    "import ast\ndef get_bool_from_env(name, default_value):\n    if name in os.environ:\n        value = os.environ[name]\n        return ast.literal_eval(value)\n    return default_value\nDEBUG = get_bool_from_env('DEBUG', True)\n",
			status: Fail, ids: []string{"security.W018"}, message: "its default is true"},
		{name: "literal_eval helper from the env file", item: "debug", env: map[string]string{"DEBUG": "False"},
			src:    "import ast\ndef get_bool_from_env(name, default_value):\n    if name in os.environ:\n        value = os.environ[name]\n        return ast.literal_eval(value)\n    return default_value\nDEBUG = get_bool_from_env('DEBUG', False)\n",
			status: Pass},
		{name: "envbool helper default off", item: "debug", src: envbool + "DEBUG = envbool('DJANGO_DEBUG')\n", noEnvFile: true,
			status: Pass, message: "unless the environment variable DJANGO_DEBUG is set"},
		{name: "envbool helper default True", item: "debug", src: envbool + "DEBUG = envbool('DJANGO_DEBUG', True)\n", noEnvFile: true,
			status: Fail, ids: []string{"security.W018"}},

		// Hosts defaults: '*' is a warning of its own.
		{name: "os.getenv hosts default *", item: "allowed-hosts", src: "ALLOWED_HOSTS = os.getenv('ALLOWED_HOSTS', '*').split(',')\n", noEnvFile: true,
			status: Warn, message: "ALLOWED_HOSTS is '*' unless the environment variable ALLOWED_HOSTS is set", line: 18},
		{name: "environ list default [*]", item: "allowed-hosts", src: environ + "ALLOWED_HOSTS = env.list('DJANGO_ALLOWED_HOSTS', default=['*'])\n", noEnvFile: true,
			status: Warn, message: "'*' unless", line: 20},
		{name: "decouple Csv default *", item: "allowed-hosts", src: decouple + "ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='*', cast=Csv())\n", noEnvFile: true,
			status: Warn, message: "'*' unless", line: 19},
		{name: "hosts default a domain", item: "allowed-hosts", src: "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', 'example.com').split(',')\n", noEnvFile: true,
			status: Pass, message: "unless the environment variable ALLOWED_HOSTS is set"},
		{name: "an empty default matches no host", item: "allowed-hosts", src: "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '').split(',')\n", noEnvFile: true,
			status: Pass, message: "ALLOWED_HOSTS matches no host unless the environment variable ALLOWED_HOSTS is set"},
		{name: "only empty entries", item: "allowed-hosts", src: "ALLOWED_HOSTS = ['']\n", noEnvFile: true,
			status: Warn, message: "holds only empty entries"},
		{name: "hosts from a read with no default", item: "allowed-hosts", src: "ALLOWED_HOSTS += [os.environ.get('HOST')]\n", noEnvFile: true,
			status: Unknown, message: "environment variable HOST, with no default", line: 18},
		{name: "* in the env file is a fail", item: "allowed-hosts", src: "ALLOWED_HOSTS = os.getenv('ALLOWED_HOSTS', 'example.com').split(',')\n",
			env: map[string]string{"ALLOWED_HOSTS": "*"}, status: Fail, message: "contains '*'"},

		// Other items say their value is the default too.
		{name: "redirect on unless set", item: "https-redirect", src: environ + "SECURE_SSL_REDIRECT = env.bool('DJANGO_SECURE_SSL_REDIRECT', default=True)\n", noEnvFile: true,
			status: Pass, message: "redirected to HTTPS unless the environment variable DJANGO_SECURE_SSL_REDIRECT is set"},
		{name: "redirect off by default", item: "https-redirect", src: environ + "SECURE_SSL_REDIRECT = env.bool('DJANGO_SECURE_SSL_REDIRECT', default=False)\n", noEnvFile: true,
			status: Warn, ids: []string{"security.W008"}},

		// Names the module binds to os.environ, os.getenv, os and decouple.
		{name: "from os import environ", item: "debug", noEnvFile: true,
			src:    "from os import environ\nDEBUG = environ.get('DJANGO_DEBUG', 'True') == 'True'\n",
			status: Fail, ids: []string{"security.W018"}, message: "its default is true"},
		{name: "from os import getenv", item: "allowed-hosts", noEnvFile: true,
			src:    "from os import getenv\nALLOWED_HOSTS = getenv('HOSTS', '*').split(',')\n",
			status: Warn, message: "'*' unless the environment variable HOSTS is set"},
		{name: "import os as an alias", item: "https-redirect", noEnvFile: true,
			src:    "import os as _os\nSECURE_SSL_REDIRECT = _os.environ.get('REDIRECT', 'true') == 'true'\n",
			status: Pass, message: "unless the environment variable REDIRECT is set"},
		{name: "import decouple as an alias", item: "https-redirect", noEnvFile: true,
			src:    "import decouple as dc\nSECURE_SSL_REDIRECT = dc.config('REDIRECT', default=False, cast=bool)\n",
			status: Warn, ids: []string{"security.W008"}},

		// A key drawn at random when the settings load changes at every start.
		{name: "random default", item: "secret-key", noEnvFile: true,
			src:    "import secrets\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', default=secrets.token_urlsafe(nbytes=64))\n",
			status: Warn, message: "falls back to a new random key (secrets.token_urlsafe) when DJANGO_SECRET_KEY is missing", line: 19},
		{name: "random key, no environment", item: "secret-key", noEnvFile: true,
			src:    "from django.core.management.utils import get_random_secret_key\nSECRET_KEY = get_random_secret_key()\n",
			status: Warn, message: "SECRET_KEY is a new random key (get_random_secret_key) made each time the settings load"},
		{name: "random key in a branch", item: "secret-key", noEnvFile: true,
			src:    "import random, string\nif 'DJANGO_SECRET_KEY' in os.environ:\n    SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nelse:\n    SECRET_KEY = ''.join(random.SystemRandom().choice(string.printable) for i in range(50))\n",
			status: Warn, message: "SECRET_KEY can be a new random key (SystemRandom)"},
		{name: "a literal default is not random", item: "secret-key", noEnvFile: true,
			src:    "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', default=compute_key())\n",
			status: Unknown},

		// int()/float() of a number default is that number (Python converts it).
		{name: "int() of a number default", item: "hsts", noEnvFile: true,
			src:    "SECURE_HSTS_SECONDS = int(os.environ.get('SECURE_HSTS_SECONDS', 3600))\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n",
			status: Warn, message: "SECURE_HSTS_SECONDS = 3600: the preload list requires at least a year"},
		{name: "int() of a constant default", item: "hsts", noEnvFile: true,
			src:    "DEFAULT_HSTS_SECONDS = 30 * 24 * 60 * 60\nSECURE_HSTS_SECONDS = int(os.environ.get('SECURE_HSTS_SECONDS', DEFAULT_HSTS_SECONDS))\n",
			status: Warn, message: "SECURE_HSTS_SECONDS = 2592000"},
		{name: "int() of a None default stays unknown", item: "hsts", noEnvFile: true,
			src:    "SECURE_HSTS_SECONDS = int(os.environ.get('SECURE_HSTS_SECONDS', None))\n",
			status: Unknown, message: "SECURE_HSTS_SECONDS"},

		// Keys: fail-closed passes; a literal fallback fails.
		{name: "environ key with no default", item: "secret-key", src: environ + "SECRET_KEY = env('DJANGO_SECRET_KEY')\n", noEnvFile: true,
			status: Pass, message: "refuse to start without it"},
		{name: "decouple key with no default", item: "secret-key", src: decouple + "SECRET_KEY = config('SECRET_KEY')\n", noEnvFile: true,
			status: Pass, message: "refuse to start without it"},
		{name: "guarded key, raise when missing with DEBUG off", item: "secret-key", noEnvFile: true,
			src:    guard + "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')\nif not SECRET_KEY and not DEBUG:\n    raise ImproperlyConfigured('Set DJANGO_SECRET_KEY')\nif not SECRET_KEY:\n    SECRET_KEY = 'django-insecure-' + 'x' * 50\n",
			status: Pass, message: "refuse to start without it"},
		{name: "guarded key, the block's form: dev key first, insecure keys refused too", item: "secret-key", noEnvFile: true,
			src: guard + "import hashlib\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')\nif DEBUG and not SECRET_KEY:\n    SECRET_KEY = 'django-insecure-' + hashlib.sha256(__file__.encode()).hexdigest()\n" +
				"if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith('django-insecure-')):\n    raise ImproperlyConfigured('Set DJANGO_SECRET_KEY')\n",
			status: Pass, message: "refuse to start without it"},
		{name: "an or-guard that does not test for a missing key does not count", item: "secret-key", noEnvFile: true,
			src:    guard + "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')\nif not DEBUG and (len(SECRET_KEY) > 100 or not SECRET_KEY):\n    raise ImproperlyConfigured('odd')\n",
			status: Fail, ids: []string{"security.W009"}, message: "empty"},
		{name: "guarded key without a default", item: "secret-key", noEnvFile: true,
			src:    guard + "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY')\nif SECRET_KEY is None:\n    raise ImproperlyConfigured('Set DJANGO_SECRET_KEY')\n",
			status: Pass, message: "refuse to start without it"},
		{name: "guarded key, env file gives a weak one", item: "secret-key", env: map[string]string{"DJANGO_SECRET_KEY": "short"},
			src:    guard + "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')\nif not SECRET_KEY and not DEBUG:\n    raise ImproperlyConfigured('Set DJANGO_SECRET_KEY')\n",
			status: Fail, ids: []string{"security.W009"}, message: "5 characters"},
		{name: "None when the variable is missing", item: "secret-key", src: "SECRET_KEY = os.environ.get('SECRET_KEY') or None\n", noEnvFile: true,
			status: Fail, ids: []string{"security.W009"}, message: "SECRET_KEY is None unless the environment variable SECRET_KEY is set"},
		{name: "None from the env file", item: "secret-key", src: "SECRET_KEY = os.environ.get('SECRET_KEY') or None\n", env: map[string]string{"SECRET_KEY": ""},
			status: Fail, ids: []string{"security.W009"}, message: "SECRET_KEY is None"},
		{name: "unguarded empty default", item: "secret-key", src: "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')\n", noEnvFile: true,
			status: Fail, ids: []string{"security.W009"}, message: "empty"},
		{name: "environ literal fallback", item: "secret-key", src: environ + "SECRET_KEY = env('DJANGO_SECRET_KEY', default='django-insecure-" + strongKey + "')\n", noEnvFile: true,
			status: Fail, ids: []string{"security.W009"}, message: "falls back to a literal key"},
		{name: "decouple literal fallback", item: "secret-key", src: decouple + "SECRET_KEY = config('SECRET_KEY', default='" + strongKey + "')\n", noEnvFile: true,
			status: Warn, message: "falls back to a literal key"},
	})
}

// An unread setting that several of an item's rules depend on gives one
// message, not one per rule (the three HSTS warnings on an unknown
// SECURE_HSTS_SECONDS).
func TestOneMessagePerUnreadSetting(t *testing.T) {
	t.Parallel()
	p := itemProject(t, hardened+"SECURE_HSTS_SECONDS = int(os.environ['SECURE_HSTS_SECONDS'])\n", nil, v32, nil)
	f := CheckOne(p, "hsts")
	if f.Status != Unknown || len(f.Problems) != 1 {
		t.Fatalf("status %s with %d problems, want unknown with one: %+v", f.Status, len(f.Problems), f.Problems)
	}
}
