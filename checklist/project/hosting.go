package project

import (
	"path"
	"regexp"
	"strings"
)

// hostingFileKind says which hosting hint a file may give ("" for none),
// from its name alone; nginx confs are confirmed by their content later.
func hostingFileKind(rel string) string {
	name := path.Base(rel)
	lower := strings.ToLower(name)
	switch {
	case name == "Procfile":
		return "heroku"
	case lower == "fly.toml":
		return "fly"
	case lower == "render.yaml", lower == "render.yml":
		return "render"
	case (lower == "app.yaml" || lower == "app.yml") && path.Base(path.Dir(rel)) == ".do":
		return "digitalocean" // DigitalOcean App Platform's app spec
	case lower == "app.yaml", lower == "app.yml":
		return "appengine"
	case lower == "railway.json", lower == "railway.toml":
		return "railway"
	case lower == "dockerfile", strings.HasPrefix(lower, "dockerfile."), strings.HasSuffix(lower, ".dockerfile"):
		return "docker"
	case isComposeName(lower):
		return "compose"
	case name == "Caddyfile":
		return "caddy"
	case lower == "gunicorn.conf.py", lower == "gunicorn_conf.py", lower == "gunicorn.conf":
		return "gunicorn"
	case strings.HasSuffix(lower, ".conf"):
		return "nginx"
	}
	return ""
}

// isComposeName matches docker-compose.yml, compose.yaml, docker-compose.prod.yml, ...
func isComposeName(lower string) bool {
	if !strings.HasSuffix(lower, ".yml") && !strings.HasSuffix(lower, ".yaml") {
		return false
	}
	return strings.HasPrefix(lower, "docker-compose") || strings.HasPrefix(lower, "compose.") || strings.HasPrefix(lower, "compose-")
}

var (
	procfileWeb       = regexp.MustCompile(`^\s*web\s*:`)
	gunicornWord      = regexp.MustCompile(`\bgunicorn\b`)
	forwardedAllowIPs = regexp.MustCompile(`(?i)forwarded[_-]allow[_-]ips`)
	nginxProxy        = regexp.MustCompile(`^\s*(proxy_pass|uwsgi_pass|fastcgi_pass)\s`)
	nginxServer       = regexp.MustCompile(`^\s*server\s*\{`)
	nginxProto        = regexp.MustCompile(`(?i)^\s*(proxy_set_header|uwsgi_param)\s+X-Forwarded-Proto\b`)
	composeProxy      = regexp.MustCompile(`(?i)^\s*(image:\s*['"]?[\w./-]*\b(nginx|caddy|traefik|haproxy)\b|(nginx|caddy|traefik|proxy)\s*:\s*$)`)
	dockerCollect     = regexp.MustCompile(`^\s*RUN\b.*\bcollectstatic\b`)
	dockerTLS         = regexp.MustCompile(`--certfile|--keyfile`)
)

// hostingHints reads the hosting files of the index and says what each
// tells about how the site is served.
func (p *Project) hostingHints(idx fileIndex) []HostingHint {
	var hints []HostingHint
	for _, rel := range idx.Files {
		kind := hostingFileKind(rel)
		if kind == "" {
			continue
		}
		data, err := p.readRel(rel, maxConfigSize)
		if err != nil {
			continue
		}
		hints = append(hints, hintsFor(kind, rel, splitLines(data))...)
	}
	return hints
}

// firstLine returns the 1-based number of the first line matching re (0 when none).
func firstLine(lines []string, re *regexp.Regexp) int {
	for i, l := range lines {
		if re.MatchString(l) && !strings.HasPrefix(strings.TrimSpace(l), "#") {
			return i + 1
		}
	}
	return 0
}

