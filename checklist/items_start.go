package checklist

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// Settings Django refuses to start with. When one applies, no system check
// runs at all: the deploy-check item fails with Django's own reason, and no
// other finding reports Django IDs as if the checks had run.

// tupleSettings must be a list or a tuple, or settings loading raises
// ImproperlyConfigured ("The X setting must be a list or a tuple.").
// ALLOWED_HOSTS and SECRET_KEY_FALLBACKS joined the list in 4.1 (3.2 takes
// a string ALLOWED_HOSTS; 4.2 refuses it; 4.0 and 4.1 were not run).
var tupleSettings = []string{"INSTALLED_APPS", "TEMPLATE_DIRS", "LOCALE_PATHS"}

// deprecatedEmailSettings may not be set together with MAILERS (6.1+).
var deprecatedEmailSettings = []string{"EMAIL_BACKEND", "EMAIL_FILE_PATH", "EMAIL_HOST", "EMAIL_HOST_PASSWORD",
	"EMAIL_HOST_USER", "EMAIL_PORT", "EMAIL_SSL_CERTFILE", "EMAIL_SSL_KEYFILE", "EMAIL_TIMEOUT", "EMAIL_USE_SSL", "EMAIL_USE_TLS"}

// adminApps are the INSTALLED_APPS entries whose ready() runs the admin's
// autodiscovery (SimpleAdminConfig does not).
var adminApps = []string{"django.contrib.admin", "django.contrib.admin.apps.AdminConfig"}

// startRefusal is why Django would not start with these settings.
type startRefusal struct {
	reason string // Django's message
	locs   []Location
}

// wontStart returns why Django refuses to load these settings, or nil when
// it starts (or when the values that decide it are not known).
func (c *evalCtx) wontStart() *startRefusal {
	if c.s == nil {
		return nil
	}
	names := slices.Clone(tupleSettings)
	if c.v.AtLeast(4, 1) {
		names = append(names, "ALLOWED_HOSTS", "SECRET_KEY_FALLBACKS")
	}
	for _, name := range names {
		s := c.get(name)
		if s == nil || s.Default || s.Value.Kind == pysource.Unknown {
			continue
		}
		if s.Value.Kind != pysource.ListVal && s.Value.Kind != pysource.TupleVal {
			return &startRefusal{fmt.Sprintf("The %s setting must be a list or a tuple (it is a %s)", name, pyType(s.Value)), c.where(name)}
		}
	}
	if c.v.AtLeast(6, 1) && c.explicit("MAILERS") {
		var set []string
		for _, name := range deprecatedEmailSettings {
			if c.explicit(name) {
				set = append(set, name)
			}
		}
		if len(set) > 0 {
			sort.Strings(set)
			var locs []Location
			for _, name := range append([]string{"MAILERS"}, set...) {
				locs = append(locs, c.where(name)...)
			}
			return &startRefusal{"Deprecated email settings are not allowed when MAILERS is defined: " + strings.Join(set, ", "), locs}
		}
	}
	// 3.2 reads SECRET_KEY while loading apps when the admin autodiscovers
	// (django.contrib.auth.tokens builds its generator at import time).
	if !c.v.AtLeast(4, 0) {
		key := c.value("SECRET_KEY")
		if key.Kind != pysource.Unknown && !key.Truthy() && c.installedAny(adminApps...) == yes {
			return &startRefusal{"The SECRET_KEY setting must not be empty (Django 3.2's admin reads it while loading)", c.where("SECRET_KEY")}
		}
	}
	return nil
}

// explicit reports whether the settings module assigns name itself.
func (c *evalCtx) explicit(name string) bool {
	s := c.get(name)
	return s != nil && !s.Default
}

// installedAny is whether INSTALLED_APPS holds any of apps (exact entries).
func (c *evalCtx) installedAny(apps ...string) tri {
	out := no
	for _, a := range apps {
		out = or3(out, c.contains("INSTALLED_APPS", a))
	}
	return out
}

// runtimeChecks are the deploy checks outside the security family that no
// other item covers: caches.W002 and async.E001. The deploy-check item
// carries them.
func runtimeChecks(c *evalCtx, b *builder) {
	if v, ok := c.p.EnvValues["DJANGO_ALLOW_ASYNC_UNSAFE"]; ok && v != "" {
		b.django("async.E001", Warn, "the env file sets DJANGO_ALLOW_ASYNC_UNSAFE: Django's protection against running blocking database code in async views is off",
			"Remove DJANGO_ALLOW_ASYNC_UNSAFE from the production environment (it is meant for notebooks and tests).", nil)
	}
	checkCacheLocations(c, b)
}

