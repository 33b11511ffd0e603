package checklist

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// pathValue is what the checklist knows about a filesystem path setting
// (STATIC_ROOT, MEDIA_ROOT): whether it is set, and when it is built from
// a base name and string pieces (BASE_DIR / "static"), those pieces.
type pathValue struct {
	set   tri
	base  string // the name the path is built on ("BASE_DIR"), "" for a literal string
	rel   string // the string pieces joined ("static", "site/media"), or the literal
	shown string // how to name it in a message
}

// pathCalls are calls whose result is a path built from their arguments.
var pathCalls = map[string]bool{"os.path.join": true, "path.join": true, "join": true, "Path": true,
	"pathlib.Path": true, "str": true, "os.path.abspath": true, "os.path.realpath": true, "os.fspath": true}

// pathSetting reads a path setting: unset (None, "" or Django's default),
// set to a literal, set to a path expression, or unknown.
func (c *evalCtx) pathSetting(name string) pathValue {
	s := c.get(name)
	if s == nil || s.Default {
		return pathValue{set: no, shown: name + " is not set"}
	}
	v := s.Value
	switch v.Kind {
	case pysource.NoneVal:
		return pathValue{set: no, shown: name + " is None"}
	case pysource.StrVal:
		if strings.TrimSpace(v.Str) == "" {
			return pathValue{set: no, shown: name + " is empty"}
		}
		return pathValue{set: yes, rel: path.Clean(filepath.ToSlash(v.Str)), shown: v.Python()}
	case pysource.Unknown:
	default:
		return pathValue{set: yes, shown: v.Python()}
	}
	if s.Env != nil && !s.EnvResolved {
		return pathValue{set: unk}
	}
	if base, rel, ok := pathExpr(s.Expr); ok {
		return pathValue{set: yes, base: base, rel: rel, shown: strings.TrimSpace(pysource.Format(s.Expr))}
	}
	return pathValue{set: unk}
}

// pathExpr recognises BASE_DIR / "x" / "y", os.path.join(BASE_DIR, "x"),
// Path(...) / "x" and str(...) of those.
func pathExpr(e pysource.Expr) (base, rel string, ok bool) {
	var parts []string
	var walk func(e pysource.Expr) bool
	walk = func(e pysource.Expr) bool {
		switch x := e.(type) {
		case *pysource.Name:
			if base == "" {
				base = x.ID
			}
			return true
		case *pysource.Str:
			if x.FString || x.Bytes {
				return false
			}
			parts = append(parts, x.Value)
			return true
		case *pysource.BinOp:
			return x.Op == "/" && walk(x.X) && walk(x.Y)
		case *pysource.Subscript:
			// Path(__file__).resolve().parents[1]: a base.
			if base == "" {
				base = "path"
			}
			return true
		case *pysource.Attr:
			// Path(__file__).resolve().parent.parent and the like: a base.
			if base == "" {
				base = pysource.DottedName(x)
				if base == "" {
					base = "path"
				}
			}
			return true
		case *pysource.Call:
			name := pysource.DottedName(x.Func)
			if !pathCalls[name] {
				if a, isAttr := x.Func.(*pysource.Attr); isAttr && (a.Name == "resolve" || a.Name == "absolute") {
					if base == "" {
						base = "path"
					}
					return true
				}
				return false
			}
			for _, a := range x.Args {
				if !walk(a) {
					return false
				}
			}
			return true
		}
		return false
	}
	if e == nil || !walk(e) || base == "" {
		return "", "", false
	}
	rel = path.Clean(strings.ReplaceAll(path.Join(parts...), "\\", "/"))
	return base, rel, true
}

// within reports whether path a is b or inside it, when both are known
// relative to the same base.
func (a pathValue) within(b pathValue) tri {
	if a.set != yes || b.set != yes || a.base != b.base || a.rel == "" || b.rel == "" {
		return unk
	}
	if a.rel == b.rel || b.rel == "." || strings.HasPrefix(a.rel, b.rel+"/") {
		return yes
	}
	return no
}

// maxHostingRead bounds the hosting and build files the deploy items read.
const maxHostingRead = 256 << 10

