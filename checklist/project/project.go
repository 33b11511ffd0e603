// Package project finds a Django project on disk and works out what
// Django would see: the settings module in use, its effective settings,
// the Django version, how it reads the environment, where it is hosted and
// what git knows. It reads files and asks git; it never writes.
package project

import (
	"bytes"
	"iter"
	"sync"

	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/checklist/scan"
)

// Options say where and how to look.
type Options struct {
	Dir      string // where the user ran djharden (any directory inside or above the project)
	Settings string // --settings: dotted settings module that wins over detection
	EnvFile  string // --env-file: env file whose values resolve environment reads ("" = none)
	NoGit    bool   // skip git facts
	NoScan   bool   // skip the code scan
	Scan     scan.Options
}

// Project is everything discovery learned.
type Project struct {
	Root     string // absolute directory holding manage.py (or the settings root when there is no manage.py)
	ManagePy string // path of manage.py relative to Root ("" if none)

	SettingsModule string              // chosen settings module, dotted
	SettingsReason string              // why it was chosen, one sentence
	Candidates     []SettingsCandidate // every settings module found
	SettingsFiles  []string            // files of the chosen module's chain, relative to Root, in evaluation order (bases first)
	Settings       *Settings           // effective settings of the chosen module

	Django     DjangoVersion
	EnvStyle   string            // "os", "environ", "decouple" (how settings read the environment); "dotenv" is reported in EnvLoaders
	EnvLoaders []string          // "dotenv" (load_dotenv), "environ.read_env", ... found in settings
	EnvNames   map[string]string // setting name -> environment variable the project already reads for it, e.g. "SECRET_KEY" -> "DJANGO_SECRET_KEY"

	Hosting []HostingHint

	Git GitFacts

	EnvFile     string            // the env file used to resolve reads, relative to Root ("" = none)
	EnvValues   map[string]string // its values (never printed)
	EnvFileKeys []string          // its variable names in file order

	Scan *scan.Result // code findings (nil when not scanned)

	Problems []Problem              // what could not be read, or looked odd
	Files    map[string]*SourceFile // parsed Python files by path relative to Root
}

// SourceFile is a Python file of the project, read once. Its tree is
// parsed the first time Module asks for it and kept; Outline and
// Statements stream the file instead when the tree is not there, so the
// settings evaluator, which runs the statements once in order, never holds
// a large settings file's tree whole.
type SourceFile struct {
	Path string // relative to Root, slash-separated
	pysource.Text
	CRLF bool
	BOM  bool

	mu      sync.Mutex
	module  *pysource.Module
	outline *pysource.Outline
}

// NewSourceFile makes the SourceFile of src (a leading UTF-8 byte order
// mark is noted and dropped) at rel.
func NewSourceFile(rel string, src []byte) *SourceFile {
	sf := &SourceFile{Path: rel}
	if rest, found := bytes.CutPrefix(src, utf8BOM); found {
		sf.BOM = true
		src = rest
	}
	sf.CRLF = bytes.Contains(src, []byte("\r\n"))
	sf.Text = pysource.NewText(src)
	return sf
}

// Module is the file's tree, parsed on first use.
func (sf *SourceFile) Module() *pysource.Module {
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if sf.module == nil {
		sf.module = pysource.ParseText(sf.Text)
	}
	return sf.module
}

// Outline is the file's outline (environment readers, imports, syntax
// problems), from the tree when it is parsed, else from one streamed pass.
// Its EnvContext is the caller's own copy.
func (sf *SourceFile) Outline() pysource.Outline {
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if sf.outline == nil {
		var o pysource.Outline
		if sf.module != nil {
			o = sf.module.Outline()
		} else {
			o = pysource.ReadOutline(sf.Src)
		}
		sf.outline = &o
	}
	o := *sf.outline
	o.Env = o.Env.Clone()
	return o
}

// Statements yields the file's top-level statements a compound statement
// at a time (pysource.Module.Groups): from the tree when it is parsed, else
// read as they are asked for and not kept.
func (sf *SourceFile) Statements() iter.Seq[[]pysource.Stmt] {
	sf.mu.Lock()
	m := sf.module
	sf.mu.Unlock()
	if m != nil {
		return m.Groups()
	}
	return func(yield func([]pysource.Stmt) bool) {
		pysource.NewStream(sf.Src).All()(yield)
	}
}

// SettingsCandidate is one settings module discovery found.
type SettingsCandidate struct {
	Module     string   // dotted, e.g. "config.settings.production"
	File       string   // relative path of its file (a settings package's __init__.py)
	Production bool     // looks like the production settings (name or hosting files point at it)
	Sources    []string // where it was referenced, e.g. "mysite/wsgi.py:16", "Procfile:1"
}

