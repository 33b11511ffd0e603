package generator

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/envfile"
)

// HSTS max-age per stage.
var hstsSeconds = map[string]int{HSTSOff: 0, HSTSTrial: 3600, HSTSYear: 31536000, HSTSPreload: 31536000}

const (
	reasonW005 = "HSTS covers this host only, not its subdomains: not every subdomain is known to serve HTTPS (re-run with --hsts-subdomains once they do)."
	reasonW021 = "the site is not submitted to the browsers' HSTS preload list, which is slow to undo (choose --hsts preload when ready)."
)

// hstsData decides the HSTS lines. The block never lowers what the
// project already sends: its own SECURE_HSTS_SECONDS stays when it is at
// least the chosen stage's (an operator's env-configurable 30 days is not
// cut to the trial hour, nor its variable dropped), and an
// includeSubDomains or preload the project already turns on is not turned
// off. Stage off writes SECURE_HSTS_SECONDS = 0 only when the project
// sends no HSTS of its own.
func (b *builder) hstsData(d *blockData) {
	want := hstsSeconds[b.a.HSTS]
	own := 0
	if v, ok := b.projectValue("SECURE_HSTS_SECONDS"); ok && v.Kind == pysource.IntVal && v.Int > 0 && v.Int >= int64(want) {
		own = int(v.Int)
	}
	isTrue := func(v pysource.Value) bool { return v.Kind == pysource.BoolVal && v.Bool }
	ownSub := b.projectSecure("SECURE_HSTS_INCLUDE_SUBDOMAINS", isTrue)
	ownPreload := b.projectSecure("SECURE_HSTS_PRELOAD", isTrue)
	// A branch djharden cannot decide (if os.environ.get("USE_HTTPS"):) may
	// be the production path: the block, which holds on every path, never
	// sends less than any path does.
	branchSeconds, branchAt := 0, ""
	for _, v := range b.pathValues("SECURE_HSTS_SECONDS") {
		if v.Kind == pysource.IntVal && v.Int > int64(max(want, own, branchSeconds)) && v.Int <= 1<<31 {
			branchSeconds, branchAt = int(v.Int), b.settingAt("SECURE_HSTS_SECONDS")
		}
	}
	branchTrue := func(name string) bool { return slices.ContainsFunc(b.pathValues(name), isTrue) }
	switch {
	case branchSeconds > 0:
		d.HSTSSeconds, d.HSTSStage = branchSeconds, "kept"
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("HSTS: %s sends it for %d seconds on one path through a branch djharden cannot decide, so the block keeps %d seconds, more than the %s stage asks, on every path.", branchAt, branchSeconds, branchSeconds, b.a.HSTS))
	case own > 0:
		d.HSTSOwn = own
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("HSTS: the settings already send it for %d seconds, at least the %s stage asks, so SECURE_HSTS_SECONDS stays as it is.", own, b.a.HSTS))
	default:
		d.HSTSSeconds = want
	}
	if d.HSTSSeconds == 0 && d.HSTSOwn == 0 {
		return
	}
	askPreload := b.a.HSTS == HSTSPreload || !ownPreload && branchTrue("SECURE_HSTS_PRELOAD")
	askSub := b.a.HSTSSubdomains || askPreload || !ownSub && branchTrue("SECURE_HSTS_INCLUDE_SUBDOMAINS")
	d.HSTSSubdomains, d.HSTSPreload = askSub || ownSub, askPreload || ownPreload
	// A line is written to turn a flag on, or (with the block's own
	// seconds) to state it off; an on the project set is never rewritten.
	d.WriteSubdomains = !ownSub && (askSub || own == 0)
	d.WritePreload = !ownPreload && (askPreload || own == 0)
	if !d.HSTSSubdomains {
		d.Silenced = append(d.Silenced, silence{"security.W005", reasonW005})
	}
	if !d.HSTSPreload {
		d.Silenced = append(d.Silenced, silence{"security.W021", reasonW021})
	}
}

