package project

import (
	"os"
	"path/filepath"
	"regexp"

	"github.com/djharden/djharden/internal/venv"
)

var distInfo = regexp.MustCompile(`^[Dd]jango-(\d+\.\d+(?:\.\d+)?)(?:[-.][^/]*)?\.(?:dist-info|egg-info)$`)

// installedDjango reads the Django version installed in a project venv
// from its dist-info directory name (no Python is run). Venvs in Root and
// in the directories above it up to the repository top are tried.
func (p *Project) installedDjango() (versionDecl, bool) {
	for _, v := range venv.Near(p.Root, outerLevels) {
		if d, ok := djangoInVenv(p.Root, v); ok {
			return d, true
		}
	}
	return versionDecl{}, false
}

// djangoInVenv looks for Django's metadata directory in a venv's
// site-packages (POSIX lib/pythonX.Y/site-packages or Windows Lib/site-packages).
func djangoInVenv(root, venv string) (versionDecl, bool) {
	sitePackages, _ := filepath.Glob(filepath.Join(venv, "lib", "python3*", "site-packages"))
	sitePackages = append(sitePackages, filepath.Join(venv, "Lib", "site-packages"))
	for _, sp := range sitePackages {
		entries, err := os.ReadDir(sp)
		if err != nil {
			continue
		}
		for _, e := range entries {
			m := distInfo.FindStringSubmatch(e.Name())
			if m == nil {
				continue
			}
			v, _ := parseSpec("=="+m[1], false)
			v.Raw = m[1] + " (installed)"
			rel, err := filepath.Rel(root, filepath.Join(sp, e.Name()))
			if err != nil {
				rel = filepath.Join(sp, e.Name())
			}
			v.Source = filepath.ToSlash(rel)
			return versionDecl{Version: v, Rank: rankInstalled}, true
		}
	}
	return versionDecl{}, false
}
