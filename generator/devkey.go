package generator

// devKeyPrefix marks the development-only key: Django's own deploy check
// (security.W009) and the block's guard refuse any key starting with it.
const devKeyPrefix = "django-insecure-"

// devKeyComment ends a line where a literal key was replaced by a read
// with the development-only fallback.
const devKeyComment = "# djharden: development-only key while the variable is unset; production refuses it"

// devKeyExpr is the Python expression of the development-only key, with
// string quote q: derived from the settings file's path, so every process
// of a checkout (runserver and its autoreloader, a shell, the tests) gets
// the same key and sessions survive restarts, while no key is written in
// the code. It starts with django-insecure-, which production refuses.
func devKeyExpr(q string) string {
	return q + devKeyPrefix + q + " + hashlib.sha256(__file__.encode()).hexdigest()"
}