// blockData computes what the templates need from the answers and project.
func (b *builder) blockData(chain []string, createEnv bool, where string) (blockData, error) {
	// Forms that differ by version follow the version the checklist judges:
	// startproject's docstring is a hint, not the version, so without a pin
	// the origins take the scheme form of the newest series (bare hosts are
	// an error from 4.0 on; on 3.2 a scheme form is merely unused).
	judged := b.p.Django.Checked()
	origins := b.domains.Origins
	if judged.Known && !judged.AtLeast(4, 0) {
		origins = b.domains.OriginsFor(judged.Major, judged.Minor)
	}
	d := blockData{
		Style:          b.style,
		Vars:           b.vars,
		EnvObj:         b.envObj,
		CreateEnv:      createEnv,
		EnvFile:        b.a.EnvFile,
		Placement:      "placed " + where,
		WriteDebug:     !b.reuse.Debug,
		WriteKey:       !b.reuse.Key,
		WriteHosts:     !b.reuse.Hosts,
		HostsDefault:   strings.Join(merge(b.reuse.HostsKept, b.domains.Hosts), ","),
		OriginsDefault: strings.Join(merge(b.reuse.OriginsKept, origins), ","),
		BareOrigins:    judged.Known && !judged.AtLeast(4, 0),
		Proxy:          b.a.HTTPS == HTTPSProxy && !b.keeps("proxy-ssl-header"),
		HTTPS:          b.a.HTTPS != HTTPSNone,
		Redirect:       b.a.HTTPS != HTTPSNone && !b.keeps("https-redirect"),
		SessionCookies: !b.keeps("session-cookies"),
		CSRF:           !b.keeps("csrf"),
		HSTSKept:       b.keeps("hsts"),
		HSTSStage:      b.a.HSTS,
		Frame:          !b.keeps("clickjacking"),
		Headers:        !b.keeps("security-headers"),
		COOP:           b.atLeast(4, 0) && !b.keeps("security-headers"),
		Fallbacks:      b.a.RotateKey && b.atLeast(4, 1),
		// The CSP middleware does not exist before 6.0 and would stop Django
		// at startup: written only when every install is a 6.x (a pin, a
		// lock file, or a range whose floor is 6.0 or later).
		CSP:   judged.Known && judged.Oldest().AtLeast(6, 0) && !b.keeps("security-headers"),
		Email: b.atLeast(6, 1) && !b.keeps("email-backend") && b.emailNeeded(),
	}
	if old := judged.Oldest(); judged.Known && judged.Range && judged.AtLeast(6, 0) && !old.AtLeast(6, 0) && !b.keeps("security-headers") {
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("No Content Security Policy is written: %s (%s) allows Django %d.%d, which has none (it came in 6.0) and would fail to start with it. Raise the floor to 6.0 and apply again to get one.",
			judged.Raw, judged.Source, old.Major, old.Minor))
	}
	d.WriteOrigins = d.CSRF && !b.reuse.Origins
	// Settings the project already sets securely stay its own: the block
	// does not rewrite them (an operator's DJANGO_SECURE_SSL_REDIRECT, say).
	var kept []string
	keep := func(write bool, name string, secure func(pysource.Value) bool) bool {
		if write && b.projectSecure(name, secure) {
			kept = append(kept, name)
			return false
		}
		return write
	}
	isTrue := func(v pysource.Value) bool { return v.Kind == pysource.BoolVal && v.Bool }
	d.Redirect = keep(d.Redirect, "SECURE_SSL_REDIRECT", isTrue)
	d.SessionSecure = keep(d.HTTPS && d.SessionCookies, "SESSION_COOKIE_SECURE", isTrue)
	d.CSRFSecure = keep(d.HTTPS && d.CSRF, "CSRF_COOKIE_SECURE", isTrue)
	d.HTTPOnly = keep(d.SessionCookies, "SESSION_COOKIE_HTTPONLY", isTrue)
	d.Proxy = keep(d.Proxy, "SECURE_PROXY_SSL_HEADER", func(v pysource.Value) bool {
		return v.Kind == pysource.TupleVal && len(v.Items) == 2 && v.Items[0].Kind == pysource.StrVal && v.Items[1].Kind == pysource.StrVal
	})
	d.Frame = keep(d.Frame, "X_FRAME_OPTIONS", func(v pysource.Value) bool { return v.Kind == pysource.StrVal && v.Str == "DENY" })
	sameOrigin := func(v pysource.Value) bool {
		return v.Kind == pysource.StrVal && strings.EqualFold(v.Str, "SAMEORIGIN")
	}
	if d.Frame && (b.projectSecure("X_FRAME_OPTIONS", sameOrigin) || slices.ContainsFunc(b.pathValues("X_FRAME_OPTIONS"), sameOrigin)) {
		// Set on purpose, on every path or on one through an undecided
		// branch: the site frames its own pages (a preview, an embedded
		// editor). DENY would break them; check keeps warning.
		d.Frame = false
		b.plan.Notes = append(b.plan.Notes, "X_FRAME_OPTIONS stays SAMEORIGIN, as the settings set it: the site may frame its own pages, which DENY would break. Set it to DENY if nothing does (djharden check warns until then, security.W019).")
	}
	d.Nosniff = keep(d.Headers, "SECURE_CONTENT_TYPE_NOSNIFF", isTrue)
	d.Referrer = keep(d.Headers, "SECURE_REFERRER_POLICY", func(v pysource.Value) bool {
		switch v.Str {
		case "same-origin", "no-referrer", "strict-origin", "strict-origin-when-cross-origin":
			return v.Kind == pysource.StrVal
		}
		return false
	})
	d.COOP = keep(d.COOP, "SECURE_CROSS_ORIGIN_OPENER_POLICY", func(v pysource.Value) bool {
		return v.Kind == pysource.StrVal && (v.Str == "same-origin" || v.Str == "same-origin-allow-popups")
	})
	// A Content Security Policy of the project's own is never replaced by
	// the starter one.
	for _, name := range []string{"SECURE_CSP", "SECURE_CSP_REPORT_ONLY"} {
		if d.CSP && b.projectSecure(name, func(v pysource.Value) bool { return v.Kind == pysource.DictVal && len(v.Items) > 0 }) {
			d.CSP = false
			kept = append(kept, name)
		}
	}
	if len(kept) > 0 {
		b.plan.Notes = append(b.plan.Notes, "Already set securely by the settings, so left as they are: "+strings.Join(kept, ", ")+".")
	}
	if createEnv && b.devEnvKept != "" {
		// The block's read_env loads the development file, as the project's
		// machines expect; production sets its values in the environment.
		d.EnvFile = b.devEnvKept
	}
	if len(b.reuse.HostsKept) > 0 {
		b.plan.Notes = append(b.plan.Notes, "ALLOWED_HOSTS keeps the hosts the settings already listed ("+strings.Join(b.reuse.HostsKept, ", ")+") beside the domains given.")
	}
	// parents[N] of the settings file is the project root.
	if dir := path.Dir(b.target); dir != "." {
		d.EnvFileDepth = strings.Count(dir, "/") + 1
	}
	if d.HTTPS && !d.HSTSKept {
		b.hstsData(&d)
	}
	if b.style == "decouple" {
		var need []string
		haveConfig, haveCsv := false, false
		for _, f := range chain {
			bs := b.binds[f]
			if bs.config["config"] > 0 {
				haveConfig = true
			}
			if bs.csv["Csv"] > 0 {
				haveCsv = true
			}
		}
		if !haveCsv {
			need = append(need, "Csv")
		}
		if !haveConfig {
			need = append(need, "config")
		}
		d.DecoupleImport = strings.Join(need, ", ")
	}
	for _, f := range chain {
		switch b.binds[f].silenced {
		case "top":
			d.SilenceMerge = "extend"
		case "block":
			if d.SilenceMerge == "" {
				d.SilenceMerge = "globals"
			}
		}
	}
	return d, nil
}

