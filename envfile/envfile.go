// Package envfile reads and edits .env files the way Python projects use
// them (python-dotenv, django-environ, python-decouple): a tolerant line
// parser that keeps line numbers and never fails the whole file, and an
// editor that changes one line at a time and keeps every other byte.
package envfile

// Line is one line of an env file.
type Line struct {
	Num     int    // 1-based
	Raw     string // the line as written, without its line ending
	Key     string // "" for blank lines, comments and lines that could not be parsed
	Value   string // the value as the libraries would read it
	Export  bool   // "export KEY=..."
	Problem string // why a non-blank, non-comment line was not understood
}

// File is a parsed env file.
type File struct {
	Lines []Line
	CRLF  bool
}

// Parse reads data; it never fails.
func Parse(data []byte) *File { panic("todo") }

// Values returns the variables (a later line wins, as in python-dotenv).
func (f *File) Values() map[string]string { panic("todo") }

// Keys returns the variable names in file order, without repeats.
func (f *File) Keys() []string { panic("todo") }
