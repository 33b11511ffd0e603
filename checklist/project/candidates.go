package project

import (
	"path"
	"sort"
	"strconv"
	"strings"
)

// collectRefs reads every file of the index that may name
// DJANGO_SETTINGS_MODULE and returns what they name, in index order.
func (p *Project) collectRefs(idx fileIndex) []settingsRef {
	var refs []settingsRef
	for _, rel := range idx.Files {
		kind, ok := refKindOf(rel)
		if !ok {
			continue
		}
		// Only Python entry points inside the project count; one in a
		// parent directory belongs to something else.
		if strings.HasPrefix(rel, "../") && strings.HasSuffix(rel, ".py") {
			continue
		}
		data, err := p.readRel(rel, maxConfigSize)
		if err != nil {
			continue
		}
		if kind == refHosting && hostingFileKind(rel) == "compose" && composeIsLocal(rel, splitLines(data)) {
			kind = refLocal
		}
		refs = append(refs, findRefs(rel, kind, data)...)
	}
	return refs
}

// settingsFileModules lists the modules of files that look like settings:
// settings.py, settings/__init__.py and settings/*.py.
func (p *Project) settingsFileModules(idx fileIndex) []string {
	var mods []string
	for _, rel := range idx.Files {
		if strings.HasPrefix(rel, "../") || !strings.HasSuffix(rel, ".py") {
			continue
		}
		if path.Base(rel) != "settings.py" && path.Base(path.Dir(rel)) != "settings" {
			continue
		}
		if m := p.ModuleName(rel); m != "" {
			mods = append(mods, m)
		}
	}
	return mods
}

// productionWords mark a settings module meant for production.
var productionWords = map[string]bool{
	"prod": true, "production": true, "live": true, "deploy": true, "deployment": true, "prd": true,
}

// looksProduction reports whether the last part of a module's name says
// production: "production", "prod", "settings_prod", "live".
func looksProduction(module string) bool {
	last := strings.ToLower(module[strings.LastIndexByte(module, '.')+1:])
	for _, word := range strings.FieldsFunc(last, func(r rune) bool { return r == '_' || r == '-' }) {
		if productionWords[word] {
			return true
		}
	}
	return false
}

// buildCandidates merges references and settings-looking files into
// candidates; references to modules with no file become Problems.
func (p *Project) buildCandidates(refs []settingsRef, fileModules []string) ([]SettingsCandidate, map[string][]settingsRef) {
	byModule := map[string][]settingsRef{}
	var order []string
	for _, r := range refs {
		if _, seen := byModule[r.Module]; !seen {
			order = append(order, r.Module)
		}
		byModule[r.Module] = append(byModule[r.Module], r)
	}
	for _, m := range fileModules {
		if _, seen := byModule[m]; !seen {
			order = append(order, m)
			byModule[m] = nil
		}
	}
	var cands []SettingsCandidate
	for _, m := range order {
		file, ok := p.ModuleFile(m)
		if !ok {
			for _, r := range byModule[m] {
				p.Problems = append(p.Problems, Problem{File: r.File, Line: r.Line,
					Message: "DJANGO_SETTINGS_MODULE names " + m + ", but no such module is in the project"})
			}
			continue
		}
		c := SettingsCandidate{Module: m, File: file, Production: looksProduction(m)}
		for _, r := range byModule[m] {
			c.Sources = append(c.Sources, r.Where())
			if r.Kind == refHosting {
				c.Production = true
			}
		}
		cands = append(cands, c)
	}
	return cands, byModule
}

// chooseSettings picks the settings module and says why, following the
// order: --settings; a production-named module that the server or hosting
// points at; a production-named module; wsgi.py's; manage.py's; the only
// or first settings file.
func chooseSettings(cands []SettingsCandidate, refs map[string][]settingsRef) (module, reason string) {
	kindsOf := func(m string) map[refKind][]settingsRef {
		k := map[refKind][]settingsRef{}
		for _, r := range refs[m] {
			k[r.Kind] = append(k[r.Kind], r)
		}
		return k
	}
	// A production-named module the server or a hosting file points at.
	for _, c := range cands {
		k := kindsOf(c.Module)
		if looksProduction(c.Module) && (len(k[refWSGI]) > 0 || len(k[refHosting]) > 0) {
			return c.Module, sayFiles(append(k[refHosting], k[refWSGI]...), "sets", "set") + " it and its name says production"
		}
	}
	// A module a hosting file points at (its name does not say production,
	// but that is where the site runs).
	for _, c := range cands {
		if k := kindsOf(c.Module); len(k[refHosting]) > 0 {
			return c.Module, sayFiles(k[refHosting], "sets", "set") + " it for the deployed site"
		}
	}
	for _, c := range cands {
		if looksProduction(c.Module) {
			return c.Module, "its name says production"
		}
	}
	for _, kind := range []refKind{refWSGI, refManage} {
		for _, c := range cands {
			k := kindsOf(c.Module)
			if len(k[kind]) == 0 {
				continue
			}
			users := append(append([]settingsRef{}, k[refManage]...), k[refWSGI]...)
			return c.Module, "the module " + sayFiles(users, "uses", "use")
		}
	}
	if len(cands) == 1 {
		return cands[0].Module, "the only settings module found"
	}
	if len(cands) > 0 {
		// Nothing names one (the environment will, as BabyBuddy's .env
		// does): judge the module the others build on, else the first that
		// is not a package's __init__.py (usually empty next to its modules).
		pick, why := -1, "the module the others build on"
		for i, c := range cands {
			last := c.Module[strings.LastIndexByte(c.Module, '.')+1:]
			if last == "base" || last == "common" || last == "defaults" {
				pick = i
				break
			}
		}
		for i, c := range cands {
			if pick < 0 && path.Base(c.File) != "__init__.py" {
				pick, why = i, "the first settings module found"
			}
		}
		if pick < 0 {
			pick, why = 0, "the first settings module found"
		}
		return cands[pick].Module, "none is named in manage.py, wsgi.py or hosting files (the environment must set DJANGO_SETTINGS_MODULE), so this is " + why + "; name the production one with --settings"
	}
	return "", ""
}

// sayFiles joins the distinct file names of refs in a sentence with the
// verb agreeing: "Procfile sets", "manage.py and wsgi.py use".
func sayFiles(refs []settingsRef, one, many string) string {
	var names []string
	seen := map[string]bool{}
	for _, r := range refs {
		n := path.Base(r.File)
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	switch len(names) {
	case 0:
		return "nothing " + one
	case 1:
		return names[0] + " " + one
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " " + many
}

// otherCandidates lists, for the reason, the settings modules not chosen
// that something names or that look like production, and what names them: "x.docker (docker-compose.yml:9, local
// development)". At most four, then a count.
func otherCandidates(cands []SettingsCandidate, refs map[string][]settingsRef, chosen string) string {
	var parts []string
	for _, c := range cands {
		if c.Module == chosen || (len(refs[c.Module]) == 0 && !c.Production) {
			continue // a base module nothing names is part of a chain, not a choice
		}
		var where []string
		local := false
		for _, r := range refs[c.Module] {
			where = append(where, r.Where())
			local = local || r.Kind == refLocal
		}
		if local {
			where = append(where, "local development")
		}
		part := c.Module
		if len(where) > 0 {
			part += " (" + strings.Join(where, ", ") + ")"
		}
		parts = append(parts, part)
	}
	if len(parts) > 4 {
		parts = append(parts[:4], strconv.Itoa(len(parts)-4)+" more")
	}
	return strings.Join(parts, ", ")
}