// emailNeeded reports whether the email item would fail, so its fix is
// written: Django 6.1 judges MAILERS["default"]; a project that already
// configures mail keeps its settings untouched. MAILERS beside the
// deprecated EMAIL_* settings stops Django, so those are never mixed.
func (b *builder) emailNeeded() bool {
	st := b.p.Settings
	if st == nil {
		return true
	}
	var configured []string
	for name, s := range st.Values {
		if s != nil && !s.Default && strings.HasPrefix(name, "EMAIL_") {
			configured = append(configured, name)
		}
	}
	if len(configured) > 0 {
		slices.Sort(configured)
		b.plan.Notes = append(b.plan.Notes, "Mail settings stay as they are: the settings configure mail with "+strings.Join(configured, ", ")+", and Django 6.1 refuses MAILERS beside the EMAIL_* settings; move them to MAILERS by hand.")
		return false
	}
	if in := b.blockAssigns(); in != nil && in["MAILERS"] {
		return true // the managed block's own MAILERS: applying again keeps it
	}
	m := st.Get("MAILERS")
	if m == nil || m.Default {
		return true
	}
	v := m.Value
	if v.Kind != pysource.DictVal {
		return false // set in a way djharden cannot judge: left alone
	}
	for i, k := range v.Keys {
		if k.Kind != pysource.StrVal || k.Str != "default" || v.Items[i].Kind != pysource.DictVal {
			continue
		}
		def := v.Items[i]
		for j, kk := range def.Keys {
			if kk.Kind == pysource.StrVal && kk.Str == "BACKEND" && def.Items[j].Kind == pysource.StrVal {
				switch def.Items[j].Str {
				case "django.core.mail.backends.console.EmailBackend", "django.core.mail.backends.dummy.EmailBackend",
					"django.core.mail.backends.filebased.EmailBackend", "django.core.mail.backends.locmem.EmailBackend":
					return true
				}
				return false
			}
		}
	}
	return true
}

