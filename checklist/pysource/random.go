package pysource

import "strings"

// randomFuncs make a new random value each time they run: a SECRET_KEY
// built from one is strong, but a new one is drawn at every start and in
// every worker process.
var randomFuncs = []string{
	"get_random_secret_key", "get_random_string", "token_urlsafe", "token_hex", "token_bytes",
	"urandom", "uuid4", "SystemRandom", "randbytes", "getrandbits",
}

// RandomCall returns the random generator e calls ("secrets.token_urlsafe"),
// or "" when it calls none.
func RandomCall(e Expr) string {
	found := ""
	Inspect(e, func(x Expr) bool {
		if found != "" {
			return false
		}
		switch x := x.(type) {
		case *Call:
			name := DottedName(x.Func)
			last := name[strings.LastIndexByte(name, '.')+1:]
			for _, f := range randomFuncs {
				if last == f {
					found = name
				}
			}
		case *Bad: // "".join(random.SystemRandom().choice(...) for i in range(50))
			for _, f := range randomFuncs {
				if strings.Contains(x.Text, f+"(") {
					found = f
				}
			}
		}
		return found == ""
	})
	return found
}