// buildFiles are files that commonly hold a build or release step,
// besides the hosting files discovery already found.
var buildFiles = []string{"build.sh", "bin/build.sh", "bin/build", "bin/post_compile", "render-build.sh", "nixpacks.toml", "Makefile", "justfile"}

// projectLines returns the lines of the hosting files discovery found and
// of the usual build scripts, by file (relative to Root, in order).
func (c *evalCtx) projectLines() ([]string, map[string][]string) {
	var order []string
	out := map[string][]string{}
	add := func(rel string) {
		if _, seen := out[rel]; seen || rel == "" {
			return
		}
		full := filepath.Join(c.p.Root, filepath.FromSlash(rel))
		st, err := os.Stat(full)
		if err != nil || !st.Mode().IsRegular() || st.Size() > maxHostingRead {
			return
		}
		data, err := os.ReadFile(full)
		if err != nil {
			return
		}
		order = append(order, rel)
		out[rel] = strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	}
	for _, h := range c.p.Hosting {
		add(h.File)
	}
	for _, f := range buildFiles {
		add(f)
	}
	return order, out
}

// grepProject finds the first line of the hosting and build files that
// matches re (comments skipped).
func (c *evalCtx) grepProject(re *regexp.Regexp, only func(rel string) bool) []Location {
	order, lines := c.projectLines()
	var out []Location
	for _, rel := range order {
		if only != nil && !only(rel) {
			continue
		}
		for i, l := range lines[rel] {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, "#") || !re.MatchString(l) {
				continue
			}
			out = append(out, Location{File: rel, Line: i + 1, Source: t})
			break
		}
	}
	return out
}

// hostedOn lists the hosting kinds found, in order, without repeats.
func (c *evalCtx) hostedOn(kinds ...string) []Location {
	var out []Location
	for _, h := range c.p.Hosting {
		for _, k := range kinds {
			if h.Kind == k {
				out = append(out, Location{File: h.File, Line: h.Line, Source: h.Detail})
			}
		}
	}
	return out
}

// dictKey returns the value of a string key in a dict value.
func dictKey(v pysource.Value, key string) (pysource.Value, bool) {
	if v.Kind != pysource.DictVal {
		return pysource.Value{}, false
	}
	for i, k := range v.Keys {
		if k.Kind == pysource.StrVal && k.Str == key {
			return v.Items[i], true
		}
	}
	return pysource.Value{}, false
}

// dependencyNames are the files that list a project's packages.
var dependencyNames = regexp.MustCompile(`^(requirements[\w.-]*\.(txt|in)|pyproject\.toml|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|setup\.cfg|setup\.py)$`)

// dependencyMentions lists the dependency files at the root and in a
// requirements/ folder, and whether any of them names pkg.
func (c *evalCtx) dependencyMentions(pkg string) (files []string, listed bool) {
	word := regexp.MustCompile(`(?i)(^|[^\w.-])` + regexp.QuoteMeta(pkg) + `([^\w-]|$)`)
	for _, dir := range []string{".", "requirements"} {
		entries, err := os.ReadDir(filepath.Join(c.p.Root, dir))
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			inRequirements := dir == "requirements" && (strings.HasSuffix(name, ".txt") || strings.HasSuffix(name, ".in"))
			if !inRequirements && !dependencyNames.MatchString(name) {
				continue
			}
			rel := path.Join(dir, name)
			full := filepath.Join(c.p.Root, filepath.FromSlash(rel))
			st, err := os.Stat(full)
			if err != nil || !st.Mode().IsRegular() || st.Size() > 4*maxHostingRead {
				continue
			}
			data, err := os.ReadFile(full)
			if err != nil {
				continue
			}
			files = append(files, rel)
			for _, l := range strings.Split(string(data), "\n") {
				if t := strings.TrimSpace(l); !strings.HasPrefix(t, "#") && word.MatchString(t) {
					listed = true
				}
			}
		}
	}
	return files, listed
}

// whereSource is the assignment or change of a setting whose source line
// mentions text (the line that added an entry), else its final assignment.
func (c *evalCtx) whereSource(name, text string) []Location {
	if s := c.get(name); s != nil {
		for _, h := range s.History {
			if strings.Contains(h.Source, text) {
				return []Location{fromProject(h)}
			}
		}
	}
	return c.where(name)
}