// envFiles plans the filled env file and .env.example.
func (b *builder) envFiles(d blockData, moved []movedSecret) error {
	old, err := b.read(b.a.EnvFile)
	if err != nil {
		return err
	}
	env := envfile.Parse([]byte(old))
	set := func(key, value, comment string, keep bool) error {
		if _, ok := env.Get(key); ok && keep {
			return nil
		}
		if _, err := env.SetValue(key, value, comment); err != nil {
			return fmt.Errorf("writing %s: %w", b.a.EnvFile, err)
		}
		return nil
	}
	if old == "" {
		env.AppendComment("Real values for this site, read by the settings. Never commit this file (djharden keeps it in .gitignore).")
	}

	key := b.a.Key
	if key == "" {
		if cur, ok := env.Get(d.Vars.SecretKey); ok && KeyProblem(cur) == "" {
			key = cur // the same key on every run: re-applying is a no-op
		} else {
			if key, err = NewKey(); err != nil {
				return err
			}
		}
	}
	b.plan.secrets = append(b.plan.secrets, key)
	b.plan.key = key
	b.plan.public = map[string]bool{d.Vars.Debug: true, d.Vars.AllowedHosts: true, d.Vars.CSRFOrigins: true}
	if d.Email {
		for _, v := range []string{d.Vars.EmailHost, d.Vars.EmailPort, d.Vars.EmailUser, d.Vars.EmailTLS} {
			b.plan.public[v] = true
		}
	}
	if err := set(d.Vars.Debug, "False", "true only on a development machine", true); err != nil {
		return err
	}
	if err := set(d.Vars.SecretKey, key, "signs sessions and tokens; keep it secret", false); err != nil {
		return err
	}
	if d.Fallbacks {
		var old []string
		for _, m := range moved {
			if m.Setting == "SECRET_KEY" && m.Value != "" {
				if _, err := envfile.Format(m.Value); err != nil || m.Value == key {
					b.plan.Notes = append(b.plan.Notes, "The old secret key cannot be kept as a fallback (it has characters env files mangle): existing sessions end when the new key takes over.")
					continue
				}
				old = append(old, m.Value)
			}
		}
		if len(old) > 0 {
			b.plan.secrets = append(b.plan.secrets, old...)
			if err := set(d.Vars.Fallbacks, strings.Join(old, ","), "old keys accepted while sessions move to the new one", false); err != nil {
				return err
			}
		}
	}
	// Hosts and origins already in the file stay, beside the domains given.
	mergedList := func(key, add string) string {
		cur, _ := env.Get(key)
		var have []string
		for _, v := range strings.Split(cur, ",") {
			if v = strings.TrimSpace(v); v != "" && v != "*" {
				have = append(have, v)
			}
		}
		return strings.Join(merge(have, strings.Split(add, ",")), ",")
	}
	if err := set(d.Vars.AllowedHosts, mergedList(d.Vars.AllowedHosts, d.HostsDefault), "host names this site answers to", false); err != nil {
		return err
	}
	if d.CSRF {
		if err := set(d.Vars.CSRFOrigins, mergedList(d.Vars.CSRFOrigins, d.OriginsDefault), "origins allowed to POST forms", false); err != nil {
			return err
		}
	}
	for _, m := range moved {
		if m.Value == "" || m.Setting == "SECRET_KEY" {
			continue
		}
		b.plan.secrets = append(b.plan.secrets, m.Value)
		if err := set(m.Var, m.Value, m.Setting+", moved out of "+m.File, false); err != nil {
			return err
		}
	}
	if d.Email {
		for _, kv := range [][3]string{
			{d.Vars.EmailHost, "localhost", "SMTP server for outgoing mail"},
			{d.Vars.EmailPort, "587", "SMTP port"},
			{d.Vars.EmailUser, "", "SMTP user name"},
			{d.Vars.EmailPassword, "", "SMTP password"},
			{d.Vars.EmailTLS, "True", "SMTP with STARTTLS"},
		} {
			if err := set(kv[0], kv[1], kv[2], true); err != nil {
				return err
			}
		}
	}
	b.makePortable(env)
	if err := b.addChange(b.a.EnvFile, env.Bytes(), true, "real values: the secret key, host names, moved passwords (mode 0600, never committed)"); err != nil {
		return err
	}
	return b.envExample(d, moved)
}

