package project

import "github.com/djharden/djharden/checklist/pysource"

// LatestSeries is the newest Django series djharden knows; an unknown
// version is judged as this one (the strictest rules, the newest defaults).
var LatestSeries = [2]int{6, 1}

// Series returns the major and minor version the checklist evaluates: the
// declared one when known, LatestSeries otherwise.
func (v DjangoVersion) Series() (major, minor int) {
	if !v.Known || v.Major == 0 {
		return LatestSeries[0], LatestSeries[1]
	}
	return v.Major, v.Minor
}

// AtLeast reports whether the evaluated series is major.minor or newer.
func (v DjangoVersion) AtLeast(major, minor int) bool {
	ma, mi := v.Series()
	return ma > major || (ma == major && mi >= minor)
}

// defaultSetting is one entry of django/conf/global_settings.py that the
// checklist relies on, with the series range where it has that value.
type defaultSetting struct {
	name  string
	value pysource.Value
	from  [2]int // first series with this default ({0,0} = always)
	until [2]int // first series without it ({0,0} = still there)
}

func dvStr(s string) pysource.Value { return pysource.Value{Kind: pysource.StrVal, Str: s} }
func dvBool(b bool) pysource.Value  { return pysource.Value{Kind: pysource.BoolVal, Bool: b} }
func dvInt(i int64) pysource.Value {
	return pysource.Value{Kind: pysource.IntVal, Int: i}
}
func dvNone() pysource.Value { return pysource.Value{Kind: pysource.NoneVal} }
func dvList() pysource.Value { return pysource.Value{Kind: pysource.ListVal} }
func dvDict() pysource.Value { return pysource.Value{Kind: pysource.DictVal} }
func dvMap(k string, v pysource.Value) pysource.Value {
	return pysource.Value{Kind: pysource.DictVal, Keys: []pysource.Value{dvStr(k)}, Items: []pysource.Value{v}}
}

// globalDefaults lists Django's defaults for every setting DJANGO.md's
// table mentions (checked against global_settings.py of 3.2, 4.2, 5.2, 6.1).
var globalDefaults = []defaultSetting{
	{name: "DEBUG", value: dvBool(false)},
	{name: "ALLOWED_HOSTS", value: dvList()},
	{name: "SECRET_KEY", value: dvStr("")},
	{name: "SECRET_KEY_FALLBACKS", value: dvList(), from: [2]int{4, 1}},
	{name: "INSTALLED_APPS", value: dvList()},
	{name: "MIDDLEWARE", value: dvList()},
	{name: "TEMPLATES", value: dvList()},
	{name: "SILENCED_SYSTEM_CHECKS", value: dvList()},
	{name: "SECURE_SSL_REDIRECT", value: dvBool(false)},
	{name: "SECURE_HSTS_SECONDS", value: dvInt(0)},
	{name: "SECURE_HSTS_INCLUDE_SUBDOMAINS", value: dvBool(false)},
	{name: "SECURE_HSTS_PRELOAD", value: dvBool(false)},
	{name: "SECURE_PROXY_SSL_HEADER", value: dvNone()},
	{name: "SECURE_CONTENT_TYPE_NOSNIFF", value: dvBool(true), from: [2]int{3, 0}},
	{name: "SECURE_CONTENT_TYPE_NOSNIFF", value: dvBool(false), until: [2]int{3, 0}},
	{name: "SECURE_BROWSER_XSS_FILTER", value: dvBool(false), until: [2]int{4, 0}},
	{name: "SECURE_REFERRER_POLICY", value: dvStr("same-origin"), from: [2]int{3, 1}},
	{name: "SECURE_REFERRER_POLICY", value: dvNone(), until: [2]int{3, 1}},
	{name: "SECURE_CROSS_ORIGIN_OPENER_POLICY", value: dvStr("same-origin"), from: [2]int{4, 0}},
	{name: "SECURE_CSP", value: dvDict(), from: [2]int{6, 0}},
	{name: "SECURE_CSP_REPORT_ONLY", value: dvDict(), from: [2]int{6, 0}},
	{name: "X_FRAME_OPTIONS", value: dvStr("DENY"), from: [2]int{3, 0}},
	{name: "X_FRAME_OPTIONS", value: dvStr("SAMEORIGIN"), until: [2]int{3, 0}},
	{name: "SESSION_COOKIE_SECURE", value: dvBool(false)},
	{name: "SESSION_COOKIE_HTTPONLY", value: dvBool(true)},
	{name: "CSRF_COOKIE_SECURE", value: dvBool(false)},
	{name: "CSRF_COOKIE_HTTPONLY", value: dvBool(false)},
	{name: "CSRF_USE_SESSIONS", value: dvBool(false)},
	{name: "CSRF_TRUSTED_ORIGINS", value: dvList()},
	{name: "DEFAULT_HASHING_ALGORITHM", value: dvStr("sha256"), from: [2]int{3, 1}, until: [2]int{4, 0}},
	{name: "EMAIL_BACKEND", value: dvStr("django.core.mail.backends.smtp.EmailBackend")},
	{name: "MAILERS", value: dvMap("default", dvMap("BACKEND", dvStr("django.core.mail.backends.smtp.EmailBackend"))), from: [2]int{6, 1}},
}

// Defaults returns Django's global defaults for the settings the checklist
// reads, for version v (LatestSeries when v is unknown).
func Defaults(v DjangoVersion) map[string]pysource.Value {
	out := map[string]pysource.Value{}
	for _, d := range globalDefaults {
		if d.from != [2]int{} && !v.AtLeast(d.from[0], d.from[1]) {
			continue
		}
		if d.until != [2]int{} && v.AtLeast(d.until[0], d.until[1]) {
			continue
		}
		out[d.name] = d.value
	}
	return out
}
