package pysource

import (
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/runenames"
)

var (
	runeNamesOnce sync.Once
	runeByName    map[string]rune
)

// lookupRuneName resolves the name of a \N{...} escape, case-insensitively
// as Python does. The table is built on first use only: most files never
// need it.
func lookupRuneName(name string) (rune, bool) {
	name = strings.ToUpper(strings.TrimSpace(name))
	if hex, ok := strings.CutPrefix(name, "CJK UNIFIED IDEOGRAPH-"); ok {
		n, err := strconv.ParseUint(hex, 16, 32)
		return rune(n), err == nil && (len(hex) == 4 || len(hex) == 5)
	}
	runeNamesOnce.Do(func() {
		runeByName = make(map[string]rune, 40000)
		for r := rune(0); r <= 0x10FFFF; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			if n := runenames.Name(r); n != "" && n[0] != '<' {
				runeByName[n] = r
			}
		}
	})
	r, ok := runeByName[name]
	return r, ok
}
