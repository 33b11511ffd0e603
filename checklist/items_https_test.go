package checklist

import (
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

func behindProxy(p *project.Project) {
	p.Hosting = append(p.Hosting, project.HostingHint{Kind: "heroku", File: "Procfile", Line: 1, Proxy: true, Detail: "Heroku terminates TLS"})
}

// unreadMW is kitsune's pattern: MIDDLEWARE rebuilt around an entry's
// index in a branch the evaluator cannot decide.
const unreadMW = "if show_debug_callback():\n    i = MIDDLEWARE.index('django.middleware.common.CommonMiddleware') + 1\n    MIDDLEWARE = (*MIDDLEWARE[:i], 'silk.middleware.SilkyMiddleware', *MIDDLEWARE[i:])\n"

// httpsWhenSet turns HTTPS on only when a variable without a default is
// set: without an env file, the settings production gets are unknown.
const httpsWhenSet = "SECURE_SSL_REDIRECT = False\nSECURE_HSTS_SECONDS = 0\nif os.environ.get('USE_HTTPS'):\n    SECURE_SSL_REDIRECT = True\n    SECURE_HSTS_SECONDS = 31536000\n"

const noSecurityMW = "MIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware', 'django.middleware.csrf.CsrfViewMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware']\n"

func TestHostsAndHTTPSItems(t *testing.T) {
	runItemCases(t, []itemCase{
		{name: "empty", item: "allowed-hosts", src: "ALLOWED_HOSTS = []\n", status: Fail, ids: []string{"security.W020"}},
		{name: "unset", item: "allowed-hosts", src: "#!\nSECRET_KEY = 'x'\n", status: Fail, ids: []string{"security.W020"}, message: "Django's default is []"},
		{name: "star", item: "allowed-hosts", src: "ALLOWED_HOSTS = ['*']\n", status: Fail, message: "'*'"},
		{name: "scheme, port and path", item: "allowed-hosts", src: "ALLOWED_HOSTS = ['https://a.com', 'a.com:8000', 'a.com/app', '.example.com', '[::1]']\n",
			status: Warn, message: "has a port"},
		{name: "env.list with spaces", item: "allowed-hosts", src: "import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list('HOSTS')\n",
			env: map[string]string{"HOSTS": "a.com, b.com"}, status: Warn, message: "spaces around it"},
		{name: "split of an empty variable is truthy", item: "allowed-hosts", src: "ALLOWED_HOSTS = os.environ.get('HOSTS', '').split(',')\n",
			env: map[string]string{}, status: Pass},
		{name: "unknown", item: "allowed-hosts", src: "ALLOWED_HOSTS = os.environ['HOSTS'].split(',')\n", noEnvFile: true, status: Unknown},

		{name: "redirect on", item: "https-redirect", status: Pass},
		{name: "redirect on only when a variable is set", item: "https-redirect", src: httpsWhenSet, noEnvFile: true, status: Unknown,
			message: "SECURE_SSL_REDIRECT depends on the if at mysite/settings.py:20, whose test djharden cannot work out (pass --env-file"},
		{name: "redirect on, the variable set in the env file", item: "https-redirect", src: httpsWhenSet, env: map[string]string{"USE_HTTPS": "1"}, status: Pass},
		{name: "redirect off, the variable unset in the env file", item: "https-redirect", src: httpsWhenSet, status: Warn, ids: []string{"security.W008"}},
		{name: "redirect off", item: "https-redirect", src: "SECURE_SSL_REDIRECT = False\n", status: Warn, ids: []string{"security.W008"}},
		{name: "'True' is not True", item: "https-redirect", src: "SECURE_SSL_REDIRECT = 'True'\n", status: Warn, ids: []string{"security.W008"}},
		{name: "no W008 without SecurityMiddleware", item: "https-redirect", src: noSecurityMW + "SECURE_SSL_REDIRECT = False\n", status: Warn,
			message: "Not checked: Django skips this without SecurityMiddleware", line: 18},
		{name: "redirect set without SecurityMiddleware", item: "https-redirect", src: noSecurityMW, status: Warn, message: "nothing redirects"},
		{name: "redirect set, MIDDLEWARE unread", item: "https-redirect", src: unreadMW, status: Unknown, message: "MIDDLEWARE depends on the if at mysite/settings.py:18"},
		{name: "redirect loop behind a proxy", item: "https-redirect", tweak: behindProxy, status: Warn, message: "redirects forever"},
		{name: "proxy header set behind a proxy", item: "https-redirect", tweak: behindProxy, src: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n", status: Pass},

		{name: "full HSTS", item: "hsts", status: Pass},
		{name: "no HSTS", item: "hsts", src: "SECURE_HSTS_SECONDS = 0\n", status: Warn, ids: []string{"security.W004"}},
		{name: "string seconds are truthy", item: "hsts", src: "SECURE_HSTS_SECONDS = '3600'\nSECURE_HSTS_INCLUDE_SUBDOMAINS = 'True'\n", status: Warn, ids: []string{"security.W005"}},
		{name: "no subdomains, no preload", item: "hsts", src: "SECURE_HSTS_INCLUDE_SUBDOMAINS = False\nSECURE_HSTS_PRELOAD = False\n", status: Warn, ids: []string{"security.W005", "security.W021"}},
		{name: "preload without a year", item: "hsts", src: "SECURE_HSTS_SECONDS = 3600\n", status: Warn, message: "at least a year"},
		{name: "preload without includeSubDomains", item: "hsts", src: "SECURE_HSTS_INCLUDE_SUBDOMAINS = False\nSILENCED_SYSTEM_CHECKS = ['security.W005']\n# djharden: accepted security.W005: legacy.example.com is still HTTP\n",
			status: Warn, message: "requires includeSubDomains"},
		{name: "accepted W005", item: "hsts", src: "SECURE_HSTS_INCLUDE_SUBDOMAINS = False\nSECURE_HSTS_PRELOAD = False\nSILENCED_SYSTEM_CHECKS = ['security.W005', 'security.W021']\n# djharden: accepted security.W005: legacy.example.com is still HTTP\n# djharden: accepted security.W021: not ready for preload\n",
			status: Accepted, message: "legacy.example.com"},
		{name: "HSTS only when a variable is set", item: "hsts", src: httpsWhenSet, noEnvFile: true, status: Unknown, message: "SECURE_HSTS_SECONDS depends on the if"},
		{name: "full HSTS, MIDDLEWARE unread", item: "hsts", src: unreadMW, status: Unknown, message: "MIDDLEWARE depends on the if at mysite/settings.py:18"},
		{name: "no HSTS checks without SecurityMiddleware", item: "hsts", src: noSecurityMW + "SECURE_HSTS_SECONDS = 0\n", status: Warn,
			message: "Not checked: Django skips this without SecurityMiddleware", line: 18},

		{name: "unset, no proxy", item: "proxy-ssl-header", status: Pass},
		{name: "unset behind a proxy", item: "proxy-ssl-header", tweak: behindProxy, status: Warn, message: "heroku"},
		{name: "set without a proxy", item: "proxy-ssl-header", src: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n", status: Warn, message: "fake HTTPS"},
		{name: "set behind a proxy", item: "proxy-ssl-header", tweak: behindProxy, src: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n", status: Pass},
		{name: "wrong header name", item: "proxy-ssl-header", tweak: behindProxy, src: "SECURE_PROXY_SSL_HEADER = ('X-Forwarded-Proto', 'https')\n", status: Warn, message: "never matches"},
	})
}
