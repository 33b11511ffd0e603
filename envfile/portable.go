package envfile

import (
	"fmt"
	"regexp"
)

// portableLine is the one form every reader takes: NAME=value, nothing
// before the name, no blank around '=', no trailing blank. django-environ
// reads only lines that start with the name and '=' (it keeps blanks after
// '=' in the value); python-decouple does not know "export".
var portableLine = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=(?:[^ \t].*[^ \t]|[^ \t])?$`)

// Unportable says which readers do not read line l as python-dotenv does
// ("" when all read it alike).
func (l Line) Unportable() string {
	if l.Key == "" {
		return ""
	}
	raw := l.Raw
	if l.Num == 1 && len(raw) >= len(utf8BOM) && raw[:len(utf8BOM)] == utf8BOM {
		raw = raw[len(utf8BOM):]
	}
	if portableLine.MatchString(raw) {
		return ""
	}
	if l.Export {
		return fmt.Sprintf("django-environ and python-decouple do not read %q: they need %s=... without \"export\"", "export "+l.Key+"=...", l.Key)
	}
	return fmt.Sprintf("django-environ does not read %s the way the others do (blanks before the name, around '=' or at the end): write %s=value", l.Key, l.Key)
}

// MakePortable rewrites every line Unportable flags in the form all
// readers take, keeping its value, and returns the numbers of the lines it
// rewrote and of those it could not (a value Format cannot write safely).
func (f *File) MakePortable() (rewritten, left []int) {
	for i := range f.Lines {
		l := &f.Lines[i]
		if l.Unportable() == "" {
			continue
		}
		formatted, err := Format(l.Value)
		if err != nil || !validKey(l.Key) {
			left = append(left, l.Num)
			continue
		}
		prefix := ""
		if i == 0 && f.BOM {
			prefix = utf8BOM
		}
		l.Raw = prefix + l.Key + "=" + formatted
		l.Export = false
		rewritten = append(rewritten, l.Num)
	}
	return rewritten, left
}
