package pysource

// ValueKind is the Python type of a computed Value.
type ValueKind uint8

const (
	Unknown ValueKind = iota // not computable statically
	NoneVal
	BoolVal
	IntVal
	FloatVal
	StrVal
	BytesVal
	ListVal
	TupleVal
	SetVal
	DictVal
)

// Value is a Python value computed without running code. Ints that do not
// fit in int64 are Unknown.
type Value struct {
	Kind  ValueKind
	Bool  bool
	Int   int64
	Float float64
	Str   string  // StrVal and BytesVal
	Items []Value // ListVal, TupleVal, SetVal (in source order), DictVal values
	Keys  []Value // DictVal keys, parallel to Items
}

// EnvRead describes an expression that reads an environment variable.
type EnvRead struct {
	Var        string // the variable name, e.g. "DJANGO_DEBUG"
	Library    string // "os", "environ" (django-environ), "decouple", "custom" (a project helper)
	Func       string // how it was called, as written: "os.environ.get", "env.bool", "config", "get_env"
	Cast       string // the type the code turns it into: "" (raw string), "bool", "int", "float", "list", "tuple", "dict", "json", "url", "path", "str", "csv", "literal" (ast.literal_eval)
	HasDefault bool   // a default is given
	Default    Expr   // the default expression, when HasDefault
	Required   bool   // reading fails when the variable is unset (os.environ[...], env("X") with no default and no scheme default)
	// TruthyString is set when a raw string is used as a boolean-like value:
	// bool(os.environ.get(...)) or os.getenv("DEBUG") with no cast, so "False" is truthy.
	TruthyString bool
	// CompareTrue is set for patterns like os.environ.get("X", "") .lower() == "true"
	// or in ("1", "true", "yes"): the read is a correct bool parse; TrueWords lists the accepted words.
	CompareTrue bool
	TrueWords   []string
	// FalseWords is set for negated comparisons, os.environ.get("X", "") != "False"
	// or .lower() not in ("0", "false", "no"): the value is true unless the
	// string is one of these words (an empty or unset variable counts as true).
	FalseWords []string
	// OrFallback is set for READ or DEFAULT: a variable that is set but
	// gives a falsy value (an empty string) yields the default too.
	OrFallback bool
	At         Pos
}

// EnvContext is what a module tells about how it reads the environment:
// which names are django-environ Env objects (with their schemes), which are
// decouple's config, and which local helpers wrap os.environ.
type EnvContext struct {
	EnvObjects map[string]map[string]EnvScheme // name of an environ.Env() object -> scheme: var -> (cast, default)
	Config     map[string]bool                 // names bound to decouple's config / AutoConfig instances
	Helpers    map[string]EnvHelper            // local functions that read the environment

	OSModules map[string]bool // names bound to the os module ("os", "import os as o")
	Environ   map[string]bool // names bound to os.environ ("from os import environ", "E = os.environ")
	Getenv    map[string]bool // names bound to os.getenv ("from os import getenv")
	Decouple  map[string]bool // names bound to the decouple module ("import decouple": decouple.config(...))
}

// EnvScheme is one entry of environ.Env(VAR=(cast, default)).
type EnvScheme struct {
	Cast       string
	HasDefault bool
	Default    Expr
}

// EnvHelper is a project function recognised as reading the environment,
// e.g. def env_bool(name, default=False): return os.environ.get(name, ...).lower() == "true".
type EnvHelper struct {
	Name string
	Cast string // "bool" when it parses booleans correctly, "" when it returns the raw string

	Library      string   // library of the read inside: "os", "environ", "decouple"
	Var          string   // the variable when the helper reads a fixed one (def debug(): return os.environ.get("DEBUG"))
	VarParam     int      // index of the parameter holding the variable name, -1 for a fixed Var
	DefaultParam int      // index of the parameter used as the default, -1 if none
	Default      Expr     // the default the helper itself applies when DefaultParam is -1 (nil if none)
	Params       []Param  // the helper's parameters (for defaults of omitted arguments)
	Required     bool     // the read inside fails when the variable is unset
	CompareTrue  bool     // the helper parses booleans by comparing with TrueWords
	TrueWords    []string // see EnvRead.TrueWords
	TruthyString bool     // the helper returns bool(raw string)
	FalseWords   []string // see EnvRead.FalseWords
	At           Pos      // position of the def
}
