package generator

import (
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/project"
)

// Platform IDs: where the site will run. The answer sets the HTTPS mode
// (and so the proxy header) and says how the variables reach the server.
const (
	PlatformHeroku         = "heroku"
	PlatformRender         = "render"
	PlatformFly            = "fly"
	PlatformRailway        = "railway"
	PlatformPythonAnywhere = "pythonanywhere"
	PlatformDigitalOcean   = "digitalocean"
	PlatformOwnProxy       = "own-proxy" // a server of one's own behind nginx, Caddy or Apache
	PlatformOwnTLS         = "own-tls"   // Django's own process (gunicorn --certfile, ...) serves TLS
	PlatformUnsure         = "not-sure"  // not decided yet: the proxy-safe settings
	platformPaaSNote       = "terminates HTTPS and sets X-Forwarded-Proto"
	proxyHeaderName        = "X-Forwarded-Proto"
	platformNoticeMasked   = "Values are masked here; copy them from "
	platformNoticeNoneSent = "djharden sends nothing anywhere."
)

// Platform is one answer to "Where will the site run?".
type Platform struct {
	ID    string
	Label string // the option as the wizard shows it
	HTTPS string // the HTTPS mode it implies: HTTPSProxy or HTTPSDirect
	// Why says, in one or two sentences, what the answer sets and why.
	Why string
	// hints are the hosting-hint kinds (project.HostingHint.Kind) that
	// suggest this platform.
	hints []string
}

var platforms = []Platform{
	{ID: PlatformHeroku, Label: "Heroku", HTTPS: HTTPSProxy, hints: []string{"heroku"},
		Why: "Heroku's router " + platformPaaSNote + ", so Django trusts that header and the redirect to HTTPS cannot loop."},
	{ID: PlatformRender, Label: "Render", HTTPS: HTTPSProxy, hints: []string{"render"},
		Why: "Render's proxy " + platformPaaSNote + ", so Django trusts that header and the redirect to HTTPS cannot loop."},
	{ID: PlatformFly, Label: "Fly.io", HTTPS: HTTPSProxy, hints: []string{"fly"},
		Why: "Fly's proxy " + platformPaaSNote + ", so Django trusts that header and the redirect to HTTPS cannot loop."},
	{ID: PlatformRailway, Label: "Railway", HTTPS: HTTPSProxy, hints: []string{"railway"},
		Why: "Railway's edge " + platformPaaSNote + ", so Django trusts that header and the redirect to HTTPS cannot loop."},
	{ID: PlatformPythonAnywhere, Label: "PythonAnywhere", HTTPS: HTTPSProxy,
		Why: "PythonAnywhere's front end " + platformPaaSNote + "; its Web tab can also force HTTPS for you."},
	{ID: PlatformDigitalOcean, Label: "DigitalOcean App Platform", HTTPS: HTTPSProxy,
		Why: "App Platform's load balancer " + platformPaaSNote + ", so Django trusts that header and the redirect to HTTPS cannot loop."},
	{ID: PlatformOwnProxy, Label: "A server of my own behind nginx, Caddy or Apache", HTTPS: HTTPSProxy, hints: []string{"nginx", "caddy", "compose"},
		Why: "The web server terminates HTTPS and passes plain HTTP to Django; it must set " + proxyHeaderName +
			" itself and overwrite what clients send (nginx: proxy_set_header X-Forwarded-Proto $scheme;)."},
	{ID: PlatformOwnTLS, Label: "A server where Django's own process serves HTTPS (no proxy)", HTTPS: HTTPSDirect,
		Why: "No proxy sets " + proxyHeaderName + ", so Django does not trust that header (a client could fake HTTPS with it)."},
	{ID: PlatformUnsure, Label: "Not sure yet", HTTPS: HTTPSProxy,
		Why: "Almost every host puts a proxy in front of Django. Trusting its " + proxyHeaderName + " header is the safe guess: " +
			"without it, the redirect to HTTPS would loop forever behind a proxy; with it and no proxy, a client could only claim HTTPS it does not have. " +
			"Run djharden again once you know."},
}

// Platforms lists the answers to "Where will the site run?", in the order
// the wizard offers them.
func Platforms() []Platform { return append([]Platform(nil), platforms...) }