// hintsFor builds the hints of one file.
func hintsFor(kind, rel string, lines []string) []HostingHint {
	name := path.Base(rel)
	hint := HostingHint{Kind: kind, File: rel, Line: 1}
	switch kind {
	case "heroku":
		hint.Proxy = true
		hint.Detail = "Procfile: a Heroku-style platform runs the app behind its router, which terminates HTTPS and sets X-Forwarded-Proto."
		if l := firstLine(lines, procfileWeb); l > 0 {
			hint.Line = l
		}
		out := []HostingHint{hint}
		if l := firstLine(lines, gunicornWord); l > 0 {
			out = append(out, gunicornHint(rel, l, firstLine(lines, forwardedAllowIPs) > 0))
		}
		return out
	case "fly":
		hint.Proxy = true
		hint.Detail = "fly.toml: Fly.io's proxy terminates HTTPS and sets X-Forwarded-Proto."
	case "render":
		hint.Proxy = true
		hint.Detail = "render.yaml: Render terminates HTTPS in front of the app and sets X-Forwarded-Proto."
	case "appengine":
		hint.Proxy = true
		hint.Detail = "app.yaml: Google App Engine terminates HTTPS in front of the app and sets X-Forwarded-Proto."
	case "digitalocean":
		hint.Proxy = true
		hint.Detail = name + ": DigitalOcean App Platform terminates HTTPS in front of the app and sets X-Forwarded-Proto."
	case "railway":
		hint.Proxy = true
		hint.Detail = name + ": Railway's edge terminates HTTPS and sets X-Forwarded-Proto."
	case "caddy":
		hint.Proxy = true
		hint.Detail = "Caddyfile: Caddy terminates HTTPS; its reverse_proxy sets X-Forwarded-Proto."
	case "docker":
		hint.Detail = name + ": the app runs in a container; the file alone does not say what terminates HTTPS."
		if l := firstLine(lines, dockerCollect); l > 0 {
			hint.Line = l
			hint.Detail = name + ": the app runs in a container and runs collectstatic at build time, so the build must not need the real SECRET_KEY."
		}
		if firstLine(lines, dockerTLS) > 0 {
			hint.Detail = name + ": the app server is given a TLS certificate, so it serves HTTPS itself."
		}
	case "compose":
		if composeIsLocal(rel, lines) {
			hint.Detail = name + ": a compose file for local development (it mounts the source, runs runserver or turns DEBUG on); it says nothing about production."
			return []HostingHint{hint}
		}
		if l := firstLine(lines, composeProxy); l > 0 {
			hint.Proxy = true
			hint.Line = l
			hint.Detail = name + ": a proxy service (nginx, Caddy or Traefik) runs in front of the app."
		} else {
			hint.Detail = name + ": no proxy service (nginx, Caddy, Traefik) is defined, so nothing here terminates HTTPS."
		}
	case "gunicorn":
		return []HostingHint{gunicornHint(rel, max(1, firstLine(lines, forwardedAllowIPs)), firstLine(lines, forwardedAllowIPs) > 0)}
	case "nginx":
		l := firstLine(lines, nginxProxy)
		if l == 0 {
			if firstLine(lines, nginxServer) == 0 {
				return nil // some other .conf (supervisor, logging, ...)
			}
			l = firstLine(lines, nginxServer)
		}
		hint.Line = l
		hint.Proxy = true
		if firstLine(lines, nginxProto) > 0 {
			hint.Detail = name + ": nginx proxies to the app and sets X-Forwarded-Proto."
		} else {
			hint.Detail = name + ": nginx proxies to the app but does not set X-Forwarded-Proto, so Django cannot tell HTTPS requests from plain ones."
		}
	}
	return []HostingHint{hint}
}

// gunicornHint describes a gunicorn setup.
func gunicornHint(rel string, line int, forwarded bool) HostingHint {
	h := HostingHint{Kind: "gunicorn", File: rel, Line: line}
	if forwarded {
		h.Detail = path.Base(rel) + ": gunicorn sets forwarded_allow_ips, so it trusts X-Forwarded-Proto from those addresses."
	} else {
		h.Detail = path.Base(rel) + ": the app is served by gunicorn, which trusts X-Forwarded-Proto only from 127.0.0.1 unless forwarded_allow_ips is set."
	}
	return h
}

var (
	// A volume that mounts the source tree into the container: "- .:/app", "- ./src:/code".
	composeSourceMount = regexp.MustCompile(`^\s*-\s*['"]?\.{1,2}(/[\w./-]*)?:/`)
	composeRunserver   = regexp.MustCompile(`\brunserver\b`)
	composeDebugOn     = regexp.MustCompile(`(?i)\b(DJANGO_)?DEBUG['"]?\s*[=:]\s*['"]?(1|true|yes|on)\b`)
)

// composeIsLocal tells a compose file for local development (source
// mounted into the container, runserver, DEBUG on, or a name that says
// local or dev) from one that describes a deployment.
func composeIsLocal(rel string, lines []string) bool {
	lower := strings.ToLower(path.Base(rel))
	for _, word := range strings.FieldsFunc(lower, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		switch word {
		case "prod", "production", "live", "deploy", "staging":
			return false
		case "local", "dev", "development", "override":
			return true
		}
	}
	return firstLine(lines, composeSourceMount) > 0 || firstLine(lines, composeRunserver) > 0 || firstLine(lines, composeDebugOn) > 0
}
