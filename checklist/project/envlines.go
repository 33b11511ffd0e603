package project

import (
	"path/filepath"

	"github.com/djharden/djharden/envfile"
)

// flagUnportableEnvLines notes the lines of the env file that the
// project's env library does not read as python-dotenv does (an "export"
// prefix for django-environ and python-decouple, blanks around '=' for
// django-environ), and drops their values from EnvValues: a value Django
// will never see must not make a check pass.
func (p *Project) flagUnportableEnvLines() {
	if p.EnvFile == "" || (p.EnvStyle != "environ" && p.EnvStyle != "decouple") {
		return
	}
	path := p.EnvFile
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.Root, filepath.FromSlash(path))
	}
	data, err := readSmallFile(path, maxConfigSize)
	if err != nil {
		return
	}
	f := envfile.Parse(data)
	last := map[string]envfile.Line{}
	for _, l := range f.Lines {
		if l.Key != "" {
			last[l.Key] = l
		}
	}
	for _, l := range f.Lines {
		why := l.Unportable()
		if why == "" || (p.EnvStyle == "decouple" && !l.Export) {
			continue
		}
		p.Problems = append(p.Problems, Problem{File: p.EnvFile, Line: l.Num, Message: why + " (djharden apply rewrites it)"})
		if last[l.Key].Num == l.Num {
			delete(p.EnvValues, l.Key)
		}
	}
}
