// Package scan walks a source tree concurrently and reports risky code:
// raw SQL built from strings, escaping turned off, CSRF exemptions.
package scan

// Options tune a scan.
type Options struct {
	IncludeTests bool // list findings in tests and migrations instead of only counting them
	Workers      int  // 0 = runtime.NumCPU()
}

// Site is one risky place in the code.
type Site struct {
	Rule    string // stable rule ID, e.g. "sql-fstring" (see Rules)
	Item    string // checklist item it feeds: "sql-injection", "xss", "csrf"
	File    string // relative to the scanned root, slash-separated
	Line    int
	Col     int
	Source  string // the source line, trimmed
	Message string // why this one matters, e.g. "f-string with `user_id` flows into cursor.execute"
	Review  bool   // a "review" note, not a problem (e.g. .extra() with constants)
}

// Result is the outcome of a scan.
type Result struct {
	Root     string
	Sites    []Site         // sorted by file, line, column
	Silenced int            // sites silenced by "djharden: ignore[RULE]"
	Hidden   map[string]int // rule -> sites in tests/migrations counted but not listed
	Files    int            // files scanned
	Skipped  []string       // files that could not be read, with reason ("path: reason")
}

// Rule describes one scan rule.
type Rule struct {
	ID     string
	Item   string
	Title  string
	Lesson string
	Safe   string // the safe way to write it
	Docs   string
}

// Rules lists every rule in a stable order.
func Rules() []Rule { panic("todo") }

// Dir scans root.
func Dir(root string, opts Options) (*Result, error) { panic("todo") }
