package generator

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/djharden/djharden/internal/venv"
)

var (
	djangoDecl = regexp.MustCompile(`(?i)^(\s*)(["']?)django(\s*[=<>~!\[;@"',]|\s*$)`)
	lockFor    = map[string]string{"poetry.lock": "pyproject.toml", "uv.lock": "pyproject.toml", "pdm.lock": "pyproject.toml", "Pipfile.lock": "Pipfile"}
)

// dependencyFile is the file that declares Django for the project, and
// the line it does so on (0 = find it).
func (b *builder) dependencyFile() (string, int) {
	if src := b.p.Django.Source; src != "" && !strings.Contains(src, "site-packages") {
		file, line := src, 0
		if i := strings.LastIndex(src, ":"); i > 0 {
			file = src[:i]
			fmt.Sscanf(src[i+1:], "%d", &line)
		}
		if to, ok := lockFor[path.Base(file)]; ok {
			return path.Join(path.Dir(file), to), 0
		}
		if isDependencyFile(file) {
			return file, line
		}
	}
	for _, f := range []string{"requirements.txt", "requirements/production.txt", "requirements/prod.txt", "requirements/base.txt", "pyproject.toml", "Pipfile"} {
		if st, err := os.Stat(filepath.Join(b.p.Root, filepath.FromSlash(f))); err == nil && st.Mode().IsRegular() {
			return f, 0
		}
	}
	return "", 0
}

// isDependencyFile tells requirements*.txt/.in, pyproject.toml and Pipfile
// from the other places a Django version can be read (a settings comment,
// an installed package).
func isDependencyFile(file string) bool {
	base := path.Base(file)
	switch {
	case base == "pyproject.toml", base == "Pipfile":
		return true
	case strings.HasSuffix(base, ".txt"), strings.HasSuffix(base, ".in"):
		return strings.HasPrefix(base, "requirements") || strings.HasPrefix(path.Base(path.Dir(file)), "requirements")
	}
	return false
}

// addRequirement adds whitenoise to the dependency file, next to Django
// and in that file's style. It installs nothing.
func (b *builder) addRequirement() error {
	file, line := b.dependencyFile()
	install := "pip install whitenoise"
	if file == "" {
		b.plan.Notes = append(b.plan.Notes, "Static files: no requirements file, pyproject.toml or Pipfile was found: add "+whitenoiseRequirement+" to your dependencies and install it ("+install+"); djharden installs nothing.")
		return nil
	}
	src, err := b.read(file)
	if err != nil {
		return err
	}
	eol := "\n"
	if isCRLF(src) {
		eol = "\r\n"
	}
	lines := strings.Split(src, eol)
	if listed := b.whitenoiseListed(); listed != "" {
		if listed != file {
			b.plan.Notes = append(b.plan.Notes, "Static files: "+listed+" already lists whitenoise; no dependency file was changed.")
		}
		return nil
	}
	if strings.Contains(src, "--hash=") {
		b.plan.Notes = append(b.plan.Notes, file+" pins packages with hashes: add whitenoise with its hashes (pip-compile --generate-hashes); it was not changed.")
		return nil
	}
	at := -1
	if line > 0 && line <= len(lines) && djangoDecl.MatchString(lines[line-1]) {
		at = line - 1
	}
	for i, l := range lines {
		if at < 0 && djangoDecl.MatchString(l) {
			at = i
		}
	}
	var out []string
	switch {
	case at < 0 && strings.HasSuffix(file, ".txt"):
		out = append(slices.Clone(lines), "")
		for len(out) > 1 && out[len(out)-2] == "" {
			out = out[:len(out)-1]
		}
		out[len(out)-1] = whitenoiseRequirement
		out = append(out, "")
	case at < 0:
		b.plan.Notes = append(b.plan.Notes, "Static files: "+file+" does not list Django where djharden can see it: add "+whitenoiseRequirement+" to its dependencies yourself; it was not changed.")
		return nil
	default:
		m := djangoDecl.FindStringSubmatch(lines[at])
		indent, quote := m[1], m[2]
		out = slices.Clone(lines)
		switch {
		case quote != "":
			// An entry of a TOML array on its own line: "django>=4.2",
			out = slices.Insert(out, at, indent+quote+whitenoiseRequirement+quote+",")
		case strings.HasSuffix(file, ".txt") || strings.HasSuffix(file, ".in"):
			out = slices.Insert(out, at+1, indent+whitenoiseRequirement)
		default:
			// A TOML table entry: django = "^4.2" (Poetry, Pipfile).
			sep := " = "
			if !strings.Contains(lines[at], " = ") {
				sep = "="
			}
			out = slices.Insert(out, at+1, indent+"whitenoise"+sep+"\">=6.0\"")
		}
	}
	switch path.Base(file) {
	case "pyproject.toml":
		install = "your installer (poetry lock / uv lock / pip install -e .)"
	case "Pipfile":
		install = "pipenv install"
	default:
		install = "pip install -r " + file
	}
	b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("Static files: %s now lists %s; install it with %s (djharden installs nothing).", file, whitenoiseRequirement, install))
	return b.addChange(file, []byte(strings.Join(out, eol)), false, "whitenoise added to the dependencies")
}

// venvNote says when the project's virtualenv lacks whitenoise.
func (b *builder) venvNote() {
	for _, v := range venv.Near(b.p.Root, 3) {
		found := false
		dirs, _ := filepath.Glob(filepath.Join(v, "lib", "python3*", "site-packages"))
		dirs = append(dirs, filepath.Join(v, "Lib", "site-packages"))
		for _, sp := range dirs {
			if st, err := os.Stat(filepath.Join(sp, "whitenoise")); err == nil && st.IsDir() {
				found = true
			}
		}
		rel, err := filepath.Rel(b.p.Root, v)
		if err != nil {
			rel = v
		}
		if !found {
			b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("The virtualenv %s has no whitenoise yet: install it there (for example %s -m pip install whitenoise) or the site will not start.", filepath.ToSlash(rel), filepath.ToSlash(filepath.Join(rel, "bin", "python"))))
		}
		return
	}
}

// whitenoiseWord finds whitenoise as a package name on a line (not
// django-whitenoise-something, not in a comment).
var whitenoiseWord = regexp.MustCompile(`(?i)(^|[^\w.-])whitenoise([^\w-]|$)`)

// whitenoiseListed returns the first dependency file (root or
// requirements/) that already lists whitenoise ("" when none does).
func (b *builder) whitenoiseListed() string {
	for _, dir := range []string{".", "requirements"} {
		entries, err := os.ReadDir(filepath.Join(b.p.Root, dir))
		if err != nil {
			continue
		}
		for _, e := range entries {
			rel := path.Join(dir, e.Name())
			if !e.Type().IsRegular() || !(isDependencyFile(rel) || lockFor[e.Name()] != "") {
				continue
			}
			src, err := b.read(rel)
			if err != nil {
				continue
			}
			for _, l := range strings.Split(src, "\n") {
				if t := strings.TrimSpace(l); !strings.HasPrefix(t, "#") && whitenoiseWord.MatchString(t) {
					return rel
				}
			}
		}
	}
	return ""
}
