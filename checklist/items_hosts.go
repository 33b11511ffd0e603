package checklist

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/project"

	"github.com/djharden/djharden/checklist/pysource"
)

var allowedHostsItem = &Item{
	ID:    "allowed-hosts",
	Title: "ALLOWED_HOSTS names your domains",
	Lesson: "Django answers only requests whose Host header is in ALLOWED_HOSTS.\n" +
		"That stops attackers from making your site build links (password resets!) to their own domain.\n" +
		"List bare host names: example.com, or .example.com for every subdomain. '*' turns the protection off.",
	Docs:      docs("allowed-hosts"),
	DjangoIDs: []string{"security.W020"},
}

func init() { allowedHostsItem.Check = settingsCheck(&allowedHostsItem, checkAllowedHosts) }

// hostWithPort matches "example.com:8000" but not a bare IPv6 address.
var hostWithPort = regexp.MustCompile(`^(\[[0-9a-fA-F:.]+\]|[^:\[\]]+):\d+$`)

const hostsFix = "List your domain names, e.g. ALLOWED_HOSTS = [\"example.com\", \"www.example.com\"], or read them with env.list(\"ALLOWED_HOSTS\")."

func checkAllowedHosts(c *evalCtx, b *builder) Finding {
	locs := c.where("ALLOWED_HOSTS")
	v := c.value("ALLOWED_HOSTS")
	switch c.truthy("ALLOWED_HOSTS") {
	case no:
		msg := "ALLOWED_HOSTS is empty: Django refuses every request when DEBUG is off"
		if d := c.describe("ALLOWED_HOSTS"); d != "" && c.get("ALLOWED_HOSTS").Default {
			msg = d + ": Django refuses every request when DEBUG is off"
		}
		b.django("security.W020", Fail, msg, hostsFix, locs)
	case unk:
		b.unknown("ALLOWED_HOSTS", "Pass --env-file with the production environment to check the host list.")
	}
	if isSeq(v) && slices.ContainsFunc(v.Items, func(h pysource.Value) bool { return h.Kind == pysource.Unknown }) {
		// ALLOWED_HOSTS += [os.environ.get("HOST")]: an entry nobody can
		// see without the production environment.
		b.problem(Unknown, "an entry of ALLOWED_HOSTS "+unknownEntry(c.p, c.get("ALLOWED_HOSTS")),
			"Pass --env-file with the production environment to check the host list.", locs)
	}
	if isSeq(v) {
		unless := c.unlessSet("ALLOWED_HOSTS")
		for _, h := range v.Items {
			if h.Kind != pysource.StrVal {
				continue
			}
			if h.Str == "*" && unless != "" {
				// An insecure default is its own finding: a warning, since
				// production may well set the variable.
				b.problem(Warn, fmt.Sprintf("ALLOWED_HOSTS is '*'%s: when the variable is missing any Host header is accepted, so the host check is off", unless),
					"Make the default your domain (or empty, so Django refuses requests until the variable is set).", locs)
				continue
			}
			hostProblems(b, h.Str, locs)
		}
	}
	if isSeq(v) && len(v.Items) > 0 && !slices.ContainsFunc(v.Items, func(h pysource.Value) bool { return h.Kind != pysource.StrVal || h.Str != "" }) {
		// os.environ.get("ALLOWED_HOSTS", "").split(","): [""] matches no host.
		if unless := c.unlessSet("ALLOWED_HOSTS"); unless != "" {
			return b.done("ALLOWED_HOSTS matches no host" + unless + ": until it is, Django answers every request with 400 (a safe default).")
		}
		b.problem(Warn, "ALLOWED_HOSTS holds only empty entries: it matches no host, so with DEBUG off Django answers every request with 400", hostsFix, locs)
	}
	return b.done("ALLOWED_HOSTS lists specific host names" + c.unlessSet("ALLOWED_HOSTS") + ".")
}

// hostProblems flags one ALLOWED_HOSTS entry that cannot match as meant.
func hostProblems(b *builder, h string, locs []Location) {
	switch {
	case h == "*":
		b.problem(Fail, "ALLOWED_HOSTS contains '*': any Host header is accepted, so the host check is off", hostsFix, locs)
	case h != strings.TrimSpace(h):
		b.problem(Warn, fmt.Sprintf("ALLOWED_HOSTS entry %q has spaces around it and never matches (django-environ's env.list does not strip spaces after commas)", h),
			"Write the list without spaces after the commas: ALLOWED_HOSTS=example.com,www.example.com", locs)
	case strings.Contains(h, "://"):
		b.problem(Warn, fmt.Sprintf("ALLOWED_HOSTS entry %q has a scheme; Django compares bare host names, so it never matches", h),
			fmt.Sprintf("Write the host alone: %q.", hostOnly(h)), locs)
	case strings.Contains(h, "/"):
		b.problem(Warn, fmt.Sprintf("ALLOWED_HOSTS entry %q has a path; Django compares bare host names, so it never matches", h),
			fmt.Sprintf("Write the host alone: %q.", hostOnly(h)), locs)
	case hostWithPort.MatchString(h):
		b.problem(Warn, fmt.Sprintf("ALLOWED_HOSTS entry %q has a port; Django matches the host without its port, so it never matches", h),
			fmt.Sprintf("Write the host alone: %q.", hostOnly(h)), locs)
	}
}

// hostOnly strips scheme, path and port from a mistaken entry.
func hostOnly(h string) string {
	if _, rest, ok := strings.Cut(h, "://"); ok {
		h = rest
	}
	h, _, _ = strings.Cut(h, "/")
	if m := hostWithPort.FindStringSubmatch(h); m != nil {
		h = m[1]
	}
	return h
}

// unknownEntry says why a list entry is unknown: the environment variable
// its last assignment reads, when there is one.
func unknownEntry(p *project.Project, s *project.Setting) string {
	var vars []string
	if s != nil && s.Where.Source != "" {
		// The final assignment may be an augmented one (+=), whose
		// expression the setting does not keep: read its line again.
		m := pysource.Parse([]byte(strings.TrimSpace(s.Where.Source) + "\n"))
		ctx := m.EnvContext()
		if sf, err := p.Source(s.Where.File); err == nil && sf != nil {
			ctx = sf.Outline().Env
		}
		pysource.Walk(m.Body, func(st *pysource.Stmt, _ []*pysource.Stmt) bool {
			for _, x := range st.Exprs() {
				pysource.Inspect(x, func(e pysource.Expr) bool {
					if r, ok := pysource.EnvReadOf(e, ctx); ok && !slices.Contains(vars, r.Var) {
						vars = append(vars, r.Var)
					}
					return true
				})
			}
			return true
		})
	}
	if len(vars) == 0 {
		return "cannot be worked out without running the settings"
	}
	return fmt.Sprintf("comes from the environment variable %s, with no default: its production value is unknown", strings.Join(vars, ", "))
}