const fileBasedCache = "django.core.cache.backends.filebased.FileBasedCache"

// checkCacheLocations is caches.W002: a file-based cache whose directory
// matches, is inside or contains MEDIA_ROOT, STATIC_ROOT or a
// STATICFILES_DIRS entry (the cache would be served, or collectstatic
// would mix with it).
func checkCacheLocations(c *evalCtx, b *builder) {
	caches := c.value("CACHES")
	if caches.Kind != pysource.DictVal {
		return
	}
	type root struct{ name, dir string }
	var roots []root
	for _, name := range []string{"MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"} {
		v := c.value(name)
		switch {
		case v.Kind == pysource.StrVal && v.Str != "":
			if d, ok := c.absDir(v.Str); ok {
				roots = append(roots, root{name, d})
			}
		case name == "STATICFILES_DIRS" && isSeq(v):
			for _, it := range v.Items {
				if it.Kind == pysource.TupleVal && len(it.Items) == 2 {
					it = it.Items[1]
				}
				if it.Kind == pysource.StrVal {
					if d, ok := c.absDir(it.Str); ok {
						roots = append(roots, root{name, d})
					}
				}
			}
		}
	}
	for i, alias := range caches.Keys {
		conf := caches.Items[i]
		if alias.Kind != pysource.StrVal || conf.Kind != pysource.DictVal {
			continue
		}
		backend, loc := dictGet(conf, "BACKEND"), dictGet(conf, "LOCATION")
		if backend.Kind != pysource.StrVal || backend.Str != fileBasedCache || loc.Kind != pysource.StrVal {
			continue
		}
		dir, ok := c.absDir(loc.Str)
		if !ok {
			continue
		}
		for _, name := range []string{"MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"} {
			relation := ""
			for _, r := range roots {
				if r.name != name {
					continue
				}
				switch {
				case r.dir == dir:
					relation = "matches"
				case strings.HasPrefix(dir, strings.TrimSuffix(r.dir, "/")+"/") && relation == "":
					relation = "is inside"
				case strings.HasPrefix(r.dir, strings.TrimSuffix(dir, "/")+"/") && relation == "":
					relation = "contains"
				}
			}
			if relation != "" {
				b.django("caches.W002", Warn, fmt.Sprintf("the %q cache's LOCATION %s %s: the cache may be served to anyone or mixed with your files", alias.Str, relation, name),
					"Point the file-based cache's LOCATION at a directory of its own, outside the static and media folders.", c.where("CACHES"))
			}
		}
	}
}

// absDir is a cleaned server path. A relative path is relative to the
// directory Django runs in: two relative paths compare as Django would
// compare them; against an absolute one they never match.
func (c *evalCtx) absDir(p string) (string, bool) {
	if p == "" || strings.Contains(p, "\\") {
		return "", false
	}
	if !strings.HasPrefix(p, "/") {
		p = "/.cwd/" + p
	}
	return path.Clean(p), true
}

// refusedFinding is the deploy-check item's failure when Django would not start.
func refusedFinding(b *builder, r *startRefusal) Finding {
	b.problem(Fail, "Django will not start: "+r.reason,
		"Fix this setting first: until then no request is served and no deploy check runs.", r.locs)
	return b.done("")
}

// applyStartRefusal keeps every finding's own problems but drops the Django
// IDs they name when Django would not start: none of its checks would run.
func applyStartRefusal(pass *RunPass, findings []Finding) {
	if pass.eval.wontStart() == nil {
		return
	}
	for i := range findings {
		findings[i].DjangoIDs = []string{}
	}
}

// pyType is the Python type name of a value (never the value: it may be a secret).
func pyType(v pysource.Value) string {
	switch v.Kind {
	case pysource.NoneVal:
		return "NoneType"
	case pysource.BoolVal:
		return "bool"
	case pysource.IntVal:
		return "int"
	case pysource.FloatVal:
		return "float"
	case pysource.StrVal:
		return "str"
	case pysource.BytesVal:
		return "bytes"
	case pysource.ListVal:
		return "list"
	case pysource.TupleVal:
		return "tuple"
	case pysource.SetVal:
		return "set"
	case pysource.DictVal:
		return "dict"
	}
	return "value of unknown type"
}
