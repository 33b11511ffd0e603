// Package generator turns a discovered project and the user's answers into
// a Plan of file changes: the hardened settings block, env files, the
// .gitignore entry, and applies it atomically with backups.
package generator

import "io/fs"

// HTTPS modes.
const (
	HTTPSProxy  = "proxy"  // a TLS-terminating proxy or platform sets X-Forwarded-Proto
	HTTPSDirect = "direct" // Django's server is reached over HTTPS with no such proxy
	HTTPSNone   = "none"   // no HTTPS yet
)

// HSTS stages.
const (
	HSTSOff     = "off"
	HSTSTrial   = "trial"   // 3600 s
	HSTSYear    = "year"    // 31536000 s
	HSTSPreload = "preload" // a year + includeSubDomains + preload
)

// Answers are the user's choices.
type Answers struct {
	Domains        []string // as typed; see NormalizeDomains
	HTTPS          string   // HTTPSProxy, HTTPSDirect, HTTPSNone
	HSTS           string   // HSTSOff ... HSTSPreload
	HSTSSubdomains bool     // every subdomain is served over HTTPS
	EnvStyle       string   // "auto", "os", "environ", "decouple"
	Settings       string   // settings module to write into ("" = the one discovery chose)
	EnvFile        string   // filled env file, relative to the project root ("" = ".env")
	Key            string   // the new secret key ("" = generate one)
	RotateKey      bool     // keep the old literal key as SECRET_KEY_FALLBACKS (4.1+)
	Static         string   // how static files are served: StaticWhiteNoise, StaticServer, StaticSkip ("" = skip)
	// Keep lists checklist items the user chose to leave as they are (the
	// wizard's "skip"): their settings are not written. debug, secret-key
	// and allowed-hosts are the heart of the block and are always written.
	Keep []string
}

// alwaysWritten are the items every hardened block sets, kept or not.
var alwaysWritten = map[string]bool{"debug": true, "secret-key": true, "allowed-hosts": true}

// AlwaysWritten reports whether an item is part of every hardened block
// (Answers.Keep cannot leave it out).
func AlwaysWritten(item string) bool { return alwaysWritten[item] }

// FileChange is one file the plan writes.
type FileChange struct {
	Path      string      // relative to the project root, slash-separated
	Old       []byte      // nil when the file does not exist yet
	New       []byte      //
	Mode      fs.FileMode // mode to create with / keep
	Sensitive bool        // holds secrets: diffs mask its values
	Why       string      // one line for the user: "hardened settings block", "new secret key and values"
}

// Plan is what apply would write.
type Plan struct {
	Root    string
	Answers Answers
	Changes []FileChange
	Notes   []string // things to tell the user (normalised domains, rotate the committed key, ...)

	secrets []string        // values Diff and errors must never show (masked)
	public  map[string]bool // env variables whose values are not secret (shown in diffs)
	key     string          // the secret key the env file will hold
}

// SecretKey returns the key the plan writes to the env file. Show it only
// when the user asks (the wizard's reveal); everywhere else use Mask.
func (pl *Plan) SecretKey() string {
	if pl == nil {
		return ""
	}
	return pl.key
}

// Applied is what an apply (or an undo) wrote.
type Applied struct {
	BackupDir string   // absolute path of the backup of this apply
	Files     []string // files written, created or removed, relative to the root
	Warnings  []string // what the user must know, e.g. that undo will not trust this backup
}