// envExample lists every variable with a comment and a placeholder; it
// only adds what is missing, so the user's own lines stay.
func (b *builder) envExample(d blockData, moved []movedSecret) error {
	rel := path.Join(path.Dir(b.a.EnvFile), ".env.example")
	if rel == b.a.EnvFile {
		rel += ".example"
	}
	old, err := b.read(rel)
	if err != nil {
		return err
	}
	ex := envfile.Parse([]byte(old))
	if old == "" {
		ex.AppendComment("Every variable the settings read, with placeholders. Copy to " + b.a.EnvFile + " and fill in; safe to commit.")
	}
	type entry struct{ key, value, comment string }
	entries := []entry{
		{d.Vars.Debug, "False", "True only on a development machine: debug pages show code and settings"},
		{d.Vars.SecretKey, "", "required when debug is off; make one with: djharden keygen"},
	}
	if d.Fallbacks {
		entries = append(entries, entry{d.Vars.Fallbacks, "", "old keys still accepted during a rotation, comma-separated"})
	}
	entries = append(entries, entry{d.Vars.AllowedHosts, d.HostsDefault, "host names this site answers to, comma-separated"})
	if d.CSRF {
		entries = append(entries, entry{d.Vars.CSRFOrigins, d.OriginsDefault, "origins allowed to POST forms, comma-separated"})
	}
	for _, m := range moved {
		if m.Setting != "SECRET_KEY" {
			entries = append(entries, entry{m.Var, "", m.Setting})
		}
	}
	if d.Email {
		entries = append(entries,
			entry{d.Vars.EmailHost, "smtp.example.com", "SMTP server for outgoing mail"},
			entry{d.Vars.EmailPort, "587", "SMTP port"},
			entry{d.Vars.EmailUser, "", "SMTP user name"},
			entry{d.Vars.EmailPassword, "", "SMTP password"},
			entry{d.Vars.EmailTLS, "True", "SMTP with STARTTLS"})
	}
	for _, e := range entries {
		if _, ok := ex.Get(e.key); ok {
			continue
		}
		if _, err := ex.SetValue(e.key, e.value, e.comment); err != nil {
			return fmt.Errorf("writing %s: %w", rel, err)
		}
	}
	return b.addChange(rel, ex.Bytes(), false, "every variable the settings read, with placeholders (safe to commit)")
}

// gitignore makes sure git ignores the env file and djharden's backups.
func (b *builder) gitignore() error {
	old, err := b.read(".gitignore")
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(old, "\n") {
		have[strings.TrimSpace(strings.TrimRight(l, "\r"))] = true
	}
	eol := "\n"
	if isCRLF(old) {
		eol = "\r\n"
	}
	out := old
	add := func(pattern string, alternatives ...string) {
		for _, alt := range append(alternatives, pattern) {
			if have[alt] {
				return
			}
		}
		if out != "" && !strings.HasSuffix(out, "\n") {
			out += eol
		}
		out += pattern + eol
		have[pattern] = true
	}
	envPat := "/" + gitignoreEscape(b.a.EnvFile)
	add(envPat, gitignoreEscape(b.a.EnvFile))
	add("/.djharden/", ".djharden/", ".djharden", "/.djharden")
	add(TempPrefix + "*")
	if out == old {
		return nil
	}
	return b.addChange(".gitignore", []byte(out), false, "keep the env file and djharden's backups out of git")
}
