package project

import (
	"regexp"
	"strconv"
	"strings"
)

// versionDecl is one place that says which Django the project uses.
type versionDecl struct {
	Version DjangoVersion
	Rank    int // lower wins: see the rank constants
}

// Ranks of version sources: an exact lock or installed version beats an
// exact pin, which beats a range, which beats the startproject header.
const (
	rankLock = iota
	rankInstalled
	rankPinned
	rankRange
	rankHeader
	rankNone // named without a usable version: only better than nothing
)

var (
	versionRe = regexp.MustCompile(`^v?(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?`)
	// A PEP 508 requirement for Django: name, optional extras, then the specifiers.
	pep508Django = regexp.MustCompile(`(?i)^\s*django\s*(\[[^\]]*\])?\s*(\(?[^;#]*?\)?)\s*(;.*)?$`)
)

// parseSpec turns a version specifier into a version: "==4.2.1" is exact;
// a range ("~=4.2", ">=4.2,<5.0", "^4.2", "~4.2", "4.2.*") is judged as
// the newest series it allows (what an install gets), no newer than
// LatestSeries, with Patch -1 and its floor in FloorMajor/FloorMinor. An
// upper bound alone, "*" or nothing says nothing. bareExact makes a bare
// "4.2.1" exact (Poetry's meaning).
func parseSpec(spec string, bareExact bool) (v DjangoVersion, pinned bool) {
	spec = strings.TrimSpace(strings.Trim(strings.TrimSpace(spec), "()"))
	v.Raw = spec
	v.Patch = -1
	best := [3]int{-1, -1, -1}
	upper := [2]int{-1, -1} // newest series allowed by the upper bounds (-1: none)
	bound := func(series [2]int) {
		if upper[0] < 0 || series[0] < upper[0] || (series[0] == upper[0] && series[1] < upper[1]) {
			upper = series
		}
	}
	for _, clause := range strings.Split(spec, ",") {
		clause = strings.TrimSpace(clause)
		op := ""
		for _, candidate := range []string{"===", "==", "~=", ">=", "<=", "!=", "^", "~", ">", "<"} {
			if strings.HasPrefix(clause, candidate) {
				op = candidate
				break
			}
		}
		rest := strings.TrimSpace(clause[len(op):])
		if op == "" {
			if !bareExact || rest == "" || rest == "*" {
				continue
			}
			op = "=="
		}
		m := versionRe.FindStringSubmatch(rest)
		if m == nil || op == "!=" {
			continue // exclusions do not give the series
		}
		parts := [3]int{atoiOr(m[1], -1), atoiOr(m[2], -1), atoiOr(m[3], -1)}
		if parts[0] < 0 {
			continue // not a number we believe
		}
		minorGiven := m[2] != "" && m[2] != "*"
		if parts[1] < 0 {
			parts[1] = 0 // "^4" and ">=4" allow 4.0
		}
		switch op {
		case "<":
			// <6.2 allows 6.1; <5.0 (or <5) allows 4.2; <4.2.3 allows 4.2.
			if parts[2] > 0 {
				bound([2]int{parts[0], parts[1]})
			} else {
				bound(previousSeries(parts[0], parts[1]))
			}
			continue
		case "<=":
			bound([2]int{parts[0], parts[1]})
			continue
		case "~=":
			if m[3] != "" && m[3] != "*" {
				bound([2]int{parts[0], parts[1]}) // ~=4.2.3 is <4.3
			} else {
				bound(previousSeries(parts[0]+1, 0)) // ~=4.2 is <5.0
			}
		case "^":
			bound(previousSeries(parts[0]+1, 0))
		case "~":
			if minorGiven {
				bound([2]int{parts[0], parts[1]})
			} else {
				bound(previousSeries(parts[0]+1, 0))
			}
		case "==", "===":
			if !minorGiven || m[3] == "*" {
				// ==4.* / ==4.2.* : a series wildcard.
				if minorGiven {
					bound([2]int{parts[0], parts[1]})
				} else {
					bound(previousSeries(parts[0]+1, 0))
				}
			}
		}
		exact := (op == "==" || op == "===") && m[3] != "" && m[3] != "*" && len(m[0]) == len(rest)
		if exact {
			// An exact pin settles it, whatever else is listed.
			return DjangoVersion{Known: true, Major: parts[0], Minor: parts[1], Patch: parts[2], Raw: v.Raw}, true
		}
		if op == "==" && minorGiven && m[3] == "" && len(m[0]) == len(rest) {
			// "==4.2" means exactly 4.2.0 to pip.
			return DjangoVersion{Known: true, Major: parts[0], Minor: parts[1], Patch: 0, Raw: v.Raw}, true
		}
		if best[0] < 0 || parts[0] < best[0] || (parts[0] == best[0] && parts[1] < best[1]) {
			best = parts
		}
	}
	if best[0] < 0 {
		return v, false
	}
	newest := LatestSeries
	if upper[0] >= 0 && (upper[0] < newest[0] || (upper[0] == newest[0] && upper[1] < newest[1])) {
		newest = upper
	}
	if newest[0] < best[0] || (newest[0] == best[0] && newest[1] < best[1]) {
		newest = [2]int{best[0], best[1]} // a floor past what djharden knows
	}
	v.Known, v.Major, v.Minor = true, newest[0], newest[1]
	v.Range, v.FloorMajor, v.FloorMinor = true, best[0], best[1]
	return v, false
}

// previousSeries is the Django series before major.minor: each major
// since 2.0 has .0, .1 and .2 (the LTS), so 5.0 follows 4.2.
func previousSeries(major, minor int) [2]int {
	if minor > 0 {
		return [2]int{major, minor - 1}
	}
	return [2]int{major - 1, 2}
}

// atoiOr parses a small decimal number, returning def for "" or "*".
func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n > 1000 {
		return def
	}
	return n
}

// parseRequirement reads one PEP 508 line ("Django[argon2]>=4.2,<5.0;
// python_version>'3.8'") and says whether it is Django's.
func parseRequirement(line string) (DjangoVersion, bool, bool) {
	line = strings.TrimSpace(line)
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	if i := strings.Index(line, " --"); i >= 0 {
		line = line[:i] // --hash=... and other per-requirement options
	}
	m := pep508Django.FindStringSubmatch(line)
	if m == nil {
		return DjangoVersion{}, false, false
	}
	spec := strings.TrimSpace(m[2])
	if spec != "" && !strings.ContainsAny(spec[:1], "=<>!~(") {
		return DjangoVersion{}, false, false // "django-environ" and friends
	}
	v, pinned := parseSpec(spec, false)
	v.Raw = strings.TrimSpace(line)
	return v, pinned, true
}

// declFor ranks a parsed version.
func declFor(v DjangoVersion, pinned bool, source string, exactRank int) versionDecl {
	v.Source = source
	switch {
	case pinned:
		return versionDecl{Version: v, Rank: exactRank}
	case v.Known:
		return versionDecl{Version: v, Rank: rankRange}
	}
	return versionDecl{Version: v, Rank: rankNone}
}
