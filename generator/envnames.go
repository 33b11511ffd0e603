package generator

import (
	"path/filepath"
	"strings"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/envfile"
	"github.com/djharden/djharden/internal/regularfile"
)

// DebugVar is the environment variable the hardened block reads DEBUG
// from: the project's own name when it has one.
func DebugVar(p *project.Project) string { return envVarNamesFor(p).Debug }

// maxEnvFile bounds how much of an env file KnownDomains reads.
const maxEnvFile = 1 << 20

// KnownDomains are the domains an earlier apply put in the env file (the
// hosts variable's value), so running the wizard again starts from them.
// Local names are left out; an unreadable file gives none.
func KnownDomains(p *project.Project, envFile string) []string {
	if p == nil || p.Root == "" || envFile == "" {
		return nil
	}
	data, err := regularfile.Read(filepath.Join(p.Root, filepath.FromSlash(envFile)), maxEnvFile, nil)
	if err != nil {
		return nil
	}
	var out []string
	for _, h := range strings.Split(envfile.Parse(data).Values()[envVarNamesFor(p).AllowedHosts], ",") {
		switch h = strings.TrimSpace(h); h {
		case "", "*", "localhost", "127.0.0.1", "[::1]", "0.0.0.0":
		default:
			out = append(out, h)
		}
	}
	return out
}