// DjangoVersion is the Django version the project declares.
type DjangoVersion struct {
	Known  bool
	Major  int
	Minor  int
	Patch  int    // -1 when only a range or series is known
	Raw    string // as written: "Django==3.2.25", "^4.2", ">=4.2,<5.0"
	Source string // "requirements.txt:3"
	// Range is set when only a range is declared: Major.Minor is then the
	// newest series it allows (what an install gets), and FloorMajor.
	// FloorMinor the oldest, which may no longer get security fixes.
	Range      bool
	FloorMajor int
	FloorMinor int
	// FromComment is set when the only source is startproject's docstring
	// ("Generated by 'django-admin startproject' using Django 3.2.25"):
	// what the project was created with, not what it runs. Code writers
	// may stay compatible with it; the checklist judges such a version as
	// unknown (see Checked).
	FromComment bool
}

// Checked is the version the checklist judges: v itself, or unknown (the
// newest series) when it only comes from a comment.
func (v DjangoVersion) Checked() DjangoVersion {
	if v.FromComment {
		return DjangoVersion{Patch: -1}
	}
	return v
}

// Oldest is the oldest series an install of the project can get: the floor
// of a declared range, else v. Code that does not exist in older series
// (an import from django.utils.csp) is safe to write only when Oldest has it.
func (v DjangoVersion) Oldest() DjangoVersion {
	if v.Range && v.FloorMajor > 0 {
		v.Major, v.Minor, v.Patch = v.FloorMajor, v.FloorMinor, -1
	}
	return v
}

// HostingHint is something that says how the site is hosted.
type HostingHint struct {
	Kind   string // "heroku", "fly", "render", "appengine", "digitalocean", "docker", "compose", "nginx", "gunicorn", "railway", "caddy"
	File   string // relative path
	Line   int
	Proxy  bool   // TLS is terminated by a proxy/platform that sets X-Forwarded-Proto
	Detail string // one short sentence for the user
}

// GitFacts are what git says about the project's files.
type GitFacts struct {
	Available      bool            // git binary found and Root inside a work tree
	TopLevel       string          // absolute work tree root
	Tracked        map[string]bool // settings files and env files (relative to Root) -> tracked
	EnvTracked     []string        // env files (.env, .env.*) that git tracks (not .env.example/.sample/.template)
	EnvNotIgnored  []string        // env files present but neither tracked nor ignored
	EnvIgnored     bool            // .env would be ignored
	KeyInHistory   bool            // the literal SECRET_KEY found in settings appears in a past commit
	KeyHistoryNote string          // e.g. "in 3 commits, first 2024-01-02"
	HistorySearch  string          // how far the history search looked, e.g. "searched settings and env files in all 5000 commits"
}

// Problem is something discovery could not read or understand.
type Problem struct {
	File    string
	Line    int
	Message string
	// Blocking is set when Django could not import the settings because of
	// it (a syntax error, binary data, bytes that are not UTF-8).
	Blocking bool
}

// Settings are the effective settings of one module, as Django would see
// them: the chain's assignments in order, then Django's defaults.
type Settings struct {
	Module string
	Values map[string]*Setting
	// Unread lists the modules of the chain djharden could not read (binary
	// data, too large, a template, missing): any value they could set is
	// unknown, so nothing may pass on Values alone.
	Unread []Problem
	// Includes are the files django-split-settings include() calls named,
	// in the order they ran (optional ones that are missing too).
	Includes []Include
}

// Get returns the setting (nil when neither assigned nor a known default).
func (s *Settings) Get(name string) *Setting {
	if s == nil {
		return nil
	}
	return s.Values[name]
}

// Setting is one effective setting.
type Setting struct {
	Name  string
	Value pysource.Value // computed value; Kind Unknown when it depends on something unknown
	Expr  pysource.Expr  // the final assigned expression (nil for a default)

	Default bool // not assigned: Django's global default for the version

	Env         *pysource.EnvRead // the value comes from an environment read
	EnvResolved bool              // that read's value is known: from the env file, or its default
	EnvSet      bool              // the variable is present in the env file
	// EnvDefault is set when the value is the read's default: no env file
	// was given, or the variable is not in it. Findings say "unless VAR is set".
	EnvDefault bool
	// FailClosed is set when the settings refuse to start without the
	// variable (os.environ["X"], env("X") with no default, or a check that
	// raises ImproperlyConfigured when it is missing with DEBUG off).
	FailClosed bool

	// Example is where an example configuration module (MODULE_example,
	// read because MODULE is not in the project) sets the value: the
	// production value is the operator's copy of it.
	Example *Location

	Where       Location   // the final assignment
	History     []Location // every assignment/change, in order
	Conditional bool       // the final value depends on a branch (if/try) we cannot decide
	// Alternatives are the other values the setting has on the paths
	// through an if whose test the evaluator could not decide (a variable
	// without a default, say): Value is the last clause's. Branch is that
	// if. A path that leaves the setting unset gives Django's default.
	Alternatives []pysource.Value
	Branch       *Location
}

// Location is a place in a file, with its source line.
type Location struct {
	File   string // relative to Root, slash-separated
	Line   int
	Col    int
	Source string // the source line, trimmed of its line ending
}
