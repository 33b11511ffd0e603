package checklist

// Report is the outcome of running the checklist on a project.
// Its JSON form is a contract (see DESIGN.md): fields may be added, never renamed.
type Report struct {
	SchemaVersion int         `json:"schema_version"`
	Project       ProjectInfo `json:"project"`
	Summary       Summary     `json:"summary"`
	Findings      []Finding   `json:"findings"`
	// Django is the real `manage.py check --deploy` run, when asked for.
	Django *DjangoRun `json:"django_check,omitempty"`
	// Scan summarises the code scan (sites are in the sql-injection, xss and csrf findings).
	Scan *ScanSummary `json:"scan,omitempty"`
	// Notes say what discovery could not read or found odd: a settings file
	// Python could not parse, a --settings module that does not exist, ...
	Notes []Note `json:"notes,omitempty"`
}

// Note is one thing discovery could not read or found odd.
type Note struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// ProjectInfo says what was inspected.
type ProjectInfo struct {
	Root           string   `json:"root"`
	SettingsModule string   `json:"settings_module"`
	SettingsFiles  []string `json:"settings_files"`
	DjangoVersion  string   `json:"django_version"`
	EnvStyle       string   `json:"env_style"`
	SettingsReason string   `json:"settings_reason,omitempty"`
	EnvFile        string   `json:"env_file,omitempty"`
	// GitHistory says how far the search of git history for the secret key
	// looked, e.g. "searched Python, env and config files in all 5000 commits
	// of every branch and tag" (empty when there was no key to look for).
	GitHistory string `json:"git_history,omitempty"`
}

// Summary counts findings by status.
type Summary struct {
	Pass     int `json:"pass"`
	Warn     int `json:"warn"`
	Fail     int `json:"fail"`
	Unknown  int `json:"unknown"`
	Skip     int `json:"skip"`
	Accepted int `json:"accepted"`
}

// DjangoRun is the result of running Django's own deploy checks.
type DjangoRun struct {
	Python   string   `json:"python"`
	Command  string   `json:"command"`
	IDs      []string `json:"ids"`             // check IDs Django reported, sorted
	OK       bool     `json:"ok"`              // Django ran and reported no issues
	Error    string   `json:"error,omitempty"` // why it could not run (settings import failed, timeout, ...)
	Output   string   `json:"output,omitempty"`
	Duration string   `json:"duration,omitempty"`
}

// ScanSummary counts what the code scan saw.
type ScanSummary struct {
	Files    int            `json:"files"`
	Sites    int            `json:"sites"`
	Silenced int            `json:"silenced"`
	Hidden   map[string]int `json:"hidden_in_tests,omitempty"`
}

// Score counts the items that are hardened (passed, or declined on
// purpose with a recorded reason) out of the items that apply (all but skipped).
func (r *Report) Score() (hardened, total int) {
	for _, f := range r.Findings {
		switch f.Status {
		case Skip:
			continue
		case Pass, Accepted:
			hardened++
		}
		total++
	}
	return hardened, total
}

// Tally counts findings by status.
func Tally(findings []Finding) Summary {
	var s Summary
	for _, f := range findings {
		switch f.Status {
		case Pass:
			s.Pass++
		case Warn:
			s.Warn++
		case Fail:
			s.Fail++
		case Unknown:
			s.Unknown++
		case Skip:
			s.Skip++
		case Accepted:
			s.Accepted++
		}
	}
	return s
}

// Icon is the one-character mark of a status, the same in every view.
func Icon(s Status) string {
	switch s {
	case Pass:
		return "✓"
	case Warn:
		return "!"
	case Fail:
		return "✗"
	case Unknown:
		return "?"
	case Skip:
		return "-"
	case Accepted:
		return "◆"
	}
	return " "
}
