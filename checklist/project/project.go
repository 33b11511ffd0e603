// Package project finds a Django project on disk and works out what
// Django would see: the settings module in use, its effective settings,
// the Django version, how it reads the environment, where it is hosted and
// what git knows. It reads files and asks git; it never writes.
package project

import (
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

// SourceFile is a parsed Python file of the project.
type SourceFile struct {
	Path   string // relative to Root, slash-separated
	Module *pysource.Module
	CRLF   bool
	BOM    bool
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
}

// HostingHint is something that says how the site is hosted.
type HostingHint struct {
	Kind   string // "heroku", "fly", "render", "appengine", "docker", "compose", "nginx", "gunicorn", "railway", "caddy"
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
	EnvResolved bool              // that read was resolved from the env file
	EnvSet      bool              // the variable is present in the env file

	Where       Location   // the final assignment
	History     []Location // every assignment/change, in order
	Conditional bool       // the final value depends on a branch (if/try) we cannot decide
}

// Location is a place in a file, with its source line.
type Location struct {
	File   string // relative to Root, slash-separated
	Line   int
	Col    int
	Source string // the source line, trimmed of its line ending
}
