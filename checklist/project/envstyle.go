package project

import (
	"sort"
	"strings"
)

// detectEnvStyle works out how the settings chain reads the environment:
// the library of the env reads behind effective settings (the most used
// wins), else the env library the chain imports, else plain os. It also
// lists the loaders that fill the environment from a file, and which
// variable each setting reads.
func (p *Project) detectEnvStyle() {
	imported := map[string]bool{}
	loaders := map[string]bool{}
	for _, rel := range p.SettingsFiles {
		sf, err := p.Source(rel)
		if err != nil || sf == nil {
			continue
		}
		for _, imp := range sf.Outline().Imports {
			switch top := strings.Split(imp.Module, ".")[0]; top {
			case "environ", "decouple":
				imported[top] = true
			}
		}
		for name := range sf.Outline().Calls {
			switch last := name[strings.LastIndexByte(name, '.')+1:]; {
			case last == "load_dotenv" || last == "dotenv_values":
				loaders["dotenv"] = true
			case last == "read_env":
				loaders["environ.read_env"] = true
			case last == "RepositoryEnv" || last == "AutoConfig":
				loaders["decouple"] = true
			}
		}
	}
	for l := range loaders {
		p.EnvLoaders = append(p.EnvLoaders, l)
	}
	sort.Strings(p.EnvLoaders)

	counts := map[string]int{}
	p.EnvNames = map[string]string{}
	if p.Settings != nil {
		for name, s := range p.Settings.Values {
			if s == nil || s.Default || s.Env == nil {
				continue
			}
			p.EnvNames[name] = s.Env.Var
			lib := s.Env.Library
			if lib == "custom" || lib == "" {
				lib = "os" // project helpers wrap os.environ
			}
			counts[lib]++
		}
	}
	p.EnvStyle = "os"
	best := 0
	for _, lib := range []string{"environ", "decouple", "os"} { // ties go to the library, which needs a dependency the project already has
		if counts[lib] > best {
			p.EnvStyle, best = lib, counts[lib]
		}
	}
	if best == 0 {
		switch {
		case imported["environ"]:
			p.EnvStyle = "environ"
		case imported["decouple"]:
			p.EnvStyle = "decouple"
		}
	}
}