// PlatformByID returns the platform with that ID.
func PlatformByID(id string) (Platform, bool) {
	for _, p := range platforms {
		if p.ID == id {
			return p, true
		}
	}
	return Platform{}, false
}

// SuggestPlatform picks the platform the project's hosting files point to,
// with the hint that says so; with none, "not sure yet".
func SuggestPlatform(p *project.Project) (id string, hint *project.HostingHint) {
	if p != nil {
		for _, pl := range platforms {
			for i := range p.Hosting {
				h := &p.Hosting[i]
				for _, k := range pl.hints {
					// nginx without the header is still nginx: the Why says what to add.
					if h.Kind == k && (h.Proxy || k == "nginx") {
						return pl.ID, h
					}
				}
			}
		}
	}
	return PlatformUnsure, nil
}

// EnvVar is one variable for the server, with the value as it may be shown.
type EnvVar struct {
	Name  string
	Shown string // the value, or its mask when it is secret
}

// ShownEnvVars returns the env file's variables in file order, secret
// values masked: only variables the plan knows to be public (DEBUG, hosts,
// origins) are shown as they are.
func (pl *Plan) ShownEnvVars(keys []string, values map[string]string) []EnvVar {
	out := make([]EnvVar, 0, len(keys))
	for _, k := range keys {
		v := values[k]
		shown := Mask(v)
		if pl != nil && pl.public[k] {
			shown = v
		}
		out = append(out, EnvVar{Name: k, Shown: shown})
	}
	return out
}

// ServerSteps says how to put the env file's variables on the server of
// this platform: the platform's own command or dashboard steps, with the
// values as given (masked by the caller through ShownEnvVars).
func (pl Platform) ServerSteps(envFile string, vars []EnvVar, hosting []project.HostingHint) []string {
	pairs := make([]string, len(vars))
	names := make([]string, len(vars))
	for i, v := range vars {
		pairs[i] = v.Name + "=" + v.Shown
		names[i] = v.Name
	}
	list := strings.Join(names, ", ")
	if list == "" {
		list = "the variables of " + envFile
	}
	masked := platformNoticeMasked + envFile + ". " + platformNoticeNoneSent
	switch pl.ID {
	case PlatformHeroku:
		return []string{"heroku config:set " + strings.Join(pairs, " "), masked}
	case PlatformFly:
		return []string{"fly secrets set " + strings.Join(pairs, " "), masked}
	case PlatformRender:
		return []string{"Render dashboard: your web service > Environment > Add from .env, paste " + envFile + " (or add " + list + " one by one), then Save.", masked}
	case PlatformRailway:
		return []string{"Railway dashboard: your service > Variables > Raw Editor, paste " + envFile + " (" + list + "), then Update Variables.", masked}
	case PlatformDigitalOcean:
		return []string{"App Platform: your app > Settings > the web component > Environment Variables > Edit > Bulk Editor, paste " + envFile + ", tick Encrypt for the secrets, Save.", masked}
	case PlatformPythonAnywhere:
		return []string{"Upload " + envFile + " next to manage.py (Files tab), then load it at the top of the WSGI configuration file (Web tab): " +
			"from dotenv import load_dotenv; load_dotenv(\"/home/<you>/<project>/" + envFile + "\") (pip install python-dotenv). Reload the web app.", masked}
	}
	for _, h := range hosting {
		if h.Kind == "compose" {
			return []string{fmt.Sprintf("docker compose (%s): under the web service add env_file: %s, copy %s to the server over a safe channel (never through git).", h.File, envFile, envFile), masked}
		}
	}
	if pl.ID == PlatformUnsure {
		return []string{"Once you pick a host, give the process " + list + ": the platform's config vars or secrets, systemd's EnvironmentFile=, or docker compose's env_file: " + envFile + ".", masked}
	}
	return []string{"systemd: copy " + envFile + " to the server over a safe channel (never through git), chmod 600, and add EnvironmentFile=/path/to/" + envFile +
		" under [Service] in the unit that runs gunicorn; or docker compose: env_file: " + envFile + ". It holds " + list + ".", masked}
}
