package generator

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/envfile"
)

// documentedFiles are where projects document their environment: env
// templates (safe to commit) and compose files.
var documentedFiles = []string{
	".env.example", ".env.sample", ".env.template", ".env.dist", "env.example", "example.env", "sample.env",
	".env.local.example", ".envs/.production/.django", ".envs/.local/.django",
	"docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml",
	"docker-compose.prod.yml", "docker-compose.production.yml",
}

// composeVar is a variable named in a compose file's environment list or
// map: "- SECRET_KEY=..." or "SECRET_KEY: ...".
var composeVar = regexp.MustCompile(`(?m)^\s*(?:-\s*)?([A-Z][A-Z0-9_]*)\s*[:=]`)

// documentedNames lists the variable names the project documents, in the
// files above (env templates parsed as env files, compose files by their
// environment entries).
func documentedNames(root string) map[string]bool {
	names := map[string]bool{}
	for _, rel := range documentedFiles {
		data, err := readRegular(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			continue
		}
		if strings.HasSuffix(rel, ".yml") || strings.HasSuffix(rel, ".yaml") {
			for _, m := range composeVar.FindAllStringSubmatch(string(data), -1) {
				names[m[1]] = true
			}
			continue
		}
		for _, k := range envfile.Parse(data).Keys() {
			names[k] = true
		}
	}
	return names
}

// conventionSettings are the settings whose variable names tell the
// project's convention (prefixed with DJANGO_ or not).
var conventionSettings = []string{"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
	"EMAIL_HOST", "EMAIL_HOST_PASSWORD", "EMAIL_HOST_USER", "EMAIL_PORT"}

// envNaming names the variable of each setting: the one the project
// already reads, else the one it documents, else its convention (bare
// setting names when it reads or documents any, DJANGO_* otherwise).
type envNaming struct {
	reads      map[string]string // setting -> variable read by the settings
	documented map[string]bool
	bare       bool // the project names variables after the settings, without a prefix
}

func newEnvNaming(p *project.Project) envNaming {
	n := envNaming{reads: p.EnvNames, documented: documentedNames(p.Root)}
	if n.reads == nil {
		n.reads = map[string]string{}
	}
	prefixed, bare := 0, 0
	for _, s := range conventionSettings {
		if v := n.reads[s]; v != "" {
			switch v {
			case s:
				bare++
			case "DJANGO_" + s:
				prefixed++
			}
		}
		if n.documented[s] {
			bare++
		}
		if n.documented["DJANGO_"+s] {
			prefixed++
		}
	}
	n.bare = bare > prefixed
	return n
}

// name returns the variable for setting.
func (n envNaming) name(setting string) string {
	if v := n.reads[setting]; v != "" {
		return v
	}
	switch {
	case n.documented[setting] && !n.documented["DJANGO_"+setting]:
		return setting
	case n.documented["DJANGO_"+setting]:
		return "DJANGO_" + setting
	case n.bare:
		return setting
	}
	return "DJANGO_" + setting
}

// envVarNames reuses the names the project already reads, else DJANGO_*.
func (b *builder) envVarNames() envVars { return envVarNamesFor(b.p) }

func envVarNamesFor(p *project.Project) envVars {
	name := newEnvNaming(p).name
	return envVars{
		Debug: name("DEBUG"), SecretKey: name("SECRET_KEY"), Fallbacks: name("SECRET_KEY_FALLBACKS"),
		AllowedHosts: name("ALLOWED_HOSTS"), CSRFOrigins: name("CSRF_TRUSTED_ORIGINS"),
		EmailHost: name("EMAIL_HOST"), EmailPort: name("EMAIL_PORT"), EmailUser: name("EMAIL_HOST_USER"),
		EmailPassword: name("EMAIL_HOST_PASSWORD"), EmailTLS: name("EMAIL_USE_TLS"),
	}
}

// secretVar names the variable a moved literal goes to.
func (b *builder) secretVar(setting string) string {
	switch setting {
	case "SECRET_KEY":
		return b.vars.SecretKey
	case "EMAIL_HOST_PASSWORD":
		return b.vars.EmailPassword
	case "DATABASES[default].PASSWORD":
		if v := b.p.EnvNames["DATABASES.PASSWORD"]; v != "" {
			return v
		}
		return b.prefix() + "DB_PASSWORD"
	}
	alias := strings.TrimSuffix(strings.TrimPrefix(setting, "DATABASES["), "].PASSWORD")
	return b.prefix() + "DB_" + strings.ToUpper(strings.ReplaceAll(alias, "-", "_")) + "_PASSWORD"
}

// prefix is the project's variable prefix for new names: "DJANGO_", or
// none when it names variables after the settings.
func (b *builder) prefix() string {
	if newEnvNaming(b.p).bare {
		return ""
	}
	return "DJANGO_"
}
